import Fluent
import SQLKit

/// The outbox's rows gain a generation, counted up each time the same intent is enqueued again.
/// A delivery removes or reschedules its row only if the generation is the one it sent; matching
/// on the row's time instead never matched, because a date read back does not always compare
/// equal to itself written again, so rows were resent forever.
struct M0029_UpdatePeerOutboxAddGeneration: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("peer_outbox")
            .field("generation", .int, .required, .sql(.default(0)))
            .update()
    }

    func revert(on database: any Database) async throws {
        // In SQL: Fluent's SQLite schema builder leaves a dropped field in place.
        try await database.sql().raw("ALTER TABLE peer_outbox DROP COLUMN generation").run()
    }
}
