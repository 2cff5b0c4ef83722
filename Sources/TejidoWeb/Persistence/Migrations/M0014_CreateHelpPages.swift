import Fluent

/// A collective's own words for its immediate-help page; missing sections use Tejido's defaults.
struct M0014_CreateHelpPages: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("help_pages")
            .id()
            .field("collective_id", .uuid, .required, .references("collectives", "id", onDelete: .cascade))
            .field("sections", .string, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "collective_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("help_pages").delete()
    }
}
