import Fluent

struct M0004_CreateInvites: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("invites")
            .id()
            .field("collective_id", .uuid, .required, .references("collectives", "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("role", .string, .required)
            .field("created_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .field("revoked_at", .datetime)
            .field("label", .string)
            .field("request_nonce", .string)
            .unique(on: "token_hash")
            .unique(on: "request_nonce")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("invites").delete()
    }
}
