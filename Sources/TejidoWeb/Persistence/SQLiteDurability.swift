import Foundation
import TejidoCore
// SQLiteNIO's own copy of SQLite, whose functions carry a prefix. Only the hook below is used:
// Fluent opens the connections and offers no way to run a statement on each one it opens.
import VaporCSQLite

/// Every connection the embedded database opens commits with `synchronous = FULL`: in
/// write-ahead-log mode a commit returns only once the log is on disk, so a power cut cannot
/// take back a disclosure, a consent or a revocation someone was told was saved. (`NORMAL` syncs
/// only at checkpoints.) Set by SQLite's auto-extension hook, which runs on every connection any
/// pool opens, including one it opens again after losing one; group commit keeps the cost of a
/// sync per batch, not per request.
enum SQLiteDurability {
    /// Registers the hook once per process (SQLite ignores a second registration of the same one).
    /// Throws when SQLite refused it: the embedded database must not run without full sync.
    static func requireFullSync() throws {
        guard registered == SQLITE_OK else {
            throw ConfigurationError(problems: ["SQLite refused to sync every commit (code \(registered))."])
        }
    }

    private static let registered: Int32 = {
        typealias EntryPoint =
            @convention(c) (
                OpaquePointer?, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, OpaquePointer?
            ) -> Int32
        let entry: EntryPoint = { connection, _, _ in
            sqlite_nio_sqlite3_exec(connection, "PRAGMA synchronous = FULL", nil, nil, nil)
        }
        return sqlite_nio_sqlite3_auto_extension(unsafeBitCast(entry, to: (@convention(c) () -> Void).self))
    }()
}
