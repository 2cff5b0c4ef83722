import Fluent

/// Frozen: migrations name their fields by string, never through live model types.
struct M0001_CreateUsers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("users")
            .id()
            .field("username", .string, .required)
            .field("username_normalized", .string, .required)
            .field("passphrase_hash", .string, .required)
            .field("language", .string)
            .field("neutral_titles", .bool, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "username_normalized")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("users").delete()
    }
}
