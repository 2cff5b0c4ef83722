import Fluent

/// A member's concern about part of the protocol, for the care team. The part and the text are
/// sealed together: people explain concerns with their own experiences, and which part they
/// worry about (say, sexual assault) can say as much.
struct M0010_CreateProtocolConcerns: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("protocol_concerns")
            .id()
            .field("collective_id", .uuid, .required, .references("collectives", "id", onDelete: .cascade))
            .field("version_id", .uuid, .required, .references("protocol_versions", "id", onDelete: .cascade))
            .field("body", .data, .required)
            .field("author_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .field("resolved_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("protocol_concerns").delete()
    }
}
