import Fluent

struct M0002_CreateCollectives: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("collectives")
            .id()
            .field("name", .string, .required)
            .field("slug", .string, .required)
            .field("exit_url", .string)
            .field("created_at", .datetime, .required)
            .unique(on: "slug")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("collectives").delete()
    }
}
