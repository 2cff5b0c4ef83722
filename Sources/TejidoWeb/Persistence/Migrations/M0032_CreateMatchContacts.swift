import Fluent
import SQLKit

/// After a match, the care teams finding each other once each survivor agrees (issue 19, item 3).
/// On a home instance: its side of each match it agreed to (the match key, sealed with the case,
/// and the public half), and what arrived or left for it — other sides' cards sealed to that key,
/// notes as sealed in transit, its own notes sealed with the case. On the board: the signed cards
/// of the sides that agreed. On both: contact messages waiting to be sent.
struct M0032_CreateMatchContacts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("matching_contacts")
            .id()
            .field("collective_id", .uuid, .required, .references("collectives", "id", onDelete: .cascade))
            .field("circle_id", .uuid, .required)
            .field("match_id", .uuid, .required)
            .field("record_id", .uuid, .required)
            .field("public_key", .string, .required)
            .field("key_sealed", .data, .required)
            .field("agreed_at", .datetime, .required)
            // When her consent ends: her side goes then, as her records leave the board.
            .field("until", .datetime, .required)
            .unique(on: "collective_id", "record_id")
            .create()
        try await database.schema("matching_contact_items")
            .id()
            .field("contact_id", .uuid, .required, .references("matching_contacts", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("peer_key", .string, .required)
            .field("sealed", .data, .required)
            // A resend of the same card or note is the same item.
            .field("digest", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "contact_id", "digest")
            .create()
        try await database.schema("matching_board_contacts")
            .id()
            .field("circle_id", .uuid, .required)
            .field("match_id", .uuid, .required)
            .field("record_id", .uuid, .required)
            .field("connection_id", .uuid, .required, .references("peer_connections", "id", onDelete: .cascade))
            .field("card", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "connection_id", "record_id")
            .create()
        try await database.sql().raw("CREATE INDEX matching_board_contacts_match ON matching_board_contacts (match_id)").run()
        try await database.schema("matching_relay")
            .id()
            .field("connection_id", .uuid, .required, .references("peer_connections", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("body", .string, .required)
            // On a home instance, the record a contact message is about, so what waits for one
            // goes with her side.
            .field("record_id", .uuid)
            .field("created_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        for table in ["matching_relay", "matching_board_contacts", "matching_contact_items", "matching_contacts"] {
            try await database.schema(table).delete()
        }
    }
}
