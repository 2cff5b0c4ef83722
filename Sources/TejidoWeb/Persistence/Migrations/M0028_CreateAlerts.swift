import Fluent
import SQLKit

/// Issue 18, item 7: consent-given alerts. What a collective sent (its fields sealed, with the
/// consent it rests on, who prepared and who confirmed it, and to which connections), what it
/// received from its peers (sealed, with the care team's sealed note), and how many alerts each
/// peer sent in a day, for the quota.
struct M0028_CreateAlerts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("alerts_sent")
            .id()
            .field("collective_id", .uuid, .required, .references("collectives", "id", onDelete: .cascade))
            // No reference: a case deleted later must not take its alerts' retraction with it.
            .field("case_id", .uuid, .required)
            .field("consent_id", .uuid, .required)
            .field("state", .string, .required)
            .field("body_sealed", .data, .required)
            .field("recipients", .string, .required)
            .field("prepared_by", .uuid, .required)
            .field("confirmed_by", .uuid)
            .field("created_at", .datetime, .required)
            .field("changed_at", .datetime, .required)
            .create()
        try await database.sql().raw("CREATE INDEX alerts_sent_case ON alerts_sent (case_id)").run()
        try await database.sql().raw("CREATE INDEX alerts_sent_consent ON alerts_sent (consent_id)").run()
        try await database.schema("alerts_received")
            .id()
            .field("collective_id", .uuid, .required, .references("collectives", "id", onDelete: .cascade))
            .field("connection_id", .uuid, .required, .references("peer_connections", "id", onDelete: .cascade))
            .field("alert_id", .uuid, .required)
            .field("body_sealed", .data, .required)
            .field("note_sealed", .data)
            .field("expires_at", .datetime, .required)
            .field("received_at", .datetime, .required)
            .field("changed_at", .datetime, .required)
            .unique(on: "connection_id", "alert_id")
            .create()
        try await database.sql().raw("CREATE INDEX alerts_received_collective ON alerts_received (collective_id)").run()
        try await database.schema("alert_intake")
            .id()
            .field("connection_id", .uuid, .required, .references("peer_connections", "id", onDelete: .cascade))
            .field("day", .string, .required)
            .field("count", .int, .required)
            .unique(on: "connection_id", "day")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("alert_intake").delete()
        try await database.schema("alerts_received").delete()
        try await database.schema("alerts_sent").delete()
    }
}
