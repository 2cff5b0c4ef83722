import Fluent
import Foundation
import SQLKit
import TejidoCore

/// M0015 and M0017 were changed after an earlier release had run them, so a database made by that
/// release lacks what later code needs: the access log still holds who and what in clear columns,
/// and agenda items have no protocol version. This brings such a database to the current shape —
/// the access log's lines sealed with each case's key, as new ones are — and does nothing to a
/// database that already has it. It also adds the indexes M0018's tables were made without, and
/// lets a case have only one accepted proposal.
struct M0019_RepairEarlierInstalls: AsyncMigration {
    let keys: KeyRingStore

    func prepare(on database: any Database) async throws {
        let sql = try database.sql()
        if try await !Self.hasColumn(sql, "assembly_items", "protocol_version_id") {
            try await database.schema("assembly_items")
                .field("protocol_version_id", .uuid, .references("protocol_versions", "id", onDelete: .cascade)).update()
        }
        if try await Self.hasColumn(sql, "case_access_log", "action") { try await sealAccessLog(database, sql) }
        for statement in [
            "CREATE INDEX IF NOT EXISTS case_proposals_case ON case_proposals (case_id)",
            "CREATE INDEX IF NOT EXISTS case_proposal_comments_case ON case_proposal_comments (case_id)",
            "CREATE INDEX IF NOT EXISTS case_commitments_case ON case_commitments (case_id)",
            "CREATE INDEX IF NOT EXISTS case_check_ins_case ON case_check_ins (case_id)",
            "CREATE INDEX IF NOT EXISTS case_outcomes_case ON case_outcomes (case_id)",
            "CREATE INDEX IF NOT EXISTS case_mediators_case ON case_mediators (case_id)",
            "CREATE INDEX IF NOT EXISTS case_mediators_invite ON case_mediators (invite_hash)",
            "CREATE INDEX IF NOT EXISTS case_mediators_session ON case_mediators (session_hash)",
            "CREATE INDEX IF NOT EXISTS case_care_referrals_case ON case_care_referrals (case_id)",
            // One accepted version per case, even when two are accepted at the same moment.
            "CREATE UNIQUE INDEX IF NOT EXISTS case_proposals_one_accepted ON case_proposals (case_id) WHERE accepted_at IS NOT NULL",
        ] {
            try await sql.raw(SQLQueryString(statement)).run()
        }
    }

    /// Moves the clear lines aside, makes the table as M0015 now makes it, and writes each line
    /// back sealed under its own id. Lines of deleted cases (whose key is gone) are not kept.
    private func sealAccessLog(_ database: any Database, _ sql: any SQLDatabase) async throws {
        try await sql.raw("DROP INDEX IF EXISTS case_access_log_case").run()
        try await sql.raw("ALTER TABLE case_access_log RENAME TO case_access_log_clear").run()
        try await database.schema("case_access_log")
            .id()
            .field("case_id", .uuid, .required, .references("cases", "id", onDelete: .cascade))
            .field("body", .data, .required)
            .field("at", .datetime, .required)
            .create()
        try await sql.raw("CREATE INDEX case_access_log_case ON case_access_log (case_id, at)").run()
        var vaults: [UUID: CaseVault?] = [:]
        for row in try await sql.raw("SELECT id, case_id, user_id, action, at FROM case_access_log_clear").all() {
            let caseID = try row.decode(column: "case_id", as: UUID.self)
            if vaults[caseID] == nil { vaults[caseID] = try await vault(caseID, sql) }
            guard let vault = vaults[caseID] ?? nil,
                let kind = CaseAccessKind(rawValue: try row.decode(column: "action", as: String.self))
            else { continue }
            let id = try row.decode(column: "id", as: UUID.self)
            let line = AccessLine(kind: kind, userID: try row.decode(column: "user_id", as: UUID?.self))
            try await sql.insert(into: "case_access_log").columns("id", "case_id", "body", "at")
                .values(
                    SQLBind(id), SQLBind(caseID), SQLBind(try vault.seal(line, field: "access", row: id)),
                    SQLBind(try row.decode(column: "at", as: Date.self))
                ).run()
        }
        try await sql.raw("DROP TABLE case_access_log_clear").run()
    }

    /// The case's vault, or nil when the case was deleted or its key cannot be unwrapped.
    private func vault(_ caseID: UUID, _ sql: any SQLDatabase) async throws -> CaseVault? {
        guard let row = try await sql.raw("SELECT wrapped_key, key_id FROM cases WHERE id = \(bind: caseID)").first(),
            let wrapped = try row.decode(column: "wrapped_key", as: Data?.self),
            let keyID = try row.decode(column: "key_id", as: String?.self),
            let key = try? keys.ring(holding: keyID).unwrap(wrapped, keyID: keyID, label: CaseVault.wrapLabel(caseID))
        else { return nil }
        return CaseVault(caseID: caseID, key: key)
    }

    static func hasColumn(_ sql: any SQLDatabase, _ table: String, _ column: String) async throws -> Bool {
        if sql.dialect.name == "sqlite" {
            return try await sql.raw("SELECT name FROM pragma_table_info(\(bind: table))").all()
                .contains { (try? $0.decode(column: "name", as: String.self)) == column }
        }
        return try await sql.raw(
            """
            SELECT 1 AS found FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = \(bind: table) AND column_name = \(bind: column)
            """
        ).first() != nil
    }

    func revert(on database: any Database) async throws {}
}
