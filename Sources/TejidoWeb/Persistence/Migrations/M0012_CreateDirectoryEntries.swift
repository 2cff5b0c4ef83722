import Fluent

/// A collective's directory of services and collectives.
struct M0012_CreateDirectoryEntries: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("directory_entries")
            .id()
            .field("collective_id", .uuid, .required, .references("collectives", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("name", .string, .required)
            .field("description", .string, .required)
            .field("country", .string, .required)
            .field("region", .string, .required)
            .field("city", .string, .required)
            .field("reach", .string, .required)
            // ",es,en," so one language is found with LIKE '%,es,%'.
            .field("languages", .string, .required)
            .field("phone", .string, .required)
            .field("website", .string, .required)
            .field("address", .string, .required)
            .field("hours", .string, .required)
            .field("cost", .string, .required)
            .field("accessibility", .string, .required)
            .field("may_involve_police", .string, .required)
            .field("mandated_reporter", .string, .required)
            .field("asks_immigration_status", .string, .required)
            .field("confidential", .string, .required)
            .field("last_verified", .datetime)
            .field("verified_by", .string, .required)
            .field("is_public", .bool, .required)
            // Folded (lower case, no accents) text for the full-text indexes and sorting.
            .field("search_text", .string, .required)
            .field("place_text", .string, .required)
            .field("sort_name", .string, .required)
            // The row's key in SQLite's full-text table: random 62-bit, stable (unlike SQLite's rowid).
            .field("search_key", .int64, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "search_key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("directory_entries").delete()
    }
}
