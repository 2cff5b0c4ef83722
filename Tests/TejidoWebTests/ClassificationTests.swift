import Fluent
import TejidoCore
import Testing
import VaporTesting

@testable import TejidoWeb

@Suite("Classifying the harm")
struct ClassificationTests {
    @Test("a case can name several harms, each with its level; reclassifying keeps the earlier one in the record")
    func severalHarms() async throws {
        try await withTejido { app, _ in
            let p = try await CaseTests.people(app)
            _ = try await p.sofi.post(p.caseURL + "/people", ["username": "cora", "role": "facilitator"])
            let form = try await p.cora.get(p.caseURL + "/classify").text
            #expect(form.contains(#"name="level_sexual-assault""#) && form.contains(#"name="level_psychological""#))
            let both = try await p.cora.post(
                p.caseURL + "/classify",
                ["level_psychological": "2", "level_sexual-assault": "serious", "reason": "ZQ-FIRST both happened"])
            #expect(both.status == .seeOther)
            let page = try await p.cora.get(p.caseURL).text
            #expect(page.contains("Psychological") && page.contains("Sexual"))
            // Together: no mediation (sexual harm rules it out), though psychological harm alone allows it.
            #expect(!page.contains("mediation"))
            #expect(page.contains("classified by protocol version 1 as"))

            // Reclassified: the new reading shows, and the first stays on the timeline.
            let again = try await p.cora.post(
                p.caseURL + "/classify", ["level_psychological": "2", "reason": "ZQ-SECOND on reflection"])
            #expect(again.status == .seeOther)
            let after = try await p.cora.get(p.caseURL).text
            #expect(after.contains("ZQ-FIRST both happened") && after.contains("ZQ-SECOND on reflection"))
            #expect(after.contains("The harm was classified again"))
            // Nothing chosen is refused, keeping the reason typed.
            let none = try await p.cora.post(p.caseURL + "/classify", ["reason": "ZQ-KEPT"])
            #expect(none.status == .unprocessableEntity && none.text.contains("ZQ-KEPT"))
        }
    }
}
