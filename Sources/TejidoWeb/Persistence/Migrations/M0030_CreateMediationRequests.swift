import Fluent
import SQLKit

/// A mediator invitation addressed to a connected collective (issue 18, item 6): on the sending
/// side, what was sent where (the link sealed until delivered, then erased); on the receiving
/// side, the requests its care team reads (sealed: they carry a working link).
struct M0030_CreateMediationRequests: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("mediation_requests")
            .id()
            .field("collective_id", .uuid, .required, .references("collectives", "id", onDelete: .cascade))
            .field("mediator_id", .uuid, .required, .references("case_mediators", "id", onDelete: .cascade))
            .field("connection_id", .uuid, .required, .references("peer_connections", "id", onDelete: .cascade))
            .field("link_sealed", .data)
            .field("created_at", .datetime, .required)
            .field("delivered_at", .datetime)
            .field("withdrawn_at", .datetime)
            .create()
        try await database.sql().raw("CREATE INDEX mediation_requests_mediator ON mediation_requests (mediator_id)").run()
        try await database.schema("peer_mediation_requests")
            .id()
            .field("collective_id", .uuid, .required, .references("collectives", "id", onDelete: .cascade))
            .field("connection_id", .uuid, .required, .references("peer_connections", "id", onDelete: .cascade))
            .field("body_sealed", .data, .required)
            .field("expires_at", .datetime, .required)
            .field("received_at", .datetime, .required)
            .create()
        try await database.sql().raw(
            "CREATE INDEX peer_mediation_requests_collective ON peer_mediation_requests (collective_id, received_at)"
        ).run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("peer_mediation_requests").delete()
        try await database.schema("mediation_requests").delete()
    }
}
