import Fluent
import Foundation
import SQLKit
import TejidoCore
import Testing
import VaporTesting

@testable import TejidoWeb

/// The board's table on the database the instance runs on (SQLite, or PostgreSQL in that run): the
/// peer tests run on SQLite files only, so the board's own queries are held here on both.
@Suite("Matching: the board's table")
struct MatchBoardStoreTests {
    /// A collective with one active connection, written straight to the table (no peer needed):
    /// the connection's id, which the board's and key holder's rows refer to.
    static func connection(_ app: Application, _ name: String) async throws -> UUID {
        let collective = CollectiveRecord(name: name, slug: name.lowercased(), createdAt: Date())
        try await collective.create(on: app.db)
        let connection = UUID()
        try await app.db.sql().raw(
            """
            INSERT INTO peer_connections (id, collective_id, invited, state, details_sealed, sends, accepts, peer_accepts, created_at, changed_at)
            VALUES (\(bind: connection), \(bind: try collective.requireID()), \(bind: true), 'active', \(bind: Data([0])), '', '', '', \(bind: Date()), \(bind: Date()))
            """
        ).run()
        return connection
    }

    @Test("two survivors' records of one tag match under one id; one withdrawn before it is told, the match is undone")
    func matchAndUndo() async throws {
        try await withTejido { app, _ in
            let connection = try await Self.connection(app, "Tablero")
            let circle = UUID()
            let tag = String(repeating: "ab", count: 32)
            func insert(_ survivor: String) async throws -> UUID {
                let id = UUID()
                try await app.db.sql().raw(
                    """
                    INSERT INTO matching_board_records (id, record_id, circle_id, connection_id, tag, survivor, threshold, week, until)
                    VALUES (\(bind: id), \(bind: UUID()), \(bind: circle), \(bind: connection), \(bind: tag), \(bind: survivor), 2,
                    \(bind: Date()), \(bind: Date().addingTimeInterval(86_400)))
                    """
                ).run()
                try await MatchBoard.match(tag: tag, circle: circle, now: Date(), on: app.db)
                return id
            }
            _ = try await insert(String(repeating: "1", count: 64))
            #expect(try await MatchBoard.held(tag: tag, circle: circle, on: app.db).allSatisfy { $0.matched_at == nil })
            let second = try await insert(String(repeating: "2", count: 64))
            let held = try await MatchBoard.held(tag: tag, circle: circle, on: app.db)
            #expect(held.count == 2 && held.allSatisfy { $0.matched_at != nil })
            #expect(Set(held.compactMap(\.match_id)).count == 1, "one match id for both")
            #expect(try await MatchBoard.held(tag: String(repeating: "cd", count: 32), circle: circle, on: app.db).isEmpty)

            try await app.db.sql().raw("DELETE FROM matching_board_records WHERE id = \(bind: second)").run()
            try await MatchBoard.match(tag: tag, circle: circle, now: Date(), on: app.db)
            let left = try await MatchBoard.held(tag: tag, circle: circle, on: app.db)
            #expect(left.count == 1 && left[0].matched_at == nil && left[0].match_id == nil)
        }
    }

    @Test("a previous release's told match survives M0034 as it was; a third survivor joining it marks the told ones grown")
    func upgradeAndGrow() async throws {
        try await withTejido { app, _ in
            let connection = try await Self.connection(app, "Tablero")
            let circle = UUID()
            let tag = String(repeating: "ab", count: 32)
            let told = Date().addingTimeInterval(-3 * 86_400)
            let matchID = UUID()
            let migration = M0034_UpdateMatchingBoardRecordsAddGrownAt()
            // On one connection, so no other pooled connection's view of the schema is involved.
            try await app.db.withConnection { db in
                try await migration.revert(on: db)
                // The previous release's rows, as its code wrote them: a match of two, told.
                for survivor in ["1", "2"] {
                    try await (db as! any SQLDatabase).raw(
                        """
                        INSERT INTO matching_board_records (id, record_id, circle_id, connection_id, tag, survivor, threshold, week,
                        until, match_id, matched_at, notified_at)
                        VALUES (\(bind: UUID()), \(bind: UUID()), \(bind: circle), \(bind: connection), \(bind: tag),
                        \(bind: String(repeating: survivor, count: 64)), 2, \(bind: told), \(bind: Date().addingTimeInterval(86_400)),
                        \(bind: matchID), \(bind: told), \(bind: told))
                        """
                    ).run()
                }
                try await migration.prepare(on: db)
            }
            let kept = try await MatchingBoardRecord.query(on: app.db).all()
            #expect(kept.count == 2 && kept.allSatisfy { $0.notifiedAt != nil && $0.grownAt == nil })
            #expect(try await MatchBoard.due(before: Date(), on: app.db).isEmpty, "told, and not grown: nothing due")
            try await app.db.sql().raw(
                """
                INSERT INTO matching_board_records (id, record_id, circle_id, connection_id, tag, survivor, threshold, week, until)
                VALUES (\(bind: UUID()), \(bind: UUID()), \(bind: circle), \(bind: connection), \(bind: tag),
                \(bind: String(repeating: "3", count: 64)), 2, \(bind: Date()), \(bind: Date().addingTimeInterval(86_400)))
                """
            ).run()
            try await MatchBoard.match(tag: tag, circle: circle, now: Date(), on: app.db)
            let grown = try await MatchingBoardRecord.query(on: app.db).all()
            #expect(grown.filter { $0.grownAt != nil }.count == 2 && Set(grown.compactMap(\.matchID)) == [matchID])
            // Due the Monday after, all three: two told again and the newcomer.
            #expect(try await MatchBoard.due(before: Date().addingTimeInterval(7 * 86_400), on: app.db).count == 3)
        }
    }

    @Test("the board's benchmark loads, looks up and inserts on this database")
    func benchmarkRuns() async throws {
        try await withTejido { app, _ in
            let report = try await app.benchMatchingBoard(sizes: [1000], samples: 10, scan: false)
            #expect(report.contains("1000 records") && report.contains("lookup p50"))
        }
    }

    @Test("a key holder's count of a member's evaluations adds and reads back in one statement, on either database")
    func evaluationCount() async throws {
        try await withTejido { app, _ in
            let connection = try await Self.connection(app, "Llave")
            let counts = KeyHolderCounts(database: app.db, now: Date())
            let circle = UUID()
            #expect(try await counts.count(circle: circle, connection: connection, adding: 4) == 4)
            #expect(try await counts.count(circle: circle, connection: connection, adding: 4) == 8)
            #expect(try await counts.count(circle: UUID(), connection: connection, adding: 1) == 1, "another circle")
            #expect(try await counts.today(circle: circle) == [connection: 8])
        }
    }
}
