import Foundation

/// Files that appear whole or not at all, and never over another: written under a temporary name
/// beside their place, synced, then linked to their name. Linking fails when the name is taken,
/// where renaming would silently replace what is there.
public enum NewFile {
    /// A hidden name in the same folder as `path` (so linking or renaming it there stays on one file
    /// system), unique to this run.
    public static func temporaryPath(beside path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp").path
    }

    /// Creates `path`, which must not exist, with `mode` from the first moment (the umask aside), for writing.
    public static func create(_ path: String, mode: mode_t = 0o600) throws -> FileHandle {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, mode)
        guard descriptor >= 0 else { throw failure(path) }
        // The umask may have narrowed `mode`; a public key file is meant to be readable by others.
        fchmod(descriptor, mode)
        return FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }

    /// Gives the synced file at `temporary` the name `path`, refusing a name that is taken, and
    /// removes the temporary name.
    public static func publish(_ temporary: String, as path: String) throws {
        try sync(temporary)
        guard link(temporary, path) == 0 else {
            let problem = errno == EEXIST ? BackupProblem.fileExists(path: path) : failure(path)
            unlink(temporary)
            throw problem
        }
        unlink(temporary)
        syncFolder(of: path)
    }

    /// Writes `data` as a new file at `path`, whole or not at all.
    public static func write(_ data: Data, to path: String, mode: mode_t) throws {
        let temporary = temporaryPath(beside: path)
        do {
            let handle = try create(temporary, mode: mode)
            try handle.write(contentsOf: data)
            try handle.close()
            try publish(temporary, as: path)
        } catch {
            unlink(temporary)
            throw error
        }
    }

    /// Flushes a file to disk: SQLite does not for what `VACUUM INTO` writes.
    public static func sync(_ path: String) throws {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw failure(path) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw failure(path) }
    }

    /// Flushes the folder, so the new name survives a power cut too. Best effort: not every file
    /// system lets a folder be synced.
    public static func syncFolder(of path: String) {
        let descriptor = open(URL(fileURLWithPath: path).deletingLastPathComponent().path, O_RDONLY)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    /// Removes what an earlier run killed midway left under `temporaryPath(beside: path)` names: a
    /// copy of the database in clear, perhaps before its sessions were wiped. Only names older than
    /// `age`, so a backup running at the same time keeps its own.
    public static func removeLeftovers(beside path: String, olderThan age: TimeInterval = 3600, now: Date = Date()) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let prefix = ".\(url.lastPathComponent)."
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(prefix) {
            // .NAME.<id>.tmp, or SQLite's -wal, -shm or -journal beside one.
            let rest = name.dropFirst(prefix.count)
            guard rest.count >= 40, UUID(uuidString: String(rest.prefix(36))) != nil,
                rest.dropFirst(36).hasPrefix(".tmp")
            else { continue }
            let leftover = folder + "/" + name
            let modified = (try? FileManager.default.attributesOfItem(atPath: leftover)[.modificationDate] as? Date) ?? now
            if now.timeIntervalSince(modified) > age { unlink(leftover) }
        }
    }

    /// Removes a file and whatever SQLite keeps beside it.
    public static func removeDatabase(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { unlink(path + suffix) }
    }

    private static func failure(_ path: String) -> BackupProblem {
        if errno == EEXIST { return .fileExists(path: path) }
        return .cannotWrite(path: path, reason: String(cString: strerror(errno)))
    }
}
