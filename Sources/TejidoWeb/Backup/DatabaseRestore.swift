@preconcurrency import Crypto
import Foundation
import TejidoCore

/// What `tejido restore` put in place.
public struct RestoreReport: Sendable {
    public let path: String
    /// The instance keys the restored database's wraps are locked with (all held by the key file).
    public let instanceKeys: [String]
    /// The backup key it was sealed to, if it was.
    public let sealedTo: String?
}

/// `tejido restore`: a backup into the configured data folder's database. It runs without the
/// application, which would make an empty database (and, outside production, a key) where the
/// backup is to go.
public enum DatabaseRestore {
    static let sqliteMagic = Data("SQLite format 3\0".utf8)

    /// Writes the backup (opened with the private key in `keyFile` when sealed) to a temporary file
    /// beside the database, checks it — SQLite's integrity check, then KeyCheck's reading of the
    /// instance keys it needs against the configured key file — and only then renames it into
    /// place. Throws `BackupProblem` or `InstanceKeyError`, having changed nothing.
    public static func restore(
        _ backup: String, into config: Configuration, keyFile: String?, replace: Bool
    ) async throws -> RestoreReport {
        try checkTarget(config, replace: replace)
        guard let target = config.databaseFile else { throw BackupProblem.noDatabaseFile }
        let ring =
            FileManager.default.fileExists(atPath: config.keyFilePath)
            ? try InstanceKeyFile.loadRing(path: config.keyFilePath) : nil
        let source = try Source(backup, keyFile: keyFile)

        // A new data folder is made as the server would make it, and removed again on refusal.
        let folder = (target as NSString).deletingLastPathComponent
        var madeFolder = false
        if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            madeFolder = true
        }
        NewFile.removeLeftovers(beside: target)
        let restored = NewFile.temporaryPath(beside: target)
        var placed = false
        defer {
            NewFile.removeDatabase(restored)
            if madeFolder && !placed { rmdir(folder) }
        }
        try source.write(to: restored)
        // A backup made before copies forgot their sessions must not bring them back either. (A
        // damaged or foreign file fails here; the checks below say which it is.)
        _ = try? await SQLiteFile(path: restored).forgetSessions()
        let (facts, keyIDs) = try await SQLiteFile(path: restored).inspect(ring: ring)
        if let problem = BackupRules.refusal(
            restored: facts, keyFile: config.keyFilePath, held: ring?.keys.map(InstanceKeyRing.id(of:)))
        {
            throw problem
        }
        // The server may have been started meanwhile.
        try checkTarget(config, replace: replace)
        try place(restored, at: target, replace: replace)
        placed = true
        return RestoreReport(path: target, instanceKeys: keyIDs.sorted(), sealedTo: source.sealedTo)
    }

    /// A backup file: a plain SQLite database, or one sealed to a backup key and the private key
    /// that opens it.
    struct Source {
        let path: String
        let input: FileHandle
        let sealedTo: String?
        let privateKey: Curve25519.KeyAgreement.PrivateKey?

        init(_ path: String, keyFile: String?) throws {
            guard let input = FileHandle(forReadingAtPath: path) else { throw BackupProblem.cannotRead(path: path) }
            let prefix = try input.read(upToCount: 64) ?? Data()
            try input.seek(toOffset: 0)
            let sealedTo = SealedBackup.sealedTo(prefix)
            guard sealedTo != nil || prefix.starts(with: sqliteMagic) else { throw BackupProblem.notABackup(path: path) }
            var privateKey: Curve25519.KeyAgreement.PrivateKey?
            if let sealedTo {
                guard let keyFile else { throw BackupProblem.needsBackupKey(sealedTo: sealedTo) }
                privateKey = try BackupKeys.readPrivate(path: keyFile)
            }
            (self.path, self.input, self.sealedTo, self.privateKey) = (path, input, sealedTo, privateKey)
        }

        /// The database in clear, as a new file at `destination`, synced.
        func write(to destination: String) throws {
            let output = try NewFile.create(destination)
            if let privateKey {
                try SealedBackup.open(from: input, to: output, with: privateKey, path: path)
            } else {
                while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty { try output.write(contentsOf: chunk) }
            }
            try output.synchronize()
            try output.close()
        }
    }

    /// Renames the checked file into place: over the old database only when `replace`.
    private static func place(_ restored: String, at target: String, replace: Bool) throws {
        // A log left beside the old database (by a server that crashed) would be replayed into the
        // new one, so it goes first; what it held belonged to the database being replaced.
        for suffix in ["-wal", "-shm", "-journal"] { unlink(target + suffix) }
        guard replace else { return try NewFile.publish(restored, as: target) }
        guard rename(restored, target) == 0 else {
            throw BackupProblem.cannotWrite(path: target, reason: String(cString: strerror(errno)))
        }
        NewFile.syncFolder(of: target)
    }

    private static func checkTarget(_ config: Configuration, replace: Bool) throws {
        let path = config.databaseFile ?? ""
        if let problem = BackupRules.refusal(
            restoringInto: config.database, exists: FileManager.default.fileExists(atPath: path),
            inUse: SQLiteFile.isOpen(path), replace: replace)
        {
            throw problem
        }
    }
}
