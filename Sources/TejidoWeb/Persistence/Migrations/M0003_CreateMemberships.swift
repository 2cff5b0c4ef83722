import Fluent

struct M0003_CreateMemberships: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("memberships")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("collective_id", .uuid, .required, .references("collectives", "id", onDelete: .cascade))
            .field("role", .string, .required)
            .field("joined_at", .datetime, .required)
            .unique(on: "user_id", "collective_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("memberships").delete()
    }
}
