import Fluent

struct M0011_UpdateCollectivesAddProtocolPublished: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("collectives")
            .field("protocol_published", .bool, .required, .sql(.default(false)))
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("collectives").deleteField("protocol_published").update()
    }
}
