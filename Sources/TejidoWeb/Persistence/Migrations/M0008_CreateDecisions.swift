import Fluent

/// Decisions the collective takes on a proposal. The first kind is adopting a protocol version;
/// the assembly adds its own methods (consent, vote) and kinds to the same table.
struct M0008_CreateDecisions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("decisions")
            .id()
            .field("collective_id", .uuid, .required, .references("collectives", "id", onDelete: .cascade))
            .field("subject", .string, .required)
            .field("subject_id", .uuid, .required)
            .field("proposed_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("proposed_at", .datetime, .required)
            .field("method", .string, .required)
            .field("outcome", .string)
            .field("decided_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("decided_at", .datetime)
            .field("count_agree", .int)
            .field("count_disagree", .int)
            .field("count_abstain", .int)
            .field("count_block", .int)
            .field("note", .string)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("decisions").delete()
    }
}
