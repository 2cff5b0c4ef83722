import Fluent
import SQLKit

/// Repeat-harm matching (issue 19). On every instance: the collective's place in each circle
/// (the manifest, signatures, and for a key holder its sealed oblivious key). On a key holder: how
/// many evaluations each member asked for each day. On the board: records (a tag, a random id,
/// the week), never a case. On a home instance: entries (the case's link to its record ids sealed
/// with the case), vouches, records waiting to reach the board, and notices of matches.
struct M0031_CreateMatching: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("matching_circles")
            .id()
            .field("circle_id", .uuid, .required)
            .field("collective_id", .uuid, .required, .references("collectives", "id", onDelete: .cascade))
            .field("founder_connection_id", .uuid)
            .field("state", .string, .required)
            .field("version", .int, .required)
            .field("proposal", .string, .required)
            .field("manifest", .string)
            .field("signatures", .string, .required)
            .field("responses", .string, .required)
            .field("counts", .string, .required)
            .field("problem", .string)
            .field("oprf_key_sealed", .data)
            .field("secret_sealed", .data, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "circle_id", "collective_id")
            .create()
        try await database.schema("matching_evaluations")
            .id()
            .field("circle_id", .uuid, .required)
            .field("connection_id", .uuid, .required, .references("peer_connections", "id", onDelete: .cascade))
            .field("day", .string, .required)
            .field("count", .int, .required)
            .unique(on: "circle_id", "connection_id", "day")
            .create()
        try await database.schema("matching_board_records")
            .id()
            .field("record_id", .uuid, .required)
            .field("circle_id", .uuid, .required)
            .field("connection_id", .uuid, .required, .references("peer_connections", "id", onDelete: .cascade))
            .field("tag", .string, .required)
            .field("survivor", .string, .required)
            .field("threshold", .int, .required)
            .field("week", .datetime, .required)
            .field("until", .datetime, .required)
            .field("match_id", .uuid)
            .field("matched_at", .datetime)
            .field("notified_at", .datetime)
            .unique(on: "connection_id", "record_id")
            // The board takes one record per survivor per tag: filing again is not a second survivor.
            .unique(on: "circle_id", "tag", "connection_id", "survivor")
            .create()
        try await database.sql().raw("CREATE INDEX matching_board_records_tag ON matching_board_records (circle_id, tag)").run()
        // What the delivery run asks every few seconds, without reading the whole board: matches
        // not yet told, and records whose consent ended.
        try await database.sql().raw(
            "CREATE INDEX matching_board_records_untold ON matching_board_records (matched_at) WHERE matched_at IS NOT NULL AND notified_at IS NULL"
        ).run()
        try await database.sql().raw("CREATE INDEX matching_board_records_until ON matching_board_records (until)").run()
        try await database.schema("matching_entries")
            .id()
            .field("case_id", .uuid, .required, .references("cases", "id", onDelete: .cascade))
            .field("collective_id", .uuid, .required, .references("collectives", "id", onDelete: .cascade))
            .field("circle_id", .uuid, .required)
            .field("circle_version", .int, .required)
            .field("counter", .string, .required)
            .field("body_sealed", .data, .required)
            .field("created_at", .datetime, .required)
            .field("until", .datetime, .required)
            .field("withdrawn_at", .datetime)
            .create()
        try await database.sql().raw("CREATE INDEX matching_entries_case ON matching_entries (case_id)").run()
        try await database.schema("matching_vouches")
            .id()
            .field("case_id", .uuid, .required, .references("cases", "id", onDelete: .cascade))
            .field("vouched_by", .uuid, .required)
            .field("created_at", .datetime, .required)
            .field("used_at", .datetime)
            .create()
        try await database.schema("matching_outgoing")
            .id()
            .field("connection_id", .uuid, .required, .references("peer_connections", "id", onDelete: .cascade))
            .field("body", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("matching_notices")
            .id()
            .field("collective_id", .uuid, .required, .references("collectives", "id", onDelete: .cascade))
            .field("circle_id", .uuid, .required)
            .field("record_id", .uuid, .required)
            .field("match_id", .uuid, .required)
            .field("survivors", .int, .required)
            .field("received_at", .datetime, .required)
            .unique(on: "collective_id", "record_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        for table in [
            "matching_notices", "matching_outgoing", "matching_vouches", "matching_entries", "matching_board_records",
            "matching_evaluations", "matching_circles",
        ] {
            try await database.schema(table).delete()
        }
    }
}
