import Fluent

/// Every saved version of a collective's protocol. Rows are only ever inserted: a version, once
/// saved, never changes, so an adopted version is immutable by construction.
struct M0007_CreateProtocolVersions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("protocol_versions")
            .id()
            .field("collective_id", .uuid, .required, .references("collectives", "id", onDelete: .cascade))
            .field("number", .int, .required)
            .field("document", .string, .required)
            .field("author_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("note", .string)
            .field("created_at", .datetime, .required)
            .unique(on: "collective_id", "number")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("protocol_versions").delete()
    }
}
