import Fluent
import SQLKit

/// Issue 18, what collectives share with connected ones: protocol versions received from peers
/// (the file sealed, since it names the peer), which of our directory entries are shared, the
/// entries received from peers (searchable, so kept readable: they are the peer's shared listing
/// of services), a collective's own entry in the directory of collectives, and the entries
/// received from peers (sealed). Everything received is keyed by the connection it came on and
/// goes when that connection ends.
struct M0027_CreateSharedData: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("peer_protocols")
            .id()
            .field("collective_id", .uuid, .required, .references("collectives", "id", onDelete: .cascade))
            .field("connection_id", .uuid, .required, .references("peer_connections", "id", onDelete: .cascade))
            .field("number", .int, .required)
            .field("adopted_at", .datetime, .required)
            .field("received_at", .datetime, .required)
            .field("file_sealed", .data, .required)
            .unique(on: "connection_id", "number")
            .create()
        try await database.schema("directory_shares")
            .field("entry_id", .uuid, .identifier(auto: false), .references("directory_entries", "id", onDelete: .cascade))
            .field("collective_id", .uuid, .required, .references("collectives", "id", onDelete: .cascade))
            .field("shared_at", .datetime, .required)
            .create()
        try await database.sql().raw("CREATE INDEX directory_shares_collective ON directory_shares (collective_id)").run()
        try await database.schema("peer_directory_entries")
            .id()
            .field("collective_id", .uuid, .required, .references("collectives", "id", onDelete: .cascade))
            .field("connection_id", .uuid, .required, .references("peer_connections", "id", onDelete: .cascade))
            .field("source_id", .uuid, .required)
            .field("entry", .string, .required)
            .field("kind", .string, .required)
            .field("languages", .string, .required)
            .field("may_involve_police", .string, .required)
            .field("asks_immigration_status", .string, .required)
            .field("search_text", .string, .required)
            .field("place_text", .string, .required)
            .field("sort_name", .string, .required)
            .field("last_checked", .datetime)
            .field("received_at", .datetime, .required)
            .unique(on: "connection_id", "source_id")
            .create()
        try await database.sql().raw(
            "CREATE INDEX peer_directory_entries_collective ON peer_directory_entries (collective_id, sort_name)"
        ).run()
        try await database.schema("collective_profiles")
            .field("collective_id", .uuid, .identifier(auto: false), .references("collectives", "id", onDelete: .cascade))
            .field("profile", .string, .required)
            .field("to_peers", .bool, .required)
            .field("on_public_page", .bool, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema("peer_collective_profiles")
            .field("connection_id", .uuid, .identifier(auto: false), .references("peer_connections", "id", onDelete: .cascade))
            .field("collective_id", .uuid, .required, .references("collectives", "id", onDelete: .cascade))
            .field("profile_sealed", .data, .required)
            .field("received_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("peer_collective_profiles").delete()
        try await database.schema("collective_profiles").delete()
        try await database.schema("peer_directory_entries").delete()
        try await database.schema("directory_shares").delete()
        try await database.schema("peer_protocols").delete()
    }
}
