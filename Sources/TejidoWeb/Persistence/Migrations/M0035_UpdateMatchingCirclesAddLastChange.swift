import Fluent
import SQLKit

/// A running circle's last change as this collective learnt it (`CircleOutcome`, as JSON): who
/// joined or left, or whose joining did not go through and why, for its admins to read.
struct M0035_UpdateMatchingCirclesAddLastChange: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("matching_circles")
            .field("last_change", .string)
            .update()
    }

    func revert(on database: any Database) async throws {
        // In SQL: Fluent's SQLite schema builder leaves a dropped field in place.
        try await database.sql().raw("ALTER TABLE matching_circles DROP COLUMN last_change").run()
    }
}
