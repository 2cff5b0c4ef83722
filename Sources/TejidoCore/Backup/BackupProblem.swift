import Foundation

/// Why `tejido backup`, `tejido restore` or `tejido backup keygen` stopped, in words an operator can
/// act on. Whenever one is thrown, nothing was changed: no file left half-written, no database
/// replaced.
public enum BackupProblem: Error, Equatable, Sendable, CustomStringConvertible {
    /// DATABASE_URL is set: PostgreSQL has its own tools for this.
    case postgres
    /// The configuration names no database file (the in-memory database of tests).
    case noDatabaseFile
    /// Nothing to back up at the configured path.
    case noDatabase(path: String)
    /// Tejido never writes over an existing file.
    case fileExists(path: String)
    case cannotWrite(path: String, reason: String)
    case cannotRead(path: String)
    /// A restore without `--replace` over a database that exists.
    case databaseExists(path: String)
    /// Some process (the server, most likely) has the database open.
    case databaseInUse(path: String)
    case notABackup(path: String)
    /// A sealed backup, and no private key given to open it.
    case needsBackupKey(sealedTo: String)
    case wrongBackupKey(sealedTo: String, given: String)
    case malformedKeyFile(path: String)
    case keyFileReadableByOthers(path: String, mode: Int)
    /// Cut short, altered, or failing SQLite's integrity check.
    case damaged(detail: String)
    /// A SQLite database, but not one Tejido made.
    case notTejido
    case instanceKeys(InstanceKeyMismatch)

    public var description: String {
        switch self {
        case .postgres:
            """
            tejido backup and tejido restore work on the embedded SQLite database. With DATABASE_URL set, use \
            PostgreSQL's own tools: `pg_dump -Fc -f tejido.dump "$DATABASE_URL"` to back up, and \
            `pg_restore --clean --if-exists -d "$NEW_DATABASE_URL" tejido.dump` into a new database, then \
            `tejido migrate`. Keep the instance key file apart from the dump (see "Operating Tejido" in the README).
            """
        case .noDatabaseFile:
            "This configuration keeps its database in memory: there is no file to back up or restore into."
        case .noDatabase(let path):
            "There is no database at \(path) to back up. Set TEJIDO_DATA_DIR as the server has it."
        case .fileExists(let path):
            "\(path) already exists. Tejido never writes over a file: choose a new name, or move the old one away."
        case .cannotWrite(let path, let reason):
            "Cannot write \(path): \(reason). Nothing was written."
        case .cannotRead(let path):
            "Cannot read \(path). Nothing was changed."
        case .databaseExists(let path):
            """
            A database already exists at \(path), and restoring would replace everything in it. Stop the server, \
            back that database up if you may want it again, then restore with --replace. Nothing was changed.
            """
        case .databaseInUse(let path):
            """
            The database at \(path) is open: the server, or another tejido command, is running on it. Stop it, \
            then restore again. Nothing was changed.
            """
        case .notABackup(let path):
            "\(path) is neither a SQLite database nor a sealed Tejido backup. Nothing was changed."
        case .needsBackupKey(let sealedTo):
            "This backup is sealed to backup key \(sealedTo). Give its private key file with --key. Nothing was changed."
        case .wrongBackupKey(let sealedTo, let given):
            """
            This backup is sealed to backup key \(sealedTo), but the private key given is backup key \(given). \
            Give the private key made with the public key the backup was sealed to. Nothing was changed.
            """
        case .malformedKeyFile(let path):
            "\(path) is not a Tejido backup key file (made by `tejido backup keygen`)."
        case .keyFileReadableByOthers(let path, let mode):
            """
            The private key file \(path) has mode \(String(mode, radix: 8)); it must be readable by its owner only. \
            Fix it with: chmod 600 \(path)
            """
        case .damaged(let detail):
            "The backup is damaged or incomplete (\(detail)). Nothing was changed; try another copy."
        case .notTejido:
            "The file is a SQLite database, but not one Tejido made. Nothing was changed."
        case .instanceKeys(let mismatch):
            mismatch.description
        }
    }
}
