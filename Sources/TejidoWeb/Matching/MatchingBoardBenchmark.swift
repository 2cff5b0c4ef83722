import Fluent
import Foundation
import SQLKit
import TejidoCore
import Vapor

/// `tejido bench-matching-board` (bench/matching.sh): the board's table filled with `size` records
/// of random tags, then a lookup (the query the board runs when a record arrives) and an insert
/// (the board's whole path: the record, then its tag's matches) timed `samples` times each — and
/// beside them, the linear scan a design that decrypts every stored entry would need at that size.
extension Application {
    public func benchMatchingBoard(sizes: [Int], samples: Int, scan: Bool) async throws -> String {
        // A data folder a previous run filled is timed again without loading it again (ten million
        // records take minutes to load): its records' circle and connection go on.
        struct Loaded: Decodable {
            let circle_id: UUID
            let connection_id: UUID
            let n: Int
        }
        let previous = try await db.sql().raw(
            "SELECT circle_id, connection_id, count(*) AS n FROM matching_board_records GROUP BY circle_id, connection_id"
        ).first(decoding: Loaded.self)
        let connection = previous?.connection_id ?? UUID()
        let circle = previous?.circle_id ?? UUID()
        if previous == nil {
            // A collective and a connection row for the records' foreign key; nothing else is read.
            let board = CollectiveRecord(
                name: "Board", slug: "board-" + String(UUID().uuidString.prefix(5)).lowercased(), createdAt: Date())
            try await board.create(on: db)
            try await db.sql().raw(
                """
                INSERT INTO peer_connections (id, collective_id, invited, state, details_sealed, sends, accepts, peer_accepts, created_at, changed_at)
                VALUES (\(bind: connection), \(bind: try board.requireID()), \(bind: true), 'active', \(bind: Data([0])), '', '', '', \(bind: Date()), \(bind: Date()))
                """
            ).run()
        }
        var lines: [String] = []
        var loaded = previous?.n ?? 0
        let week = MatchBoardRules.weekStart(of: Date())
        let until = Date().addingTimeInterval(365 * 86_400)
        var known: [String] = []
        for size in sizes.sorted() {
            let start = DispatchTime.now().uptimeNanoseconds
            // Loaded by the database itself (random ids, tags and pseudonyms), in transactions of
            // 100,000 rows: the load is setup, not what is measured.
            let sqlite = try db.sql().dialect.name == "sqlite"
            while loaded < size {
                let chunk = min(100_000, size - loaded)
                let rows: SQLQueryString =
                    sqlite
                    ? """
                    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(bind: chunk))
                    INSERT INTO matching_board_records (id, record_id, circle_id, connection_id, tag, survivor, threshold, week, until)
                    SELECT \(unsafeRaw: Self.uuidText("a")), \(unsafeRaw: Self.uuidText("b")), \(bind: circle), \(bind: connection),
                    lower(hex(randomblob(32))), lower(hex(randomblob(32))), 2, \(bind: week), \(bind: until)
                    FROM (SELECT hex(randomblob(16)) AS a, hex(randomblob(16)) AS b FROM n)
                    """
                    : """
                    INSERT INTO matching_board_records (id, record_id, circle_id, connection_id, tag, survivor, threshold, week, until)
                    SELECT gen_random_uuid(), gen_random_uuid(), \(bind: circle), \(bind: connection),
                    md5(random()::text) || md5(random()::text), md5(random()::text) || md5(random()::text), 2, \(bind: week),
                    \(bind: until) FROM generate_series(1, \(bind: chunk))
                    """
                try await db.transaction { db in
                    // A larger page cache for the load: the indexes on random tags touch pages all over.
                    if sqlite { try await db.sql().raw("PRAGMA cache_size = -2000000").run() }
                    try await db.sql().raw(rows).run()
                    // Back to SQLite's default of 2 MB, which the board runs with.
                    if sqlite { try await db.sql().raw("PRAGMA cache_size = -2000").run() }
                }
                loaded += chunk
            }
            // The load's transactions of 100,000 rows leave a write-ahead log of gigabytes, and
            // every page read then searches its index: a board taking one record at a time keeps
            // its log at a few megabytes (SQLite checkpoints every thousand pages). Timing after a
            // checkpoint times the board as it runs, not the load's leftovers.
            if sqlite { try await db.sql().raw("PRAGMA wal_checkpoint(TRUNCATE)").run() }
            let sample = try await db.sql().raw(
                "SELECT tag FROM matching_board_records ORDER BY random() LIMIT 1000"
            ).all().map { try $0.decode(column: "tag", as: String.self) }
            known = sample
            let loadSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let held = loaded
            var lookups: [Double] = []
            var inserts: [Double] = []
            for index in 0..<samples {
                // Half the lookups find a record, half find none.
                let tag = index % 2 == 0 ? known[Int.random(in: 0..<known.count)] : Self.randomTag()
                let t0 = DispatchTime.now().uptimeNanoseconds
                _ = try await MatchBoard.held(tag: tag, circle: circle, on: db)
                lookups.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
                let t1 = DispatchTime.now().uptimeNanoseconds
                let inserted = Self.randomTag()
                let survivor = Self.randomTag()
                try await db.transaction { db in
                    try await db.sql().raw(
                        """
                        INSERT INTO matching_board_records (id, record_id, circle_id, connection_id, tag, survivor, threshold, week, until)
                        VALUES (\(bind: UUID()), \(bind: UUID()), \(bind: circle), \(bind: connection), \(bind: inserted), \(bind: survivor), 2, \(bind: week), \(bind: until))
                        ON CONFLICT DO NOTHING
                        """
                    ).run()
                    try await MatchBoard.match(tag: inserted, circle: circle, now: Date(), on: db)
                }
                inserts.append(Double(DispatchTime.now().uptimeNanoseconds - t1) / 1e6)
            }
            loaded += samples
            let lookup = MatchingBenchmark.percentiles("lookup", lookups)
            let insert = MatchingBenchmark.percentiles("insert", inserts)
            var line = String(
                format:
                    "  %d records (loaded in %.0f s): lookup p50 %.3f ms, p99 %.3f ms; insert and match p50 %.3f ms, p99 %.3f ms",
                held, loadSeconds, lookup.p50, lookup.p99, insert.p50, insert.p99)
            if scan {
                line += String(
                    format: "; linear scan of as many entries: %.0f ms", try MatchingBenchmark.linearScan(entries: size))
            }
            lines.append(line)
            print(line)
        }
        return "Board (\((try? db.sql().dialect.name) ?? "database")), \(samples) samples at each size:\n"
            + lines.joined(separator: "\n")
    }

    /// SQLite text for a random UUID from 32 hex digits in column `h`, as Fluent stores one.
    static func uuidText(_ h: String) -> String {
        "substr(\(h),1,8)||'-'||substr(\(h),9,4)||'-'||substr(\(h),13,4)||'-'||substr(\(h),17,4)||'-'||substr(\(h),21,12)"
    }

    static func randomTag() -> String { MatchTag(bytes: Data((0..<32).map { _ in UInt8.random(in: 0...255) })).hex }
}
