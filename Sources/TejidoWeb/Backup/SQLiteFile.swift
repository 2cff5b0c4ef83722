import FluentSQLiteDriver
import Foundation
import SQLKit
import TejidoCore

/// A SQLite file read on a connection of its own, apart from the application's databases: a
/// backup just made, or one about to be restored, checked before anyone relies on it.
struct SQLiteFile {
    let path: String

    /// What a restore decides on: SQLite's integrity check, whether Tejido made it, and which
    /// instance keys it needs that `ring` lacks (read as KeyCheck reads them at start-up).
    func inspect(ring: InstanceKeyRing?) async throws -> (facts: BackupRules.Restored, keyIDs: Set<String>) {
        // A file cut short may not even open (a connection that runs a statement as it opens,
        // as `SQLiteDurability` makes them, reads the file there).
        do {
            try await SQLiteConnection.open(storage: .file(path: path)).close()
        } catch {
            return (BackupRules.Restored(integrity: ["\(error)"], isTejido: false, missingKeys: []), [])
        }
        return try await withConnection { sql in
            let integrity: [String]
            do {
                integrity = try await sql.raw("PRAGMA integrity_check").all().map {
                    try $0.decode(column: "integrity_check", as: String.self)
                }
            } catch {
                // A file cut short may not even open as a database.
                return (BackupRules.Restored(integrity: ["\(error)"], isTejido: false, missingKeys: []), [])
            }
            // Every Tejido database records its migrations from the first start.
            let isTejido = (try? await sql.raw("SELECT COUNT(*) AS n FROM _fluent_migrations").first()) != nil
            let facts = BackupRules.Restored(
                integrity: integrity, isTejido: isTejido,
                missingKeys: isTejido ? try await KeyCheck.missingKeys(in: sql, ring: ring) : [])
            return (facts, isTejido ? try await KeyCheck.keyIDs(in: sql) : [])
        }
    }

    /// Leaves no way into an account or a case in the file: every session (with the copy of its
    /// person's key), every outside mediator's browser token, and every mediator link still
    /// waiting to reach a connected collective or received from one are wiped, their bytes
    /// overwritten rather than left in free pages. Signing out, a quick exit or "sign out
    /// everywhere" after a backup was made must not come undone when it is restored.
    func forgetSessions() async throws {
        try await withConnection { sql in
            try await sql.raw("PRAGMA secure_delete = ON").run()
            try await sql.raw("DELETE FROM \(ident: UserSessionRecord.schema)").run()
            try await sql.raw("UPDATE \(ident: CaseMediatorRecord.schema) SET session_hash = NULL").run()
            try await sql.raw("UPDATE \(ident: MediationRequestRecord.schema) SET link_sealed = NULL").run()
            try await sql.raw("DELETE FROM \(ident: PeerMediationRequestRecord.schema)").run()
        }
    }

    /// Runs `work` on a connection to the file, closed afterwards whatever happens, so the file can
    /// be renamed or removed next.
    func withConnection<T: Sendable>(_ work: (any SQLDatabase) async throws -> T) async throws -> T {
        let connection = try await SQLiteConnection.open(storage: .file(path: path))
        let result: T
        do {
            result = try await work(connection.sql())
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
        return result
    }

    /// Whether any process (this one included) has the database at `path` open. Every connection
    /// to a database in write-ahead-log mode holds a shared lock on byte 128 of its `-shm` file
    /// (the "DMS" lock of SQLite's WAL format) until it closes; Tejido always uses that mode.
    static func isOpen(_ path: String) -> Bool {
        let descriptor = open(path + "-shm", O_RDONLY)
        // No -shm file: no connection has the log open.
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var lock = flock()
        lock.l_type = Int16(F_WRLCK)
        lock.l_whence = Int16(SEEK_SET)
        lock.l_start = 128
        lock.l_len = 1
        #if os(Linux)
            // F_OFD_GETLK (not named by the Glibc module) also reports locks this process holds,
            // which F_GETLK leaves out.
            var own = lock
            if fcntl(descriptor, 36, &own) == 0 { return own.l_type != Int16(F_UNLCK) }
        #endif
        guard fcntl(descriptor, F_GETLK, &lock) == 0 else { return false }
        return lock.l_type != Int16(F_UNLCK)
    }
}
