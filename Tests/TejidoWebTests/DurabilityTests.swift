import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import SQLiteNIO
import TejidoCore
import Testing
import VaporTesting

@testable import TejidoWeb

@Suite("Writes that survive")
struct DurabilityTests {
    @Test("every connection to the embedded database syncs each commit, including one opened later")
    func fullSync() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tejido-sync-" + UUID().uuidString).path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/tejido.sqlite"
        try await withTejido({ $0.database = .sqlite(path: path) }) { app, _ in
            // One pooled connection per event loop: each answers FULL (2), not NORMAL (1).
            for eventLoop in app.eventLoopGroup.makeIterator() {
                let db = try #require(app.databases.database(logger: app.logger, on: eventLoop) as? any SQLDatabase)
                let row = try #require(try await db.raw("PRAGMA synchronous").first())
                #expect(try row.decode(column: "synchronous", as: Int.self) == 2)
                let mode = try #require(try await db.raw("PRAGMA journal_mode").first())
                #expect(try mode.decode(column: "journal_mode", as: String.self) == "wal")
            }
            // A connection opened outside any pool (as a pool opens one again after losing one).
            let fresh = try await SQLiteConnection.open(storage: .file(path: path), logger: app.logger)
            let rows = try await fresh.query("PRAGMA synchronous")
            #expect(rows.first?.column("synchronous")?.integer == 2)
            try await fresh.close()
        }
    }

    @Test(
        "writes made at once share commits, each returns once its own is committed, and a bad one fails alone",
        arguments: [false, true])
    func groupCommit(oneStatement: Bool) async throws {
        try await withTejido { app, _ in
            try await sql(app).raw("CREATE TABLE group_commit_probe (n INTEGER PRIMARY KEY)").run()
            let batches = NIOLockedValueBox<[Int]>([])
            let writer = GroupCommit<Int>(
                oneStatement: oneStatement, database: { app.db },
                committed: { size in batches.withLockedValue { $0.append(size) } },
                commit: { numbers, db in
                    let sql = try db.sql()
                    var insert = sql.insert(into: "group_commit_probe").columns("n")
                    for n in numbers { insert = insert.values(SQLBind(n)) }
                    try await insert.run()
                })
            /// Writes `numbers` at once; which failed, and whether each acknowledged one was readable.
            func writeAtOnce(_ numbers: [Int]) async throws -> (failed: [Int], unreadable: [Int]) {
                let outcomes = try await withThrowingTaskGroup(of: (Int, Bool, Int).self) { group in
                    for n in numbers {
                        group.addTask {
                            do {
                                try await writer.write(n)
                                // Acknowledged means committed: the row is there when the write returns.
                                let count = try await sql(app).raw(
                                    "SELECT COUNT(*) AS c FROM group_commit_probe WHERE n = \(bind: n)"
                                ).first()?.decode(column: "c", as: Int.self)
                                return (n, true, count ?? 0)
                            } catch { return (n, false, 0) }
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                return (outcomes.filter { !$0.1 }.map(\.0), outcomes.filter { $0.1 && $0.2 != 1 }.map(\.0))
            }
            // Sixty-four at once: enough to share commits, few enough that each read-back gets a
            // pooled connection well within the pool's wait on a loaded machine (two hundred did
            // not, on CI: those reads timed out and counted as failed writes).
            let first = try await writeAtOnce(Array(1...64))
            #expect(first.failed.isEmpty && first.unreadable.isEmpty)
            let sizes = batches.withLockedValue { $0 }
            #expect(sizes.reduce(0, +) == 64)
            #expect((sizes.max() ?? 0) > 1, "sixty-four writes at once were not committed one by one")
            // 7 again, which the table refuses, among new ones: only it fails.
            let second = try await writeAtOnce(Array(65...96) + [7])
            #expect(second.failed == [7] && second.unreadable.isEmpty)
            let stored = try await sql(app).raw("SELECT COUNT(*) AS c FROM group_commit_probe").first()?.decode(
                column: "c", as: Int.self)
            #expect(stored == 96)
        }
    }

    @Test("a case page is answered only once the line saying it was viewed is stored")
    func viewLogged() async throws {
        try await withTejido { app, _ in
            let p = try await CaseTests.people(app)
            for expected in 1...3 {
                let before = try await CaseAccessRecord.query(on: app.db).count()
                #expect(try await p.sofi.get(p.caseURL).status == .ok)
                #expect(try await CaseAccessRecord.query(on: app.db).count() == before + 1, "view \(expected)")
            }
        }
    }
}
