@preconcurrency import Crypto
import Foundation
import SQLKit
import TejidoCore
import Vapor

/// What `tejido backup` made.
public struct BackupReport: Sendable {
    public let path: String
    public let bytes: Int
    /// The instance keys the copy's wraps are locked with: restoring it needs a key file holding them.
    public let instanceKeys: [String]
    /// The backup key it is sealed to, if it is.
    public let sealedTo: String?
}

extension Application {
    /// Why a backup to `file` cannot be made, asked before the application starts too: it would
    /// make an empty database (and, outside production, a key) where there is none.
    public static func backupRefusal(_ config: Configuration, file: String) -> BackupProblem? {
        BackupRules.refusal(
            backingUp: config.database,
            databaseExists: config.databaseFile.map { FileManager.default.fileExists(atPath: $0) } ?? false,
            fileExists: FileManager.default.fileExists(atPath: file), file: file)
    }

    /// `tejido backup`: a copy of the embedded database at `path`, consistent even while the server
    /// writes (`VACUUM INTO` reads one snapshot of the database and its log), never with the key
    /// file. Sealed to `recipient` when given, to be kept off-site. Checked before it is given its
    /// name, which it takes whole or not at all and never over an existing file.
    public func backUp(to path: String, sealedTo recipient: Curve25519.KeyAgreement.PublicKey?) async throws -> BackupReport {
        if let problem = Self.backupRefusal(tejido.config, file: path) { throw problem }
        guard let livePath = tejido.config.databaseFile else { throw BackupProblem.noDatabaseFile }
        // A plain copy is made beside its destination. One to be sealed is made in the data
        // folder, which holds the database anyway, so the destination never sees it in clear.
        for place in [path, livePath] { NewFile.removeLeftovers(beside: place) }
        let copy = NewFile.temporaryPath(beside: recipient == nil ? path : livePath)
        defer { NewFile.removeDatabase(copy) }
        // VACUUM INTO also writes into an empty file: made first, so the copy is never readable by others.
        try NewFile.create(copy).close()
        try await db.sql().raw("VACUUM INTO \(bind: copy)").run()
        try await SQLiteFile(path: copy).forgetSessions()
        // Checked as a restore would check it, so a copy that could not be restored is never kept.
        let ring = tejido.keys.current
        let (facts, keyIDs) = try await SQLiteFile(path: copy).inspect(ring: ring)
        if let problem = BackupRules.refusal(
            restored: facts, keyFile: instanceKeyPath, held: ring.keys.map(InstanceKeyRing.id(of:)))
        {
            throw problem
        }
        if let recipient {
            let sealed = NewFile.temporaryPath(beside: path)
            defer { unlink(sealed) }
            let output = try NewFile.create(sealed)
            guard let input = FileHandle(forReadingAtPath: copy) else { throw BackupProblem.cannotRead(path: copy) }
            try SealedBackup.seal(from: input, to: output, for: recipient)
            try output.close()
            try NewFile.publish(sealed, as: path)
        } else {
            try NewFile.publish(copy, as: path)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        return BackupReport(
            path: path, bytes: size, instanceKeys: keyIDs.sorted(), sealedTo: recipient.map(BackupKeys.id(of:)))
    }
}
