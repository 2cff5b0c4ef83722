import Fluent

/// The assembly: meetings, agenda items, each member's position on a decision, and how the
/// collective decides. An item from a case keeps its words sealed with that case's data key, so
/// deleting the case or revoking consent leaves nothing readable behind.
struct M0017_CreateAssembly: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("assembly_meetings")
            .id()
            .field("collective_id", .uuid, .required, .references("collectives", "id", onDelete: .cascade))
            .field("title", .string, .required)
            .field("held_on", .datetime, .required)
            .field("minutes", .string)
            .field("created_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("assembly_items")
            .id()
            .field("collective_id", .uuid, .required, .references("collectives", "id", onDelete: .cascade))
            .field("meeting_id", .uuid, .references("assembly_meetings", "id", onDelete: .setNull))
            .field("source", .string, .required)
            // A motion's words, in clear: every member reads them as written.
            .field("title", .string)
            .field("text", .string)
            // An item from a case: the case, and its words sealed with the case's key.
            .field("case_id", .uuid, .references("cases", "id", onDelete: .cascade))
            .field("sealed", .data)
            // An item putting a protocol version to the assembly for adoption.
            .field("protocol_version_id", .uuid, .references("protocol_versions", "id", onDelete: .cascade))
            // Empty for an item from a case, so the agenda never says who on the survivor's side raised it.
            .field("proposed_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("proposed_at", .datetime, .required)
            .create()
        try await database.schema("decision_positions")
            .id()
            .field("decision_id", .uuid, .required, .references("decisions", "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("position", .string, .required)
            .field("reason", .string)
            .field("at", .datetime, .required)
            .unique(on: "decision_id", "user_id")
            .create()
        // SQLite adds one column per statement.
        try await database.schema("decisions").field("count_concern", .int).update()
        try await database.schema("collectives")
            .field("decision_method", .string, .required, .sql(.default("consent"))).update()
        try await database.schema("collectives")
            .field("quorum_percent", .int, .required, .sql(.default(50))).update()
        try await database.schema("collectives")
            .field("hide_positions", .bool, .required, .sql(.default(false))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("collectives").deleteField("hide_positions").update()
        try await database.schema("collectives").deleteField("quorum_percent").update()
        try await database.schema("collectives").deleteField("decision_method").update()
        try await database.schema("decisions").deleteField("count_concern").update()
        try await database.schema("decision_positions").delete()
        try await database.schema("assembly_items").delete()
        try await database.schema("assembly_meetings").delete()
    }
}
