import Fluent
import Foundation
import SQLKit
import TejidoCore
import Testing
import VaporTesting

@testable import TejidoWeb

/// No case can be reached by anyone outside it by editing an address: not a member, not an
/// admin, not the respondent of another case, not a supporter who was removed.
@Suite("Case boundaries")
struct CaseBoundaryTests {
    /// Every case route, with `item` where the route takes a row id.
    /// Every request a case answers, from the one route list (`CasePage.requests`).
    static func caseRequests(slug: String, caseID: String, item: String) -> [(HTTPMethod, SiteURL)] {
        CasePage.requests(item: item).map { ($0.0, .casePage(slug: slug, caseID: caseID, $0.1)) }
    }

    static let hostileForm = [
        "confirm": "yes", "username": "mallory", "role": "supporter", "text": "planted", "kind": "note",
        "visibility": "whole_case", "scope": "tell_respondent", "detail": "planted", "days": "30", "stage": "closed",
        "stage_reason": "planted", "choice": "physical/1", "reason": "planted", "title": "planted", "pod_name": "planted",
        "narrative": "planted", "finish": "1", "safe_contacts": "planted", "approved": "1", "names_agreed": "1",
        "acknowledgement": "planted", "care_work": "planted", "comment": "planted", "commitment_title": "planted",
        "commitment_kind": "care_work", "commitment_due": "2099-01-01", "progress": "done", "note": "planted",
        "for_whom": "survivor", "outcome_kind": "completed", "label": "planted", "progress_view": "all",
    ]

    /// The case's rows, to compare before and after: nothing may change.
    static func snapshot(_ app: Application) async throws -> [Int] {
        [
            try await CaseEntryRecord.query(on: app.db).count(), try await CaseParticipantRecord.query(on: app.db).count(),
            try await CaseConsentRecord.query(on: app.db).count(), try await CaseTaskRecord.query(on: app.db).count(),
            try await CaseRecord.query(on: app.db).filter(\.$deletedAt == nil).count(),
            try await AssemblyItemRecord.query(on: app.db).count(),
            try await CaseRecord.query(on: app.db).filter(\.$stage == "withdrawn").count(),
            try await CaseProposalRecord.query(on: app.db).count(), try await CaseProposalCommentRecord.query(on: app.db).count(),
            try await CaseCommitmentRecord.query(on: app.db).count(), try await CaseCheckInRecord.query(on: app.db).count(),
            try await CaseOutcomeRecord.query(on: app.db).count(), try await CaseCareReferralRecord.query(on: app.db).count(),
            try await CaseMediatorRecord.query(on: app.db).count(),
        ]
    }

    @Test("a member, an admin, another case's respondent and a removed supporter get 404 on every route, and nothing changes")
    func everyRouteEveryOutsider() async throws {
        try await withTejido { app, _ in
            let p = try await CaseTests.people(app)
            // Ramón is the respondent in a case of his own collective, not this one.
            _ = try await p.sofi.post(p.caseURL + "/people", ["username": "beto", "role": "supporter"])
            let file = try #require(try await CaseParticipantRecord.query(on: app.db).all().first { $0.userID != nil })
            let caseID = String(p.caseURL.split(separator: "/").last!)
            let betoRow = try #require(
                try await Fixtures.store(app, as: "sofi").load(UUID(uuidString: caseID)!, in: p.casa.id)?
                    .activePeople.first { $0.username == "beto" })
            _ = file
            #expect(
                try await p.sofi.post(p.caseURL + "/people/\(betoRow.id.uuidString)/remove", ["confirm": "yes"]).status
                    == .seeOther)
            _ = try await p.sofi.post(p.caseURL + "/entries", ["kind": "note", "visibility": "survivor_side", "text": "secret"])
            let entry = try #require(try await CaseEntryRecord.query(on: app.db).sort(\.$createdAt, .descending).first())
            let before = try await Self.snapshot(app)
            for (who, browser) in [("member ramon", p.ramon), ("admin ana", p.ana), ("removed beto", p.beto)] {
                for item in [entry.id!.uuidString, betoRow.id.uuidString] {
                    for (method, url) in Self.caseRequests(slug: "casa", caseID: caseID, item: item) {
                        let response =
                            method == .GET ? try await browser.get(url.path) : try await browser.post(url.path, Self.hostileForm)
                        #expect(response.status == .notFound, "\(who): \(method) \(url.path) answered \(response.status)")
                        #expect(!response.text.contains("secret") && !response.text.contains("ZQ-"))
                    }
                }
            }
            #expect(try await Self.snapshot(app) == before)
            // The survivor sees who tried, by name, even those who are not in the case.
            let log = try await p.sofi.get(p.caseURL + "/log").text
            for name in ["ana", "ramon"] { #expect(log.contains("\(name) (not in this case)")) }
            #expect(log.contains("Was refused"))
        }
    }

    @Test("a case id from another collective fails inside one's own collective's address, even for its survivor")
    func foreignCaseInOwnAddress() async throws {
        try await withTejido { app, _ in
            let p = try await CaseTests.people(app)
            let huerta = try await Fixtures.collective(app, "Huerta", admin: "hugo")
            try await Fixtures.join(
                app, huerta,
                userID: try #require(try await UserRecord.query(on: app.db).filter(\.$username == "sofi").first()?.id),
                role: .member)
            let caseID = String(p.caseURL.split(separator: "/").last!)
            let before = try await Self.snapshot(app)
            for (method, url) in Self.caseRequests(slug: huerta.slug, caseID: caseID, item: UUID().uuidString) {
                let response = method == .GET ? try await p.sofi.get(url.path) : try await p.sofi.post(url.path, Self.hostileForm)
                #expect(response.status == .notFound, "\(method) \(url.path) answered \(response.status)")
            }
            #expect(try await Self.snapshot(app) == before)
        }
    }

    @Test("case content is sealed: no marker in the database file, in a pg_dump, or in the server log")
    func nothingInClear() async throws {
        let path = NSTemporaryDirectory() + "tejido-markers-\(UUID().uuidString).sqlite"
        defer {
            for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let captured = LogCapture()
        try await withTejido({ config in if !isPostgresRun { config.database = .sqlite(path: path) } }) { app, _ in
            app.logger = Logger(label: "capture") { _ in captured }
            app.logger.logLevel = .trace
            let markers = [
                "ZQ-NARRATIVE-7781", "ZQ-WORDS-5521", "ZQMARKENTRY", "ZQMARKPLAN", "ZQMARKPOD", "ZQMARKTASK", "ZQMARKCONSENT",
                "ZQMARKNAME", "ZQMARKREASON", "ZQMARKAWAY",
            ]
            let p = try await CaseTests.people(app, ["want_keep_away": "1", "keep_away_from": "ZQMARKAWAY"])
            let url = p.caseURL
            _ = try await p.sofi.post(url + "/people", ["username": "cora", "role": "facilitator"])
            _ = try await p.sofi.post(url + "/entries", ["kind": "note", "visibility": "only_me", "text": "ZQMARKENTRY"])
            _ = try await p.sofi.post(url + "/safety", ["safe_places": "ZQMARKPLAN"])
            _ = try await p.sofi.post(url + "/pod", ["pod_name": "ZQMARKPOD", "ring": "solid"])
            _ = try await p.sofi.post(url + "/tasks", ["title": "ZQMARKTASK"])
            _ = try await p.sofi.post(
                url + "/consents", ["scope": "assembly_item", "detail": "ZQMARKCONSENT", "days": "10"])
            _ = try await p.cora.post(url + "/classify", ["choice": "physical/1", "reason": "ZQMARKREASON"])
            _ = try await Fixtures.disclose(
                p.beto, slug: "casa", ["for": "other", "survivor_name": "ZQMARKNAME", "agreed_to": "ok"])
            #expect(try await p.sofi.get(url).text.contains("ZQMARKENTRY"), "the markers were written")

            var dump = ""
            if isPostgresRun {
                dump = try Self.pgDump(app)
                #expect(dump.contains("case_entries"), "the dump holds the case tables")
            } else {
                try await sql(app).raw("PRAGMA wal_checkpoint(TRUNCATE)").run()
                for suffix in ["", "-wal", "-journal"] {
                    if let data = FileManager.default.contents(atPath: path + suffix) {
                        dump += String(decoding: data, as: UTF8.self)
                    }
                }
                #expect(dump.contains("case_entries"), "the file holds the case tables")
            }
            let log = captured.text
            #expect(!log.isEmpty, "the server logged requests")
            for marker in markers {
                #expect(!dump.contains(marker), "\(marker) found in the database")
                #expect(!log.contains(marker), "\(marker) found in the log")
            }
        }
    }

    static func pgDump(_ app: Application) throws -> String {
        let url = ProcessInfo.processInfo.environment["TEJIDO_TEST_DATABASE_URL"] ?? ""
        let candidates = ["/usr/lib/postgresql/15/bin/pg_dump", "/usr/bin/pg_dump"]
        guard let tool = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            Issue.record("pg_dump not found")
            return ""
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        // This test's own schema only: other tests drop theirs while they finish, and a dump of the
        // whole database fails when a schema it listed is gone by the time it reads it.
        var arguments = ["--data-only", url]
        if case .postgres(_, let schema?) = app.tejido.config.database { arguments.append("--schema=\(schema)") }
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}

/// Keeps every log line the server writes during a test. One handler serves every logger made
/// from it, on every thread at once, so its metadata and level are read and written under the
/// lock like its lines (unguarded, two requests setting their ids at once crash the process).
final class LogCapture: LogHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    private var storedMetadata: Logger.Metadata = [:]
    private var storedLevel: Logger.Level = .trace

    var metadata: Logger.Metadata {
        get { lock.withLock { storedMetadata } }
        set { lock.withLock { storedMetadata = newValue } }
    }

    var logLevel: Logger.Level {
        get { lock.withLock { storedLevel } }
        set { lock.withLock { storedLevel = newValue } }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { lock.withLock { storedMetadata[key] } }
        set { lock.withLock { storedMetadata[key] = newValue } }
    }

    func log(
        level: Logger.Level, message: Logger.Message, metadata extra: Logger.Metadata?, source: String, file: String,
        function: String, line: UInt
    ) {
        lock.withLock { lines.append("\(message) \(extra ?? [:]) \(storedMetadata)") }
    }

    var text: String { lock.withLock { lines.joined(separator: "\n") } }
}
