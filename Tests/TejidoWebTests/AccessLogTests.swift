import Fluent
import Testing
import VaporTesting

@testable import TejidoWeb

@Suite("The access log as the survivor reads it")
struct AccessLogTests {
    @Test("a refusal says what was tried; a flood of them is one line with a count; people who left are marked")
    func refusals() async throws {
        try await withTejido { app, _ in
            let p = try await CaseTests.people(app)
            _ = try await p.sofi.post(p.caseURL + "/people", ["username": "beto", "role": "supporter"])
            #expect(try await p.beto.get(p.caseURL).status == .ok)
            // Inside a case, a refusal speaks of the place in the case.
            let forbidden = try await p.beto.post(p.caseURL + "/classify", ["reason": "x"])
            #expect(forbidden.status == .forbidden)
            #expect(forbidden.text.contains("You cannot do this with your place in this case."))
            let linesBefore = try await CaseAccessRecord.query(on: app.db).count()
            for _ in 0..<20 {
                #expect(try await p.ramon.get(p.caseURL + "/log").status == .notFound)
                #expect(try await p.ramon.get(p.caseURL + "/safety").status == .notFound)
            }
            #expect(
                try await CaseAccessRecord.query(on: app.db).count() == linesBefore + 2,
                "forty probes, alternating between two pages, are stored as two lines")
            _ = try await p.ramon.get(p.caseURL)
            // Beto leaves the case; his earlier acts stay, marked.
            let betoPlace = try #require(
                try await p.sofi.get(p.caseURL + "/people").text.firstMatch(of: /\/people\/([0-9A-F-]{36})\/remove/))
            _ = try await p.sofi.post(p.caseURL + "/people/\(betoPlace.1)/remove", ["confirm": "yes"])
            let log = try await p.sofi.get(p.caseURL + "/log").text
            #expect(log.contains("Was refused · tried to open “Who looked at this case” · 20 times since"))
            #expect(log.contains("Was refused · tried to open “Safety plan” · 20 times since"))
            #expect(log.contains("tried to open the case"))
            #expect(log.contains("beto (no longer in this case)"))
        }
    }

    @Test("the browser's own request for an icon gets an empty answer, not an error")
    func favicon() async throws {
        try await withTejido { app, _ in
            let response = try await TestBrowser(app).get("/favicon.ico")
            #expect(response.status == .noContent && response.headers[.setCookie].isEmpty)
        }
    }
}
