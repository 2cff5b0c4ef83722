import Fluent
import Foundation
import SQLKit
import TejidoCore

/// Cases sealed to the people in them. Each account gets a key pair (made at its next sign-in,
/// when the passphrase is at hand), each session a copy of it sealed under its cookie, and each
/// case a wrap of its data key per reader (`case_keys`) and a key pair of its own, so the server
/// can write into it without reading. Existing cases keep their instance-only wrap until every
/// reader has one of their own (see `CaseSealing`); their key pairs are made here, while the
/// instance key still opens them.
struct M0021_SealCasesToPeople: AsyncMigration {
    let keys: KeyRingStore

    func prepare(on database: any Database) async throws {
        try await database.schema("account_keys")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("public_key", .data, .required)
            .field("sealed_key", .data, .required)
            .field("stretch", .string, .required)
            .field("recovery_key", .data)
            .field("recovery_stretch", .string)
            .field("created_at", .datetime, .required)
            .unique(on: "user_id")
            .create()
        try await Self.createWraps(database, table: "case_keys", scope: "case_id", of: "cases")
        let sql = try database.sql()
        try await sql.raw("CREATE INDEX case_keys_user ON case_keys (user_id)").run()
        try await database.schema("sessions").field("sealed_key", .data).update()
        try await database.schema("cases").field("public_key", .data).update()
        try await database.schema("cases").field("sealed_private_key", .data).update()
        // A refusal written without reading must still be counted on the line it repeats: who and
        // what as keyed pseudonyms, and the count, beside the sealed line.
        try await database.schema("case_access_log").field("refused_by", .string).update()
        try await database.schema("case_access_log").field("refusal", .string).update()
        try await database.schema("case_access_log").field("repeats", .int).update()
        try await database.schema("case_access_log").field("since", .datetime).update()
        // An outside mediator's grant: its own key, wrapped under the link (then the browser's
        // token), and a copy of the chosen entries sealed with it.
        try await database.schema("case_mediators").field("grant_key", .data).update()
        try await database.schema("case_mediators").field("key_id", .string).update()
        try await database.schema("case_mediators").field("packet", .data).update()
        // Grants made before this release cannot be opened without the case's key: they end.
        try await sql.raw("UPDATE case_mediators SET revoked_at = created_at, invite_hash = NULL WHERE revoked_at IS NULL")
            .run()
        // The collective's own key pair: assembly items from cases are sealed to it.
        try await Self.createWraps(database, table: "collective_keys", scope: "collective_id", of: "collectives")
        try await database.schema("collectives").field("public_key", .data).update()
        try await database.schema("collectives").field("wrapped_key", .data).update()
        try await database.schema("collectives").field("key_id", .string).update()
        try await database.schema("assembly_items").field("case_sealed", .data).update()
        try await database.schema("assembly_items").field("readable_until", .datetime).update()
        var vaults: [UUID: CaseVault] = [:]
        for row in try await sql.raw("SELECT id, wrapped_key, key_id FROM cases WHERE deleted_at IS NULL").all() {
            let caseID = try row.decode(column: "id", as: UUID.self)
            guard let wrapped = try row.decode(column: "wrapped_key", as: Data?.self),
                let keyID = try row.decode(column: "key_id", as: String?.self),
                let key = try? keys.ring(holding: keyID).unwrap(wrapped, keyID: keyID, label: CaseVault.wrapLabel(caseID))
            else { continue }
            let pair = try CaseVault(caseID: caseID, key: key).newCaseKeyPair()
            try await sql.update("cases").set("public_key", to: SQLBind(pair.publicKey))
                .set("sealed_private_key", to: SQLBind(pair.sealedPrivateKey)).where("id", .equal, SQLBind(caseID)).run()
            vaults[caseID] = CaseVault(caseID: caseID, key: key)
        }
        try await sealAssemblyItems(sql, vaults: vaults)
    }

    /// Each collective gets its key pair, wrapped for now by the instance key alone (members have
    /// no keys until they sign in); each item from a case is sealed again to it, keeps a copy
    /// sealed with its case, and learns until when its consent runs.
    private func sealAssemblyItems(_ sql: any SQLDatabase, vaults: [UUID: CaseVault]) async throws {
        let ring = keys.current
        var collectiveKeys: [UUID: CollectiveKey] = [:]
        for row in try await sql.raw("SELECT id FROM collectives").all() {
            let collectiveID = try row.decode(column: "id", as: UUID.self)
            let key = CollectiveKey.generate(collectiveID: collectiveID)
            let (wrapped, keyID) = try ring.wrap(key.wrappable, label: CollectiveKeys.instanceLabel(collectiveID))
            try await sql.update("collectives").set("public_key", to: SQLBind(key.publicKey))
                .set("wrapped_key", to: SQLBind(wrapped)).set("key_id", to: SQLBind(keyID))
                .where("id", .equal, SQLBind(collectiveID)).run()
            collectiveKeys[collectiveID] = key
        }
        let items = try await sql.raw(
            "SELECT id, collective_id, case_id, sealed FROM assembly_items WHERE case_id IS NOT NULL AND sealed IS NOT NULL"
        ).all()
        for row in items {
            let itemID = try row.decode(column: "id", as: UUID.self)
            let collectiveID = try row.decode(column: "collective_id", as: UUID.self)
            let sealed = try row.decode(column: "sealed", as: Data.self)
            guard let caseID = try row.decode(column: "case_id", as: UUID?.self), let vault = vaults[caseID],
                let key = collectiveKeys[collectiveID],
                let words = try? vault.open(AgendaText.self, sealed, field: "assembly_item", row: itemID)
            else {
                try await sql.update("assembly_items").set("sealed", to: SQLLiteral.null).where("id", .equal, SQLBind(itemID))
                    .run()
                continue
            }
            var until: Date?
            for consent in try await sql.raw(
                "SELECT id, body, until, revoked_at FROM case_consents WHERE case_id = \(bind: caseID) AND revoked_at IS NULL"
            ).all() {
                let id = try consent.decode(column: "id", as: UUID.self)
                guard
                    let opened = try? vault.open(
                        CaseConsent.self, try consent.decode(column: "body", as: Data.self), field: "consent", row: id),
                    opened.scope == .assemblyItem, let end = try consent.decode(column: "until", as: Date?.self)
                else { continue }
                until = max(until ?? end, end)
            }
            try await sql.update("assembly_items")
                .set(
                    "sealed",
                    to: SQLBind(
                        try CollectiveKey.seal(
                            words, to: key.publicKey, collectiveID: collectiveID, field: "assembly_item", row: itemID))
                )
                .set("case_sealed", to: SQLBind(sealed)).set("readable_until", to: SQLBind(until))
                .where("id", .equal, SQLBind(itemID)).run()
        }
    }

    /// A table of wrapped keys (`KeyWraps`): one row per holder of the key of one case or collective.
    static func createWraps(_ database: any Database, table: String, scope: String, of parent: String) async throws {
        try await database.schema(table)
            .id()
            .field(.string(scope), .uuid, .required, .references(parent, "id", onDelete: .cascade))
            .field("user_id", .uuid, .references("users", "id", onDelete: .cascade))
            .field("holder", .string, .required)
            .field("recipient", .string, .required)
            .field("wrapped", .data, .required)
            .field("key_id", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: .string(scope), "holder")
            .create()
    }

    /// Back to the previous release's shape. Cases sealed since hold no instance wrap, so only
    /// a database that never opened a case under this release is whole again after it.
    func revert(on database: any Database) async throws {
        try await database.schema("collective_keys").delete()
        try await database.schema("case_keys").delete()
        try await database.schema("account_keys").delete()
        for (table, columns) in [
            ("sessions", ["sealed_key"]), ("cases", ["public_key", "sealed_private_key"]),
            ("case_access_log", ["refused_by", "refusal", "repeats", "since"]),
            ("case_mediators", ["grant_key", "key_id", "packet"]), ("collectives", ["public_key", "wrapped_key", "key_id"]),
            ("assembly_items", ["case_sealed", "readable_until"]),
        ] {
            for column in columns { try await database.schema(table).deleteField(.string(column)).update() }
        }
    }
}
