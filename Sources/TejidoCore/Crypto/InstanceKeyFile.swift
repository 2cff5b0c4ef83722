import Foundation

/// Reading, checking and creating the instance key file on disk.
public enum InstanceKeyFile {
    /// Loads the key, refusing a file that group or others can read.
    public static func load(path: String) throws -> InstanceKey { try loadRing(path: path).current }

    /// Loads every key in the file (the current one first, then any a rotation is retiring).
    public static func loadRing(path: String) throws -> InstanceKeyRing {
        let manager = FileManager.default
        guard manager.fileExists(atPath: path) else { throw InstanceKeyError.missing(path: path) }
        let attributes = try manager.attributesOfItem(atPath: path)
        let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0o777
        guard mode & 0o077 == 0 else { throw InstanceKeyError.readableByOthers(path: path, mode: mode) }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try InstanceKeyRing(fileContents: text)
    }

    /// Creates a new key file with mode 0600; never overwrites one.
    @discardableResult
    public static func create(path: String) throws -> InstanceKey {
        let manager = FileManager.default
        guard !manager.fileExists(atPath: path) else { throw InstanceKeyError.alreadyExists(path: path) }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try manager.createDirectory(
                atPath: directory, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
        }
        let key = InstanceKey.generate()
        // Created with 0600 from the start: no moment where the key sits on disk world-readable.
        guard
            manager.createFile(
                atPath: path, contents: Data(key.fileContents.utf8),
                attributes: [.posixPermissions: 0o600])
        else { throw InstanceKeyError.missing(path: path) }
        return key
    }

    /// Replaces the file's keys in one step: written to a new 0600 file beside it, then renamed
    /// over it, so a reader sees the old file or the new one, never half of one.
    public static func replace(path: String, with ring: InstanceKeyRing) throws {
        let manager = FileManager.default
        let temporary = path + ".new"
        try? manager.removeItem(atPath: temporary)
        guard
            manager.createFile(
                atPath: temporary, contents: Data(ring.fileContents.utf8), attributes: [.posixPermissions: 0o600])
        else { throw InstanceKeyError.missing(path: temporary) }
        guard rename(temporary, path) == 0 else { throw InstanceKeyError.missing(path: path) }
    }

    /// Loads the key, creating it first when `createIfMissing` (the embedded default's first run).
    public static func loadOrCreate(path: String, createIfMissing: Bool) throws -> InstanceKey {
        if createIfMissing, !FileManager.default.fileExists(atPath: path) {
            return try create(path: path)
        }
        return try load(path: path)
    }
}
