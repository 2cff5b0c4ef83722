import Foundation

/// When a backup or a restore must stop, decided from plain facts so each refusal is tested
/// without files, a database or a server.
public enum BackupRules {
    /// Before a backup starts: only the embedded database's file is copied this way, and never
    /// over an existing file.
    public static func refusal(
        backingUp database: Configuration.Database, databaseExists: Bool, fileExists: Bool, file: String
    ) -> BackupProblem? {
        switch embeddedFile(database) {
        case .failure(let problem): return problem
        case .success(let path):
            if !databaseExists { return .noDatabase(path: path) }
            if fileExists { return .fileExists(path: file) }
            return nil
        }
    }

    /// Before a restore reads anything, and again just before the restored file is put in place.
    /// An open database is refused even with `replace`: the server would go on writing to the
    /// file it holds, and a checkpoint of its log would corrupt the new one.
    public static func refusal(
        restoringInto database: Configuration.Database, exists: Bool, inUse: Bool, replace: Bool
    ) -> BackupProblem? {
        switch embeddedFile(database) {
        case .failure(let problem): return problem
        case .success(let path):
            if exists && !replace { return .databaseExists(path: path) }
            if inUse { return .databaseInUse(path: path) }
            return nil
        }
    }

    /// Only the embedded database's file is backed up and restored this way; PostgreSQL has its own tools.
    static func embeddedFile(_ database: Configuration.Database) -> Result<String, BackupProblem> {
        switch database {
        case .postgres: .failure(.postgres)
        case .sqliteInMemory: .failure(.noDatabaseFile)
        case .sqlite(let path): .success(path)
        }
    }

    /// What is known of a backup once it is written beside the database, before it is put in place.
    public struct Restored: Sendable, Equatable {
        /// What SQLite's `PRAGMA integrity_check` said: one line, "ok", when all is well.
        public var integrity: [String]
        /// Whether it holds Tejido's record of applied migrations.
        public var isTejido: Bool
        /// The instance keys its wraps are locked with that the configured key file lacks.
        public var missingKeys: [String]

        public init(integrity: [String], isTejido: Bool, missingKeys: [String]) {
            self.integrity = integrity
            self.isTejido = isTejido
            self.missingKeys = missingKeys
        }
    }

    /// `held` is the ids the configured key file holds, or nil when there is no key file.
    public static func refusal(restored: Restored, keyFile: String, held: [String]?) -> BackupProblem? {
        guard restored.integrity == ["ok"] else {
            return .damaged(detail: "SQLite's integrity check says: " + restored.integrity.prefix(3).joined(separator: "; "))
        }
        guard restored.isTejido else { return .notTejido }
        guard restored.missingKeys.isEmpty else {
            return .instanceKeys(
                InstanceKeyMismatch(
                    subject: .backup, missing: restored.missingKeys, path: keyFile, keyFile: held.map { .holds($0) } ?? .missing))
        }
        return nil
    }
}
