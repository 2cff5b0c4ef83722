import Fluent

/// A member's acknowledgement of the co-existence agreement of one adopted version. Only that it
/// happened and when: never a reason for not acknowledging.
struct M0009_CreateAgreementAcknowledgements: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("agreement_acknowledgements")
            .id()
            .field("collective_id", .uuid, .required, .references("collectives", "id", onDelete: .cascade))
            .field("version_id", .uuid, .required, .references("protocol_versions", "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("acknowledged_at", .datetime, .required)
            .unique(on: "version_id", "user_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("agreement_acknowledgements").delete()
    }
}
