import Fluent
import SQLKit

/// Removing someone from a collective is an expulsion in all but name, so it keeps its reason:
/// who was removed, by whom, when, and why (sealed with the instance key).
struct M0020_CreateMemberRemovals: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("member_removals")
            .id()
            .field("collective_id", .uuid, .required, .references("collectives", "id", onDelete: .cascade))
            .field("user_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("removed_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("reason", .data, .required)
            .field("at", .datetime, .required)
            .create()
        try await database.sql().raw("CREATE INDEX member_removals_collective ON member_removals (collective_id, at)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("member_removals").delete()
    }
}
