import Fluent
import SQLKit

/// A running circle's next version while it is being agreed: a collective joining, or one
/// leaving without ending the circle (`CircleChange`, as JSON). The circle keeps running on the
/// version every member signed until the next one is signed by all.
struct M0033_UpdateMatchingCirclesAddPending: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("matching_circles")
            .field("pending", .string)
            .update()
    }

    func revert(on database: any Database) async throws {
        // In SQL: Fluent's SQLite schema builder leaves a dropped field in place.
        try await database.sql().raw("ALTER TABLE matching_circles DROP COLUMN pending").run()
    }
}
