import Fluent
import Foundation
import SQLKit
import TejidoCore
import Testing
import VaporTesting

@testable import TejidoWeb

@Suite("Metrics")
struct MetricsTests {
    @Test("/metrics, on its own loopback port, counts by route pattern and names no id, account or collective")
    func scrapeAfterTheDemo() async throws {
        try await withTejido({ $0.metricsPort = 0 }) { app, clock in
            let demo = try await app.makeDemo()
            try await app.asyncBoot()
            let address = try #require(app.metricsListener?.localAddress)
            #expect(address.ipAddress == "127.0.0.1")
            let listener = try #require(address.port)

            // People at work: the survivor opens each of her cases, the respondent his proposal.
            let sofi = TestBrowser(app)
            try await sofi.signIn("demo-sofi", passphrase: demo.passphrase)
            let links = try await sofi.get("/c/\(demo.slug)/cases").text
                .matches(of: /\/c\/[a-z0-9]+\/cases\/[0-9A-F-]{36}/).map { String($0.0) }
            var opened = 0
            for link in Set(links) where try await sofi.get(link).status == .ok { opened += 1 }
            #expect(opened >= 4)
            let ramon = TestBrowser(app)
            try await ramon.signIn("demo-ramon", passphrase: demo.passphrase)
            #expect(try await ramon.get("/c/\(demo.slug)/cases").status == .ok)
            // Someone guessing at Lu's account until the throttle refuses: past five failures.
            let guesser = TestBrowser(app)
            var statuses: [HTTPStatus] = []
            for _ in 0..<7 {
                statuses.append(try await guesser.post("/login", ["username": "demo-lu", "passphrase": "wrong guess"]).status)
            }
            #expect(statuses.last == .tooManyRequests)
            // A real path no route answers, carrying a name and a case's id.
            let caseID = try #require(try await CaseRecord.query(on: app.db).first()?.id)
            #expect(try await sofi.get("/nowhere/demo-sofi/\(caseID.uuidString)").status == .notFound)
            // Every id there was, before retention deletes the ended cases.
            var ids = try await Self.everyRowID(app)
            clock.advance(minutes: 731 * 1_440)
            let deleted = try await app.deleteExpiredCases()
            #expect(deleted >= 2)
            ids.formUnion(try await Self.everyRowID(app))

            let scrape = try await Self.get(app, listener, "/metrics")
            #expect(scrape.status == .ok)
            let text = scrape.body.map { String(buffer: $0) } ?? ""

            // What is there: requests by pattern, the database, the throttle, retention.
            let slug = RouteParameter.slug.placeholder
            let caseParameter = RouteParameter.caseID.placeholder
            for expected in [
                #"tejido_http_requests_total{method="GET",route="/c/\#(slug)/cases/\#(caseParameter)",status="200"}"#,
                #"tejido_http_requests_total{method="POST",route="/login",status="429"}"#,
                #"tejido_http_requests_total{method="GET",route="(no route)",status="404"}"#,
                #"tejido_http_request_duration_seconds_bucket{method="GET",route="/c/\#(slug)/cases",status="200",le="#,
                #"tejido_db_operation_duration_seconds_count{operation="transaction"}"#,
                "tejido_db_operations_in_flight 0.0\n",
                #"tejido_signin_throttled_total{rule="account"} 2"#,
                "tejido_retention_deleted_cases_total \(deleted)",
            ] {
                #expect(text.contains(expected), "missing \(expected)")
            }

            // What never is: any row's id, an account's name, a collective's address or name.
            #expect(ids.count > 100, "the database's ids were not all found")
            let lowered = text.lowercased()
            for id in ids { #expect(!lowered.contains(id.lowercased()), "a row's id is on /metrics") }
            #expect(text.firstMatch(of: /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-/) == nil)
            let usernames = try await UserRecord.query(on: app.db).all().map(\.username)
            #expect(usernames.count == demo.usernames.count)
            for name in usernames { #expect(!text.contains(name), "\(name) is on /metrics") }
            for collective in try await CollectiveRecord.query(on: app.db).all() {
                #expect(!text.contains(collective.slug) && !text.contains(collective.name))
            }

            // The listener answers GET /metrics alone; the app's own port has no /metrics at all.
            #expect(try await Self.get(app, listener, "/").status == .notFound)
            #expect(try await Self.get(app, listener, "/metrics", method: .POST).status == .notFound)
            let outside = try await TestBrowser(app, overNetwork: true).get("/metrics")
            #expect(outside.status == .notFound && !outside.text.contains("tejido_"))
        }
    }

    @Test("with TEJIDO_METRICS_PORT unset, no listener starts")
    func offByDefault() async throws {
        try await withTejido { app, _ in
            try await app.asyncBoot()
            #expect(app.metricsListener == nil)
        }
    }

    @Test("a transaction is one database operation in flight while it runs; its queries are not counted again")
    func databaseInFlight() async throws {
        try await withTejido { app, _ in
            let metrics = app.tejido.metrics
            let queries = #"tejido_db_operation_duration_seconds_count{operation="query"}"#
            let queriesBefore = Self.line(queries, of: metrics)
            try await app.db.transaction { db in
                _ = try await UserRecord.query(on: db).count()
                #expect(Self.line("tejido_db_operations_in_flight", of: metrics) == "tejido_db_operations_in_flight 1.0")
            }
            #expect(Self.line(queries, of: metrics) == queriesBefore)
            _ = try await UserRecord.query(on: app.db).count()
            #expect(Self.line("tejido_db_operations_in_flight", of: metrics) == "tejido_db_operations_in_flight 0.0")
            let transactions = #"tejido_db_operation_duration_seconds_count{operation="transaction"}"#
            #expect(Self.line(transactions, of: metrics) == transactions + " 1")
        }
    }

    @Test("requests that matched no route are named without their path or an unknown method")
    func unmatchedRequestsAreBounded() async throws {
        try await withTejido { app, _ in
            let browser = TestBrowser(app)
            _ = try await browser.send(.RAW(value: "BREW"), "/c/k3m9x2qpwa/secret", headers: [:], body: nil)
            let text = String(decoding: app.tejido.metrics.exposition(), as: UTF8.self)
            // Refused before routing (no form token), so 403.
            #expect(text.contains(#"tejido_http_requests_total{method="OTHER",route="(no route)",status="403"} 1"#))
            #expect(!text.contains("k3m9x2qpwa") && !text.contains("BREW"))
        }
    }

    /// The line of what `/metrics` shows that begins with `series` and a space.
    static func line(_ series: String, of metrics: TejidoMetrics) -> String? {
        String(decoding: metrics.exposition(), as: UTF8.self).split(separator: "\n")
            .first { $0.hasPrefix(series + " ") }.map(String.init)
    }

    /// A request to the metrics listener over a real connection.
    static func get(_ app: Application, _ port: Int, _ path: String, method: HTTPMethod = .GET) async throws -> ClientResponse {
        try await app.client.send(method, to: URI(string: "http://127.0.0.1:\(port)\(path)"))
    }

    /// The id of every row of every table that has an `id` column.
    static func everyRowID(_ app: Application) async throws -> Set<String> {
        let sql = sql(app)
        let listing: SQLQueryString =
            sql.dialect.name == "sqlite"
            ? "SELECT m.name AS name FROM sqlite_master m JOIN pragma_table_info(m.name) p ON p.name = 'id' WHERE m.type = 'table'"
            : "SELECT table_name AS name FROM information_schema.columns WHERE column_name = 'id' AND table_schema = current_schema()"
        var ids: Set<String> = []
        for table in try await sql.raw(listing).all().map({ try $0.decode(column: "name", as: String.self) }) {
            for row in try await sql.raw("SELECT id FROM \(ident: table)").all() {
                if let id = try? row.decode(column: "id", as: UUID.self) { ids.insert(id.uuidString) }
            }
        }
        return ids
    }
}
