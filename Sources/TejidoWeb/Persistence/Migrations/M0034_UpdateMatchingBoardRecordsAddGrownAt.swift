import Fluent
import SQLKit

/// On the board: when a match already told grew (another survivor's record joined it), so its
/// told sides hear the new count the Monday after, with the newcomer (`MatchBoard.match`).
struct M0034_UpdateMatchingBoardRecordsAddGrownAt: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("matching_board_records")
            .field("grown_at", .datetime)
            .update()
        // The delivery run asks for grown matches every few seconds, without reading the board.
        try await database.sql().raw(
            "CREATE INDEX matching_board_records_grown ON matching_board_records (grown_at) WHERE grown_at IS NOT NULL"
        ).run()
    }

    func revert(on database: any Database) async throws {
        // In SQL: Fluent's SQLite schema builder leaves a dropped field in place.
        try await database.sql().raw("DROP INDEX matching_board_records_grown").run()
        try await database.sql().raw("ALTER TABLE matching_board_records DROP COLUMN grown_at").run()
    }
}
