import Fluent
import Foundation
import TejidoCore
import Testing
import VaporTesting

@testable import TejidoWeb

@Suite("Demo data")
struct DemoTests {
    @Test("the demo has cases in every stage, a proposal with a commitment and a motion; it refuses a folder in use")
    func demo() async throws {
        try await withTejido { app, _ in
            let demo = try await app.makeDemo()
            let stages = Set(try await CaseRecord.query(on: app.db).all().map(\.stage))
            // Each act has its own moment, so timelines read in order.
            let times = try await CaseEntryRecord.query(on: app.db).all().map(\.createdAt)
            #expect(Set(times).count == times.count, "no two demo entries share a timestamp")
            #expect(stages == Set(CaseStage.allCases.filter { $0 != .deleted }.map(\.rawValue)))
            #expect(try await CaseProposalRecord.query(on: app.db).count() == 1)
            #expect(try await CaseCommitmentRecord.query(on: app.db).count() == 1)
            #expect(try await AssemblyItemRecord.query(on: app.db).filter(\.$source == "motion").count() == 1)

            // The respondent reads his proposal; the admin, in no case, sees no case at all.
            let ramon = TestBrowser(app)
            try await ramon.signIn("demo-ramon", passphrase: demo.passphrase)
            let cases = try await ramon.get("/c/\(demo.slug)/cases").text
            let link = try #require(cases.firstMatch(of: /\/c\/[a-z0-9]+\/cases\/[0-9A-F-]{36}/).map { String($0.0) })
            #expect(try await ramon.get(link + "/proposal").text.contains("Cleaning the social centre on Sundays"))
            let ana = TestBrowser(app)
            try await ana.signIn("demo-ana", passphrase: demo.passphrase)
            #expect(try await ana.get("/c/\(demo.slug)/cases").text.contains("not part of any case"))
            // The closed case's lesson is published; members read it and its practice scenario.
            #expect(try await ana.get("/c/\(demo.slug)/lessons").text.contains("When jokes in meetings were laughed off"))
            #expect(try await ana.get("/c/\(demo.slug)/practice").text.contains("When jokes in meetings were laughed off"))

            // Refused for the folder in use, before anything is written.
            do {
                _ = try await app.makeDemo()
                Issue.record("a second demo ran on a folder in use")
            } catch CommandProblem.notEmpty {
            } catch {
                Issue.record("refused for the wrong reason: \(error)")
            }
            #expect(try await CollectiveRecord.query(on: app.db).count() == 1)
        }
    }
}
