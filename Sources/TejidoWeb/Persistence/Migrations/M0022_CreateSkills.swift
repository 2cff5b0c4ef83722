import Fluent
import SQLKit

/// Who is prepared for what: the skills a collective names, and each member's own entry for a
/// skill, which shows nowhere until that member has agreed to be listed.
struct M0022_CreateSkills: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("skills")
            .id()
            .field("collective_id", .uuid, .required, .references("collectives", "id", onDelete: .cascade))
            // One of `SkillKey` for the skills Tejido names (shown in the reader's language), or
            // empty for a skill the collective named itself.
            .field("key", .string)
            .field("name", .string)
            .field("created_at", .datetime, .required)
            .field("retired_at", .datetime)
            .unique(on: "collective_id", "key")
            .create()
        try await database.schema("skill_listings")
            .id()
            .field("collective_id", .uuid, .required, .references("collectives", "id", onDelete: .cascade))
            .field("skill_id", .uuid, .required, .references("skills", "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("trained_on", .datetime, .required)
            .field("renew_by", .datetime)
            .field("willing", .bool, .required)
            // Empty while a training the care team recorded waits for the person to agree.
            .field("agreed_at", .datetime)
            .field("offered_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .unique(on: "skill_id", "user_id")
            .create()
        try await database.sql().raw("CREATE INDEX skill_listings_collective ON skill_listings (collective_id, skill_id)")
            .run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("skill_listings").delete()
        try await database.schema("skills").delete()
    }
}
