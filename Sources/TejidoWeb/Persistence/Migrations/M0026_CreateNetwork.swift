import Fluent
import SQLKit

/// Issue 18. Pairing invitations (the token only as a hash, the secret sealed), connections to
/// paired collectives on other instances (everything about the peer — its address, keys and name —
/// sealed, so a copy of the database without the key file does not draw the network), the nonces
/// of recent signed requests (the replay cache), counts of refused requests for the admins (counts
/// only, never bodies), and what is waiting to be sent to each peer.
struct M0026_CreateNetwork: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("peer_invitations")
            .id()
            .field("collective_id", .uuid, .required, .references("collectives", "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("secret_sealed", .data, .required)
            .field("expires_at", .datetime, .required)
            .field("created_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .field("used_at", .datetime)
            .unique(on: "token_hash")
            .create()
        try await database.schema("peer_connections")
            .id()
            .field("collective_id", .uuid, .required, .references("collectives", "id", onDelete: .cascade))
            .field("invited", .bool, .required)
            .field("state", .string, .required)
            .field("details_sealed", .data, .required)
            .field("sends", .string, .required)
            .field("accepts", .string, .required)
            .field("peer_accepts", .string, .required)
            .field("created_at", .datetime, .required)
            .field("changed_at", .datetime, .required)
            .create()
        try await database.sql().raw("CREATE INDEX peer_connections_collective ON peer_connections (collective_id)").run()
        try await database.schema("peer_nonces")
            .field("nonce_hash", .string, .identifier(auto: false))
            .field("expires_at", .datetime, .required)
            .create()
        try await database.schema("peer_refusals")
            .id()
            .field("scope_key", .string, .required)
            .field("reason", .string, .required)
            .field("day", .string, .required)
            .field("count", .int, .required)
            .unique(on: "scope_key", "reason", "day")
            .create()
        try await database.schema("peer_outbox")
            .id()
            .field("connection_id", .uuid, .required, .references("peer_connections", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("subject", .string, .required)
            .field("created_at", .datetime, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .datetime, .required)
            .field("last_problem", .string)
            .unique(on: "connection_id", "kind", "subject")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("peer_outbox").delete()
        try await database.schema("peer_refusals").delete()
        try await database.schema("peer_nonces").delete()
        try await database.schema("peer_connections").delete()
        try await database.schema("peer_invitations").delete()
    }
}
