import Fluent
import Foundation
import SQLKit
import TejidoCore
import Vapor

/// Checks at start-up that the instance key file belongs to the database: a data folder copied
/// without its key, or a key file swapped for another, must not start quietly — every case would
/// vanish from view, and new ones would be sealed under the wrong key.
enum KeyCheck {
    /// The ids of the instance keys the database's wraps are locked with that `ring` lacks.
    static func missingKeys(_ app: Application, ring: InstanceKeyRing) async throws -> [String] {
        guard let sql = app.db as? any SQLDatabase else { return [] }
        return try await missingKeys(in: sql, ring: ring)
    }

    /// The same for any database, such as a backup about to be restored. Without a ring (there is
    /// no key file), every key the database uses is missing.
    static func missingKeys(in sql: any SQLDatabase, ring: InstanceKeyRing?) async throws -> [String] {
        let held = Set(ring?.keys.map(InstanceKeyRing.id(of:)) ?? [])
        return try await keyIDs(in: sql).subtracting(held).sorted()
    }

    /// Every instance key the database's wraps are locked with, by id.
    static func keyIDs(in sql: any SQLDatabase) async throws -> Set<String> {
        // Before the first migration there is no table, and so nothing sealed.
        var found: Set<String> = []
        for table in Application.keyedTables {
            // A table a migration has not made yet holds nothing.
            guard
                let rows = try? await sql.raw(
                    "SELECT DISTINCT key_id FROM \(unsafeRaw: table) WHERE key_id IS NOT NULL"
                ).all()
            else { continue }
            for row in rows { found.insert(try row.decode(column: "key_id", as: String.self)) }
        }
        return found
    }

    /// Refuses to go on when the database holds cases sealed under keys the ring lacks. A key file
    /// made moments ago because none was found is removed again, so nothing is left changed.
    static func verify(_ app: Application, ring: InstanceKeyRing, path: String, createdNow: Bool) async throws {
        let missing = try await missingKeys(app, ring: ring)
        guard !missing.isEmpty else { return }
        if createdNow { try? FileManager.default.removeItem(atPath: path) }
        let mismatch = InstanceKeyMismatch(
            subject: .database, missing: missing, path: path,
            keyFile: createdNow ? .createdNow : .holds(ring.keys.map(InstanceKeyRing.id(of:))))
        throw ConfigurationError(problems: [mismatch.description])
    }

    /// In production the key should live apart from the database, so that one stolen copy or
    /// backup is not both. Said once at start-up, since many operators will not read the README.
    static func warnIfBesideDatabase(_ app: Application, _ config: Configuration) {
        guard config.mode == .production, case .sqlite(let database) = config.database else { return }
        let folder = { (path: String) in URL(fileURLWithPath: path).deletingLastPathComponent().standardizedFileURL.path }
        if folder(database) == folder(config.keyFilePath) {
            app.logger.warning(
                "The instance key file sits in the same folder as the database (\(folder(database))): anyone who copies that folder can read every case. Keep it elsewhere (TEJIDO_KEY_FILE) and back it up apart from the database."
            )
        }
    }
}
