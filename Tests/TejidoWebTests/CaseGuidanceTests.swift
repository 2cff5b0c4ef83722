import Fluent
import Testing
import VaporTesting

@testable import TejidoWeb

/// Case pages offer only what would work, and say why something cannot happen yet.
@Suite("What a case page offers")
struct CaseGuidanceTests {
    @Test("no pod while 'do not tell' stands; the assembly page speaks to her and links to her wishes")
    func offersOnlyWhatWorks() async throws {
        try await withTejido { app, _ in
            let p = try await CaseTests.people(app, ["limit_do_not_tell_respondent": "1", "limit_not_to_assembly": "1"])
            let people = try await p.sofi.get(p.caseURL + "/people").text
            #expect(!people.contains(#"<option value="accountability""#), "the pod waits until he may be told")
            #expect(people.contains(#"<option value="supporter""#))
            let assembly = try await p.sofi.get(p.caseURL + "/assembly").text
            #expect(assembly.contains("You asked that this not go to the assembly"))
            #expect(assembly.contains(#"<a href="\#(p.caseURL)/wishes">Change wishes</a>"#))
        }
    }

    @Test("the facilitator is told when the account of what happened is kept from them")
    func narrativeKeptFromFacilitator() async throws {
        try await withTejido { app, _ in
            let p = try await CaseTests.people(app)
            _ = try await p.sofi.post(p.caseURL + "/people", ["username": "cora", "role": "facilitator"])
            let page = try await p.cora.get(p.caseURL + "/classify").text
            #expect(page.contains("shared only with the survivor&#39;s side"))
            #expect(!page.contains("ZQ-NARRATIVE-7781"))
        }
    }

    @Test("adding a commitment is offered only once a proposal is accepted")
    func commitmentsAfterAcceptance() async throws {
        try await withTejido { app, _ in
            let p = try await AccountabilityTests.people(app)
            #expect(!(try await p.base.cora.get(p.url + "/commitments").text.contains("commitment_title")))
            _ = try await p.base.ramon.post(p.url + "/proposal", AccountabilityTests.proposal)
            let id = try #require(try await CaseProposalRecord.query(on: app.db).first()?.requireID().uuidString)
            #expect(try await p.base.cora.post(p.url + "/proposal/\(id)/accept").status == .seeOther)
            #expect(try await p.base.cora.get(p.url + "/commitments").text.contains("commitment_title"))
        }
    }
}
