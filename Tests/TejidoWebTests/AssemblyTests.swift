import Fluent
import Foundation
import TejidoCore
import Testing
import VaporTesting

@testable import TejidoWeb

/// The assembly through its pages: motions, positions, closing, and items that come from a case.
@Suite("Assembly")
struct AssemblyTests {
    /// Opens a motion as `browser` and returns the item's address.
    static func motion(_ browser: TestBrowser, _ title: String, text: String = "We propose it") async throws -> String {
        let response = try await browser.post("/c/casa/assembly/items", ["title": title, "text": text])
        #expect(response.status == .seeOther)
        let page = try await browser.get("/c/casa/assembly").text
        let marker = "\">\(title)</a>"
        guard let end = page.range(of: marker) else { throw ItemNotListed() }
        let start = try #require(page[..<end.lowerBound].range(of: "href=\"", options: .backwards))
        return String(page[start.upperBound..<end.lowerBound])
    }

    struct ItemNotListed: Error {}

    static func members(_ app: Application) async throws -> [String: TestBrowser] {
        let (casa, ana) = try await Fixtures.casaWithAdmin(app)
        var browsers = ["ana": ana]
        for (name, role) in [("beto", CollectiveRole.member), ("cora", .careTeam), ("dani", .member)] {
            try await Fixtures.member(app, casa, name, role: role)
            let browser = TestBrowser(app)
            try await browser.signIn(name)
            browsers[name] = browser
        }
        return browsers
    }

    @Test("consent: a block with its reason stops the proposal until the person lifts it; then it passes with counts")
    func consentWithBlock() async throws {
        try await withTejido { app, _ in
            let m = try await Self.members(app)
            let item = try await Self.motion(m["beto"]!, "ZQ-MOTION Kitchen rota", text: "Everyone cooks once a month")
            let first = try await m["dani"]!.get(item).text
            #expect(first.contains("Everyone cooks once a month") && !first.contains("withdrew their consent"))

            // A block without a reason is refused, keeping the choice.
            let bare = try await m["dani"]!.post(item + "/position", ["position": "block", "reason": ""])
            #expect(bare.status == .unprocessableEntity && bare.text.contains("Say why you block"))
            #expect(bare.text.contains("id=\"position-block\" name=\"position\" value=\"block\" checked"))
            #expect(
                try await m["dani"]!.post(item + "/position", ["position": "block", "reason": "Leaves out night shifts"]).status
                    == .seeOther)
            for name in ["ana", "beto", "cora"] {
                #expect(try await m[name]!.post(item + "/position", ["position": "agree"]).status == .seeOther)
            }
            let open = try await m["ana"]!.get(item).text
            #expect(open.contains("Leaves out night shifts") && open.contains("dani"), "positions are visible by default")

            // The block is talked through; Dani changes her position before the decision closes.
            #expect(
                try await m["dani"]!.post(item + "/position", ["position": "concern", "reason": "Watch the night shifts"]).status
                    == .seeOther)
            #expect(try await DecisionPositionRecord.query(on: app.db).count() == 4, "changing a position replaces it")

            // Members cannot close; the care team can, after seeing what closing now decides.
            #expect(try await m["beto"]!.get(item + "/close").status == .forbidden)
            #expect(try await m["beto"]!.post(item + "/close", ["confirm": "yes"]).status == .forbidden)
            let unconfirmed = try await m["cora"]!.post(item + "/close")
            #expect(unconfirmed.status == .seeOther && unconfirmed.location == item + "/close")
            #expect(try await DecisionRecord.query(on: app.db).filter(\.$outcomeValue != nil).count() == 0)
            let review = try await m["cora"]!.get(item + "/close").text
            #expect(
                review.contains(
                    "Counted now: 3 agreed, 0 abstained, 1 raised a concern, 0 blocked. The outcome would be: Adopted."))
            #expect(try await m["cora"]!.post(item + "/close", ["confirm": "yes"]).status == .seeOther)
            let closed = try await m["beto"]!.get(item).text
            #expect(closed.contains("Adopted") && closed.contains("3 agreed, 0 abstained, 1 raised a concern, 0 blocked"))
            #expect(!closed.contains("/position\""), "no position form once closed")
            #expect(try await m["beto"]!.post(item + "/position", ["position": "block", "reason": "late"]).status == .conflict)
            #expect(try await m["cora"]!.post(item + "/close", ["confirm": "yes"]).status == .conflict, "a decision closes once")
        }
    }

    @Test("a block that stands at closing blocks; too few positions decide nothing")
    func blockedAndNoQuorum() async throws {
        try await withTejido { app, _ in
            let m = try await Self.members(app)
            let blocked = try await Self.motion(m["beto"]!, "ZQ-BLOCKED")
            for name in ["ana", "beto"] { _ = try await m[name]!.post(blocked + "/position", ["position": "agree"]) }
            _ = try await m["dani"]!.post(blocked + "/position", ["position": "block", "reason": "Not like this"])
            _ = try await m["cora"]!.post(blocked + "/close", ["confirm": "yes"])
            #expect(try await m["beto"]!.get(blocked).text.contains("Blocked"))

            let thin = try await Self.motion(m["beto"]!, "ZQ-THIN")
            _ = try await m["beto"]!.post(thin + "/position", ["position": "agree"])
            _ = try await m["cora"]!.post(thin + "/close", ["confirm": "yes"])
            let page = try await m["beto"]!.get(thin).text
            #expect(page.contains("No decision: quorum not reached"))
            let outcomes = try await DecisionRecord.query(on: app.db)
                .filter(\.$subjectValue == DecisionSubject.agendaItem.rawValue).all().compactMap(\.outcomeValue)
            #expect(Set(outcomes) == ["blocked", "no_quorum"])
        }
    }

    @Test("majority vote, with positions hidden until the decision closes")
    func majorityHidden() async throws {
        try await withTejido { app, _ in
            let m = try await Self.members(app)
            let settings = try await m["ana"]!.post(
                "/c/casa/settings",
                ["name": "Casa", "exit_url": "", "decision_method": "majority", "quorum_percent": "75", "hide_positions": "1"])
            #expect(settings.status == .seeOther)
            let item = try await Self.motion(m["beto"]!, "ZQ-VOTE")
            #expect(try await m["beto"]!.post(item + "/position", ["position": "agree"]).status == .unprocessableEntity)
            _ = try await m["beto"]!.post(item + "/position", ["position": "yes", "reason": "ZQ-REASON-BETO"])
            _ = try await m["dani"]!.post(item + "/position", ["position": "no"])
            _ = try await m["ana"]!.post(item + "/position", ["position": "yes"])
            let hidden = try await m["cora"]!.get(item).text
            #expect(
                !hidden.contains("ZQ-REASON-BETO") && !hidden.contains(">beto<") && hidden.contains("Positions taken so far: 3."))
            #expect(try await m["beto"]!.get(item).text.contains("You said: <strong>Yes</strong>"))
            // Whoever closes does not get to peek at hidden positions first.
            let review = try await m["cora"]!.get(item + "/close").text
            #expect(review.contains("Positions stay hidden until the decision closes") && !review.contains("2 yes"))
            _ = try await m["cora"]!.post(item + "/close", ["confirm": "yes"])
            let shown = try await m["cora"]!.get(item).text
            #expect(shown.contains("ZQ-REASON-BETO") && shown.contains("2 yes, 1 no, 0 abstained") && shown.contains("Adopted"))
        }
    }

    @Test("bad settings and bad meetings are refused with what was typed kept")
    func badInput() async throws {
        try await withTejido { app, _ in
            let m = try await Self.members(app)
            let settings = try await m["ana"]!.post(
                "/c/casa/settings", ["name": "Casa", "exit_url": "", "decision_method": "lottery", "quorum_percent": "0"])
            #expect(settings.status == .unprocessableEntity)
            #expect(settings.text.contains("Choose how the assembly decides") && settings.text.contains("from 1 to 100"))
            #expect(try await CollectiveRecord.query(on: app.db).first()?.quorumPercent == 50)

            let meeting = try await m["cora"]!.post(
                "/c/casa/assembly/meetings", ["meeting_title": "ZQ-MARCH", "held_on": "2027-02-30"])
            #expect(meeting.status == .unprocessableEntity && meeting.text.contains("value=\"ZQ-MARCH\""))
            #expect(
                try await m["beto"]!.post("/c/casa/assembly/meetings", ["meeting_title": "Mine", "held_on": "2027-03-14"]).status
                    == .forbidden)
            let made = try await m["cora"]!.post(
                "/c/casa/assembly/meetings", ["meeting_title": "March assembly", "held_on": "2027-03-14"])
            let meetingURL = try #require(made.location)
            #expect(try await m["cora"]!.post(meetingURL + "/minutes", ["minutes": "We met."]).status == .seeOther)
            #expect(try await m["dani"]!.get(meetingURL).text.contains("We met."))
            #expect(try await m["dani"]!.post(meetingURL + "/minutes", ["minutes": "Rewritten"]).status == .forbidden)

            let empty = try await m["beto"]!.post("/c/casa/assembly/items", ["title": "", "text": "ZQ-KEPT"])
            #expect(
                empty.status == .unprocessableEntity && empty.text.contains("ZQ-KEPT") && empty.text.contains("Give it a title"))
            #expect(try await AssemblyItemRecord.query(on: app.db).count() == 0)
        }
    }

    @Test(
        "a case reaches the assembly only with consent, only as an approved summary naming nobody, and leaves it when consent ends"
    )
    func itemFromCase() async throws {
        try await withTejido { app, _ in
            let p = try await CaseTests.people(app, ["limit_not_to_assembly": "1"])
            let url = p.caseURL
            _ = try await p.sofi.post(url + "/people", ["username": "beto", "role": "supporter"])
            _ = try await p.sofi.post(url + "/pod", ["pod_name": "Zacarías from the bakery", "pod_ring": "solid"])
            let summary = ["title": "A request about the kitchen", "text": "ZQ-SUMMARY Someone asks to be kept apart."]

            // While her wish stands there is no way in, whatever is posted.
            #expect(try await p.sofi.get(url + "/assembly").text.contains("asked that this not go to the assembly"))
            #expect(try await p.sofi.post(url + "/assembly", summary).status == .forbidden)
            // Lifting the wish is not enough: consent is recorded first.
            _ = try await p.sofi.post(url + "/wishes", ["limit_no_police": "1"])
            #expect(try await p.sofi.post(url + "/assembly", summary).status == .forbidden)
            let consent = try await p.sofi.post(
                url + "/consents", ["scope": "assembly_item", "detail": "A summary I approve, no names", "days": "30"])
            #expect(consent.status == .seeOther)

            // A summary with a name the case knows is refused, and kept for her to fix.
            for named in ["Beto wants this", "as zacarias said"] {
                let refused = try await p.sofi.post(url + "/assembly", ["title": "A request", "text": named])
                #expect(refused.status == .unprocessableEntity && refused.text.contains("names someone the case knows"))
                #expect(refused.text.contains(named))
            }
            // The supporter may not raise it (not acting for her); the survivor may.
            #expect(try await p.beto.post(url + "/assembly", summary).status == .forbidden)
            #expect(try await p.sofi.post(url + "/assembly", summary).status == .seeOther)

            let agenda = try await p.ana.get("/c/casa/assembly").text
            #expect(agenda.contains("A request about the kitchen") && agenda.contains("From a case"))
            let itemRecord = try #require(
                try await AssemblyItemRecord.query(on: app.db).filter(\.$caseID != nil).first())
            #expect(itemRecord.proposedBy == nil && itemRecord.title == nil && itemRecord.text == nil)
            let item = "/c/casa/assembly/items/\(try itemRecord.requireID().uuidString)"
            let read = try await p.ramon.get(item).text
            #expect(read.contains("ZQ-SUMMARY"))
            for secret in ["sofi", "beto", "ZQ-NARRATIVE", "ZQ-WORDS", "Zacar"] {
                #expect(!read.contains(secret) && !agenda.contains(secret), "the assembly sees \(secret)")
            }

            _ = try await p.ana.post(item + "/position", ["position": "concern", "reason": "ZQ-REASON-ANA about the kitchen"])
            #expect(try await p.beto.get(item).text.contains("ZQ-REASON-ANA"))

            // Revoking consent withdraws it from the assembly at once: words gone, no more positions.
            let consentID = try #require(
                try await CaseConsentRecord.query(on: app.db).all().last?.requireID().uuidString)
            #expect(try await p.sofi.post(url + "/consents/\(consentID)/revoke").status == .seeOther)
            let after = try await p.ramon.get(item).text
            #expect(!after.contains("ZQ-SUMMARY") && after.contains("withdrew their consent"))
            #expect(try await p.ramon.post(item + "/position", ["position": "agree"]).status == .conflict)
            #expect(!(try await p.ana.get("/c/casa/assembly").text.contains("A request about the kitchen")))
            #expect(!after.contains("ZQ-REASON-ANA"), "members' reasons go with the item")
            #expect(try await DecisionPositionRecord.query(on: app.db).count() == 0)
            // A new consent is for a new item: the withdrawn one stays withdrawn.
            let renewed = try await p.sofi.post(
                url + "/consents", ["scope": "assembly_item", "detail": "A new summary, later", "days": "30"])
            #expect(renewed.status == .seeOther)
            #expect(try await p.sofi.get(url + "/consents").text.contains("A new summary, later"))
            let again = try await p.ramon.get(item).text
            #expect(!again.contains("ZQ-SUMMARY") && again.contains("withdrew their consent"))
        }
    }

    @Test("the outcome is noted in the case, and deleting the case leaves no words behind")
    func outcomeAndDeletion() async throws {
        try await withTejido { app, _ in
            let p = try await CaseTests.people(app)
            let url = p.caseURL
            _ = try await p.sofi.post(
                url + "/consents", ["scope": "assembly_item", "detail": "A summary I approve", "days": "30"])
            _ = try await p.sofi.post(url + "/assembly", ["title": "ZQ-ITEM-TITLE", "text": "ZQ-ITEM-TEXT"])
            let itemRecord = try #require(
                try await AssemblyItemRecord.query(on: app.db).filter(\.$caseID != nil).first())
            let item = "/c/casa/assembly/items/\(try itemRecord.requireID().uuidString)"
            for browser in [p.ana, p.beto, p.cora, p.ramon, p.sofi] {
                _ = try await browser.post(item + "/position", ["position": "agree"])
            }
            #expect(try await p.cora.post(item + "/close", ["confirm": "yes"]).status == .seeOther)
            let casePage = try await p.sofi.get(url + "/assembly").text
            #expect(casePage.contains("ZQ-ITEM-TITLE") && casePage.contains("Adopted"))
            let timeline = try await p.sofi.get(url).text
            #expect(timeline.contains("The assembly decided on this case&#39;s item: Adopted."))
            #expect(timeline.contains("<strong>The assembly</strong>"), "credited to the assembly")
            #expect(!timeline.contains("Someone no longer in the case"))
            #expect(try await p.sofi.get(url + "/log").text.contains("The assembly&#39;s decision was recorded"))

            _ = try await p.sofi.post(url + "/delete", ["confirm": "yes"])
            #expect(try await AssemblyItemRecord.query(on: app.db).filter(\.$caseID != nil).first()?.sealed == nil)
            let agenda = try await p.ana.get("/c/casa/assembly").text
            #expect(!agenda.contains("ZQ-ITEM") && agenda.contains("An item from a case, withdrawn"))
        }
    }

    @Test("a protocol version put to the collective is adopted by the assembly's decision, or recorded from a meeting elsewhere")
    func protocolAdoption() async throws {
        try await withTejido { app, _ in
            let m = try await Self.members(app)
            #expect(try await m["ana"]!.post("/c/casa/protocol/propose", ["version": "1"]).status == .seeOther)
            let agenda = try await m["dani"]!.get("/c/casa/assembly").text
            #expect(agenda.contains("Adopt version 1 of the protocol"))
            let item = try #require(try await AssemblyItemRecord.query(on: app.db).filter(\.$protocolVersionID != nil).first())
            let url = "/c/casa/assembly/items/\(try item.requireID().uuidString)"
            #expect(try await m["dani"]!.get(url).text.contains("/c/casa/protocol/versions/1"))
            for name in ["ana", "beto", "dani"] { _ = try await m[name]!.post(url + "/position", ["position": "agree"]) }
            // The care team is not offered what it would be refused, and is told who closes it.
            let coraView = try await m["cora"]!.get(url).text
            #expect(!coraView.contains(url + "/close") && coraView.contains("an admin of the collective closes it"))
            #expect(try await m["ana"]!.get(url).text.contains(url + "/close"))
            #expect(
                try await m["cora"]!.post(url + "/close", ["confirm": "yes"]).status == .forbidden,
                "adopting stays with the admins")
            #expect(try await m["ana"]!.post(url + "/close", ["confirm": "yes"]).status == .seeOther)
            let collective = try #require(try await CollectiveRecord.query(on: app.db).first())
            let adopted = try #require(
                try await ProtocolQueries(database: app.db, collectiveID: collective.requireID()).adopted())
            #expect(adopted.version.number == 1 && adopted.decision.methodValue == "consent" && adopted.decision.agree == 3)
            #expect(try await m["ana"]!.get("/c/casa/protocol/decision").status == .notFound, "nothing left to record")

            // Version 2, decided at a meeting outside Tejido and recorded by an admin: the item follows.
            let admin = try #require(try await UserRecord.query(on: app.db).filter(\.$username == "ana").first()?.requireID())
            _ = try await ProtocolService(database: app.db, now: app.tejido.clock.now()).save(
                collectiveID: collective.requireID(), authorID: admin, base: nil, note: nil, part: { _ in nil },
                change: {
                    $0.title = LocalizedText(en: "Casa's protocol, second reading", es: "Protocolo de Casa, segunda lectura")
                })
            #expect(try await m["ana"]!.post("/c/casa/protocol/propose", ["version": "2"]).status == .seeOther)
            _ = try await m["ana"]!.post("/c/casa/protocol/decision", ["outcome": "not_adopted", "agree": "1", "disagree": "4"])
            let second = try #require(
                try await AssemblyItemRecord.query(on: app.db).filter(\.$protocolVersionID != nil).all()
                    .first { $0.id != item.id })
            let page = try await m["dani"]!.get("/c/casa/assembly/items/\(try second.requireID().uuidString)").text
            #expect(page.contains("Adopt version 2 of the protocol") && page.contains("Not adopted"))
            #expect(page.contains("decided at a meeting outside Tejido") && !page.contains("Save my position"))
        }
    }
}
