import Fluent
import SQLKit

/// Cases and everything written in them. Every column that holds what people wrote, who they
/// are to the case, or what they want is sealed with the case's own data key; in clear are only
/// ids, times and the stage, which the application needs to find and order things.
struct M0015_CreateCases: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("cases")
            .id()
            .field("collective_id", .uuid, .required, .references("collectives", "id", onDelete: .cascade))
            .field("stage", .string, .required)
            .field("stage_before_pause", .string)
            // The data key, wrapped by the instance key named by key_id. Emptied on deletion.
            .field("wrapped_key", .data)
            .field("key_id", .string)
            .field("disclosure", .data)
            .field("wishes", .data)
            .field("classification", .data)
            .field("safety_plan", .data)
            .field("pod_map", .data)
            .field("opened_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("ended_at", .datetime)
            .field("deleted_at", .datetime)
            .create()
        try await database.schema("case_participants")
            .id()
            .field("case_id", .uuid, .required, .references("cases", "id", onDelete: .cascade))
            // Empty for someone without an account here (their name is in the sealed body).
            .field("user_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("body", .data, .required)
            .field("added_at", .datetime, .required)
            .field("removed_at", .datetime)
            // A single-use link for the survivor to take over a case opened for them, hashed.
            .field("claim_hash", .string)
            .field("claim_expires_at", .datetime)
            .create()
        try await database.schema("case_entries")
            .id()
            .field("case_id", .uuid, .required, .references("cases", "id", onDelete: .cascade))
            .field("author_id", .uuid, .references("case_participants", "id", onDelete: .setNull))
            .field("body", .data)
            .field("created_at", .datetime, .required)
            .field("redacted_at", .datetime)
            .create()
        try await database.schema("case_consents")
            .id()
            .field("case_id", .uuid, .required, .references("cases", "id", onDelete: .cascade))
            .field("body", .data, .required)
            .field("recorded_by", .uuid, .references("case_participants", "id", onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .field("until", .datetime)
            .field("revoked_at", .datetime)
            .field("revoked_by", .uuid, .references("case_participants", "id", onDelete: .setNull))
            .create()
        try await database.schema("case_tasks")
            .id()
            .field("case_id", .uuid, .required, .references("cases", "id", onDelete: .cascade))
            .field("assignee_id", .uuid, .references("case_participants", "id", onDelete: .setNull))
            .field("created_by", .uuid, .references("case_participants", "id", onDelete: .setNull))
            .field("body", .data, .required)
            .field("due_on", .datetime)
            .field("created_at", .datetime, .required)
            .field("done_at", .datetime)
            .create()
        try await database.schema("case_access_log")
            .id()
            .field("case_id", .uuid, .required, .references("cases", "id", onDelete: .cascade))
            // Who did what kind of thing, sealed: an act can tell a role (only the respondent writes a
            // proposal), and a refused attempt tells who probed.
            .field("body", .data, .required)
            .field("at", .datetime, .required)
            .create()
        if let sql = database as? any SQLDatabase {
            for statement in [
                "CREATE INDEX cases_collective ON cases (collective_id)",
                "CREATE INDEX case_participants_case ON case_participants (case_id)",
                "CREATE INDEX case_participants_user ON case_participants (user_id)",
                "CREATE INDEX case_entries_case ON case_entries (case_id, created_at)",
                "CREATE INDEX case_consents_case ON case_consents (case_id)",
                "CREATE INDEX case_tasks_case ON case_tasks (case_id)",
                "CREATE INDEX case_access_log_case ON case_access_log (case_id, at)",
            ] {
                try await sql.raw(SQLQueryString(statement)).run()
            }
        }
    }

    func revert(on database: any Database) async throws {
        for table in ["case_access_log", "case_tasks", "case_consents", "case_entries", "case_participants", "cases"] {
            try await database.schema(table).delete()
        }
    }
}

/// How long a collective keeps a closed or withdrawn case before deleting it on its own.
struct M0016_UpdateCollectivesAddCaseRetention: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("collectives")
            .field("case_retention_days", .int, .required, .sql(.default(730)))
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("collectives").deleteField("case_retention_days").update()
    }
}
