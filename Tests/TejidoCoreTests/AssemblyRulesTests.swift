import Foundation
import Testing

@testable import TejidoCore

/// How the assembly decides, and what an item from a case may say, without a server.
@Suite("Assembly rules")
struct AssemblyRulesTests {
    static let consent = AssemblySettings(method: .consent, quorumPercent: 50)
    static let majority = AssemblySettings(method: .majority, quorumPercent: 50)

    @Test("consent: one block stops a proposal however many agree")
    func blockStops() {
        let tally = Tally([.agree, .agree, .agree, .concern, .block], members: 6, settings: Self.consent)
        #expect(tally.result == .blocked)
        #expect(Tally([.agree, .agree, .agree, .concern, .abstain], members: 6, settings: Self.consent).result == .adopted)
    }

    @Test("consent: with no block it still needs someone who agrees")
    func consentNeedsAgreement() {
        #expect(Tally([.abstain, .abstain, .concern], members: 4, settings: Self.consent).result == .notAdopted)
    }

    @Test("quorum not met means no decision, under either method")
    func quorum() {
        #expect(Tally([.agree, .agree], members: 5, settings: Self.consent).result == .noQuorum)
        #expect(Tally([.agree, .agree, .agree], members: 5, settings: Self.consent).result == .adopted)
        #expect(Tally([.yes], members: 3, settings: Self.majority).result == .noQuorum)
        // The quorum is the share rounded up: 50% of 5 is 3 people, 100% of 5 is all 5.
        #expect(Tally([], members: 5, settings: Self.consent).quorum == 3)
        #expect(Tally([], members: 5, settings: AssemblySettings(quorumPercent: 100)).quorum == 5)
        #expect(Tally([], members: 0, settings: Self.consent).quorum == 1)
    }

    @Test("majority: more yes than no passes; a tie does not")
    func majorityRule() {
        #expect(Tally([.yes, .yes, .no, .abstain], members: 4, settings: Self.majority).result == .adopted)
        #expect(Tally([.yes, .no, .abstain], members: 4, settings: Self.majority).result == .notAdopted)
    }

    @Test("a block needs a reason; each method takes only its own positions")
    func positions() throws {
        #expect(throws: TejidoError.invalid([FieldProblem(field: "reason", messageKey: "error_position_block_reason")])) {
            try Position.validated("block", reason: "   ", method: .consent)
        }
        #expect(try Position.validated("block", reason: "It punishes her", method: .consent) == (.block, "It punishes her"))
        for (raw, method) in [("yes", AssemblySettings.Method.consent), ("block", .majority), ("", .consent), ("x", .majority)] {
            #expect(throws: TejidoError.self) { try Position.validated(raw, reason: "", method: method) }
        }
    }

    @Test("settings refuse an unknown method and a quorum outside 1–100")
    func settings() throws {
        #expect(try AssemblySettings.validated(method: "majority", quorumPercent: "30", hidePositions: true).quorumPercent == 30)
        for (method, quorum) in [("unanimity", "50"), ("consent", "0"), ("consent", "101"), ("consent", "half")] {
            #expect(throws: TejidoError.self) {
                try AssemblySettings.validated(method: method, quorumPercent: quorum, hidePositions: false)
            }
        }
    }

    @Test("an item from a case is refused while it names anyone the case knows, ignoring case and accents")
    func anonymity() throws {
        let names = ["sofía", "Bruno from the choir", "ana"]
        #expect(AgendaText.names(names, foundIn: "Sofia asked for this") == ["sofía"])
        #expect(AgendaText.names(names, foundIn: "as bruno said") == ["Bruno from the choir"])
        #expect(AgendaText.names(names, foundIn: "bananas, the choir and a banana") == [], "parts of words are not names")
        #expect(AgendaText.names(["demo-ramon"], foundIn: "as demo ramon said") == ["demo-ramon"])
        #expect(AgendaText.names(["demo-ramon"], foundIn: "a demo for ramona") == [])
        let text = AgendaText(title: "A request", text: "Someone asks that ANA not come to the kitchen")
        #expect(throws: TejidoError.self) { try text.validatedAnonymous(knownNames: names) }
        var agreed = text
        agreed.namesAgreed = true
        #expect(try agreed.validatedAnonymous(knownNames: names).text == text.text)
        let clean = AgendaText(title: "A request", text: "Someone asks to be kept apart in the kitchen")
        #expect(try clean.validatedAnonymous(knownNames: names) == clean)
    }

    @Test("a meeting needs a name and a real day")
    func meetings() throws {
        #expect(try MeetingDetails.validated(title: "March", day: "2027-03-14").title == "March")
        for day in ["2027-02-30", "14/03/2027", "", "2027-3-14"] {
            #expect(throws: TejidoError.self) { try MeetingDetails.validated(title: "March", day: day) }
        }
    }
}
