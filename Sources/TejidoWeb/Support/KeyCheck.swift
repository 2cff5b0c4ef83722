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
        let held = Set(ring.keys.map(InstanceKeyRing.id(of:)))
        return found.filter { !held.contains($0) }.sorted()
    }

    /// Refuses to go on when the database holds cases sealed under keys the ring lacks. A key file
    /// made moments ago because none was found is removed again, so nothing is left changed.
    static func verify(_ app: Application, ring: InstanceKeyRing, path: String, createdNow: Bool) async throws {
        let missing = try await missingKeys(app, ring: ring)
        guard !missing.isEmpty else { return }
        if createdNow { try? FileManager.default.removeItem(atPath: path) }
        let found =
            createdNow
            ? "No key file was found at \(path), so a new one would have been made"
            : "The key file at \(path) holds other keys (\(ring.keys.map(InstanceKeyRing.id(of:)).joined(separator: ", ")))"
        throw ConfigurationError(problems: [
            "This database holds cases sealed with instance key \(missing.joined(separator: ", ")). \(found), and "
                + "with it those cases could never be opened. Put back the instance.key that belongs with this "
                + "database (from your key backup) and start again; nothing was changed."
        ])
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
