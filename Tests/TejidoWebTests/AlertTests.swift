import Fluent
import Foundation
import TejidoCore
import Testing
import VaporTesting

@testable import TejidoWeb

/// Consent-given alerts between two collectives on two instances (issue 18, item 7): the person
/// harmed consents, naming the collective; one of the care team prepares, another confirms; the
/// receiving care team — and only it — sees the alert; retracting or revoking the consent takes it
/// away there; a flood over the quota pauses the sender on the receiving side.
@Suite("Alerts between collectives")
struct AlertTests {
    struct World {
        let a: PeerInstance
        let b: PeerInstance
        let p: AccountabilityTests.People
        let dani: TestBrowser
        let hilda: TestBrowser
        let hugo: TestBrowser
        let ines: TestBrowser
        let connection: UUID
        var url: String { p.url }
    }

    /// Casa on A (the case of AccountabilityTests, with Dani also of its care team and in the case
    /// as a facilitator, limits recorded as its outcome) paired with Huerta on B, both sending and
    /// taking alerts. Huerta has Hugo (admin), Hilda (care team) and Inés (member).
    static func world(_ a: PeerInstance, _ b: PeerInstance) async throws -> World {
        let p = try await AccountabilityTests.people(a.app)
        try await Fixtures.member(a.app, p.base.casa, "dani", role: .careTeam)
        let dani = TestBrowser(a.app)
        try await dani.signIn("dani")
        #expect(try await p.base.sofi.post(p.url + "/people", ["username": "dani", "role": "facilitator"]).status == .seeOther)
        let huerta = try await Fixtures.collective(b.app, "Huerta", admin: "hugo")
        try await Fixtures.member(b.app, huerta, "hilda", role: .careTeam)
        try await Fixtures.member(b.app, huerta, "ines")
        var browsers: [TestBrowser] = []
        for name in ["hilda", "hugo", "ines"] {
            let browser = TestBrowser(b.app)
            try await browser.signIn(name)
            browsers.append(browser)
        }
        let pairing = try await Pairing.pair(a, p.base.casa, with: b, huerta)
        for node in [a, b] {
            let connection = try #require(try await node.env.connections.find(pairing.connection))
            try await PeerConnectionChanges(env: node.env).choose(
                connection, sends: connection.sends.union([.alerts]), accepts: connection.accepts.union([.alerts]))
        }
        await a.deliver()
        await b.deliver()
        #expect(try await a.env.connections.find(pairing.connection)?.sends(.alerts) == true)
        return World(
            a: a, b: b, p: p, dani: dani, hilda: browsers[0], hugo: browsers[1], ines: browsers[2],
            connection: pairing.connection)
    }

    /// What the case needs before an alert, besides its outcome and her consent: her wish that
    /// nothing leaves the collective lifted (and "not to the assembly", so it can have a decision),
    /// and, as the protocol says for these harms, the assembly's adopted decision asking for one.
    static func allowAlert(_ w: World) async throws {
        let base = w.p.base
        #expect(try await base.sofi.post(w.url + "/wishes", ["limit_no_police": "1"]).status == .seeOther)
        #expect(
            try await base.sofi.post(
                w.url + "/consents", ["scope": "assembly_item", "detail": "A summary, no names", "days": "30"]
            ).status == .seeOther)
        #expect(
            try await base.sofi.post(
                w.url + "/assembly",
                [
                    "title": "An alert", "text": "The care team proposes to alert connected collectives.",
                    "asks": "alert_other_collectives",
                ]
            ).status == .seeOther)
        let item = try #require(try await AssemblyItemRecord.query(on: w.a.app.db).filter(\.$caseID != nil).first())
        let itemURL = "/c/casa/assembly/items/\(try item.requireID().uuidString)"
        for browser in [base.ana, base.beto, base.cora, w.p.alma] {
            _ = try await browser.post(itemURL + "/position", ["position": "agree"])
        }
        #expect(try await base.cora.post(itemURL + "/close", ["confirm": "yes"]).status == .seeOther)
        #expect(try await base.cora.get(itemURL).text.contains("Adopted"))
    }

    static func recordLimits(_ w: World, allowAlert: Bool = true) async throws {
        if allowAlert { try await Self.allowAlert(w) }
        let cora = w.p.base.cora
        #expect(
            try await cora.post(w.url + "/classify", ["choice": "psychological/2", "reason": "Repeated insults"]).status
                == .seeOther)
        let limits = [
            "outcome_kind": "limits", "detail": "ZQ-LIMITS Away from the kitchen", "spaces": "Thursday kitchen",
            "until": "2099-01-01",
        ]
        #expect(try await cora.post(w.url + "/outcomes", limits).status == .seeOther)
    }

    static func consent(_ w: World, detail: String = "An alert to La Huerta about Ramón") async throws {
        let response = try await w.p.base.sofi.post(
            w.url + "/consents",
            [
                "scope": "send_alert", "detail": detail, "days": "90",
                "recipient_\(w.connection.uuidString.lowercased())": "1",
            ])
        #expect(response.status == .seeOther)
    }

    static func alertForm(_ w: World, person: String) -> [String: String] {
        [
            "person": person, "harm": "psychological", "ongoing": "1", "contact": "cuidados@casa.example",
            "expires": "2027-12-31", "review": "2027-06-30", "recipient_\(w.connection.uuidString.lowercased())": "1",
        ]
    }

    /// Prepared by Cora, confirmed by Dani; the id of the alert, read from the confirm button.
    static func send(_ w: World, person: String) async throws {
        let prepared = try await w.p.base.cora.post(w.url + "/alerts", alertForm(w, person: person))
        #expect(prepared.status == .seeOther, "\(prepared.text.firstMatch(of: /error-summary[\s\S]*?<\/ul>/)?.0 ?? "")")
        let page = try await w.dani.get(w.url + "/alerts").text
        let confirm = try #require(Self.actions(page, "confirm").first)
        #expect(try await w.dani.post(confirm, [:]).status == .seeOther)
        await w.a.deliver()
    }

    static func actions(_ page: String, _ verb: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: #"action="([^"]+/alerts/[0-9A-Fa-f-]+/\#(verb))""#)
        return regex.matches(in: page, range: NSRange(page.startIndex..., in: page)).map {
            String(page[Range($0.range(at: 1), in: page)!])
        }
    }

    static func queue(_ w: World) async throws -> String {
        let page = try await w.hilda.get(SiteURL.receivedAlerts(slug: "huerta", .queue).path)
        #expect(page.status == .ok)
        return page.text
    }

    @Test(
        "consent comes first; the one who prepared cannot confirm; the other collective's care team alone reads it; retracting takes it away"
    )
    func sendAndRetract() async throws {
        try await withPeerNetwork(2) { nodes in
            let w = try await Self.world(nodes[0], nodes[1])
            let cora = w.p.base.cora

            // Before the outcome, and before her consent, nothing may be prepared.
            #expect(try await cora.get(w.url + "/alerts").text.contains("An alert can be sent only once the case"))
            try await Self.recordLimits(w)
            let noConsent = try await cora.get(w.url + "/alerts")
            #expect(noConsent.status == .ok && noConsent.text.contains("has not given a standing consent"))
            let refused = try await cora.post(w.url + "/alerts", Self.alertForm(w, person: "ZQ-RAMON"))
            #expect(refused.status == .unprocessableEntity)
            // A consent to an alert must name the collective.
            let unnamed = try await w.p.base.sofi.post(
                w.url + "/consents", ["scope": "send_alert", "detail": "An alert", "days": "90"])
            #expect(unnamed.status == .unprocessableEntity && unnamed.text.contains("Tick the connected collectives"))
            try await Self.consent(w)
            #expect(try await w.p.base.sofi.get(w.url + "/consents").text.contains("to Huerta"))

            // Bad fields come back with what was typed.
            var bad = Self.alertForm(w, person: "ZQ-TYPED")
            bad["expires"] = "2031-01-01"
            bad["respondent_process"] = "Going to a men's group"
            let invalid = try await cora.post(w.url + "/alerts", bad)
            #expect(invalid.status == .unprocessableEntity)
            #expect(invalid.text.contains("at most two years away") && invalid.text.contains("only if he agreed"))
            #expect(invalid.text.contains("ZQ-TYPED"))

            // Prepared by Cora: she may not confirm it herself.
            #expect(try await cora.post(w.url + "/alerts", Self.alertForm(w, person: "ZQ-RAMON")).status == .seeOther)
            let own = try await cora.get(w.url + "/alerts").text
            #expect(Self.actions(own, "confirm").isEmpty, "no confirm button for the one who prepared it")
            let dani = try await w.dani.get(w.url + "/alerts").text
            let confirm = try #require(Self.actions(dani, "confirm").first)
            let selfConfirm = try await cora.post(confirm, [:])
            #expect(selfConfirm.status == .forbidden && selfConfirm.text.contains("someone else of the care team"))
            await w.a.deliver()
            #expect(!(try await Self.queue(w)).contains("ZQ-RAMON"), "nothing left before the second person confirmed")
            // Someone in the case who is not its care team sees nothing of it; an admin not in it, less.
            #expect(try await w.p.base.beto.get(w.url + "/alerts").status == .forbidden)
            #expect(try await w.p.base.ana.get(w.url + "/alerts").status == .notFound)

            #expect(try await w.dani.post(confirm, [:]).status == .seeOther)
            await w.a.deliver()
            let sent = try await cora.get(w.url + "/alerts").text
            #expect(sent.contains("Huerta: received"))
            // The case page leads its care team there, and nobody else.
            #expect(try await cora.get(w.url).text.contains("Alerts to other collectives"))
            #expect(!(try await w.p.base.beto.get(w.url).text.contains("Alerts to other collectives")))
            #expect(try await w.hilda.get("/c/huerta").text.contains("Alerts received"))
            #expect(!(try await w.hugo.get("/c/huerta").text.contains("Alerts received")))

            // At Huerta: the care team reads it, with where it came from; admins and members do not.
            let queue = try await Self.queue(w)
            #expect(queue.contains("ZQ-RAMON") && queue.contains("From Casa") && queue.contains("Limits"))
            #expect(queue.contains("cuidados@casa.example"))
            #expect(!queue.contains("ZQ-NARRATIVE") && !queue.contains("ZQ-LIMITS") && !queue.contains("sofi"))
            #expect(try await w.hugo.get(SiteURL.receivedAlerts(slug: "huerta", .queue).path).status == .forbidden)
            #expect(try await w.ines.get(SiteURL.receivedAlerts(slug: "huerta", .queue).path).status == .forbidden)
            // Held sealed: the person's name is nowhere in the database file in clear.
            let row = try #require(try await ReceivedAlertRecord.query(on: w.b.app.db).first())
            #expect(!String(decoding: row.bodySealed, as: UTF8.self).contains("ZQ-RAMON"))

            // The care team notes what it did; the note stays with the alert.
            let note = try #require(queue.firstMatch(of: /action="([^"]+\/note)"/)).1
            #expect(try await w.hilda.post(String(note), ["note": "ZQ-NOTE told the kitchen crew"]).status == .seeOther)
            #expect(try await Self.queue(w).contains("ZQ-NOTE told the kitchen crew"))
            #expect(try await w.hugo.post(String(note), ["note": "admin"]).status == .forbidden)
            let long = try await w.hilda.post(String(note), ["note": "ZQ-LONG " + String(repeating: "x", count: 2_001)])
            #expect(long.status == .unprocessableEntity && long.text.contains("ZQ-LONG"))
            #expect(try await w.hilda.post("/c/huerta/alerts/\(UUID())/note", ["note": "x"]).status == .notFound)
            #expect(try await w.dani.post(w.url + "/alerts/\(UUID())/confirm", [:]).status == .notFound)
            #expect(try await w.dani.post(w.url + "/alerts/not-an-id/retract", [:]).status == .notFound)
            // Confirmed once: a second confirmation is refused, and says why.
            let again = try await w.dani.post(confirm, [:])
            #expect(again.status == .conflict && again.text.contains("no longer waiting for confirmation"))

            // An update reaches them; a retraction deletes it there.
            let edit = try #require(sent.firstMatch(of: /href="([^"]+\/alerts\/[0-9A-F-]+)"/)).1
            var changed = Self.alertForm(w, person: "ZQ-RAMON-G")
            changed.removeValue(forKey: "ongoing")
            #expect(try await cora.post(String(edit), changed).status == .seeOther)
            await w.a.deliver()
            let updated = try await Self.queue(w)
            #expect(updated.contains("ZQ-RAMON-G") && updated.contains("No process going on"))
            let retract = try #require(Self.actions(sent, "retract").first)
            #expect(try await cora.post(retract, [:]).status == .seeOther)
            await w.a.deliver()
            #expect(!(try await Self.queue(w)).contains("ZQ-RAMON"))
            #expect(try await ReceivedAlertRecord.query(on: w.b.app.db).count() == 0)
        }
    }

    @Test("revoking her consent retracts the alert everywhere; past the quota the sender is paused on the receiving side")
    func consentRevokedAndQuota() async throws {
        try await withPeerNetwork(2, adjust: { $0.peerAlertQuota = 2 }) { nodes in
            let w = try await Self.world(nodes[0], nodes[1])
            try await Self.recordLimits(w)
            try await Self.consent(w)
            try await Self.send(w, person: "ZQ-FIRST")
            #expect(try await Self.queue(w).contains("ZQ-FIRST"))

            let consents = try await w.p.base.sofi.get(w.url + "/consents").text
            // The consent to the alert, not the one to tell Ramón.
            let revoke = try #require(
                consents.firstMatch(of: /Send an alert to connected collectives<\/strong>[^<]*<[\s\S]*?action="([^"]+\/revoke)"/)
            ).1
            #expect(try await w.p.base.sofi.post(String(revoke), [:]).status == .seeOther)
            await w.a.deliver()
            #expect(!(try await Self.queue(w)).contains("ZQ-FIRST"), "revoking the consent retracted it")

            // A new consent; the second alert of the day is taken, the third is over the quota.
            try await Self.consent(w, detail: "Again, to La Huerta")
            try await Self.send(w, person: "ZQ-SECOND")
            #expect(try await Self.queue(w).contains("ZQ-SECOND"))
            try await Self.send(w, person: "ZQ-THIRD")
            #expect(!(try await Self.queue(w)).contains("ZQ-THIRD"))
            #expect(try await w.b.env.connections.find(w.connection)?.state == .paused)
            #expect(try await w.b.refusals(.quota) == 1)
            // And the sender sees that it has not arrived.
            #expect(try await w.p.base.cora.get(w.url + "/alerts").text.contains("Huerta: waiting to be delivered"))
        }
    }

    @Test("refusing a peer's alerts stops taking them; ending the connection forgets what it sent")
    func refuseAndEnd() async throws {
        try await withPeerNetwork(2) { nodes in
            let w = try await Self.world(nodes[0], nodes[1])
            try await Self.recordLimits(w)
            try await Self.consent(w)
            try await Self.send(w, person: "ZQ-KEPT")
            let queue = try await Self.queue(w)
            let refuse = try #require(queue.firstMatch(of: /action="([^"]+\/alerts\/refuse\/[0-9A-F-]+)"/)).1
            #expect(try await w.hugo.post(String(refuse), [:]).status == .forbidden)
            #expect(try await w.hilda.post(String(refuse), [:]).status == .seeOther)
            #expect(try await w.b.env.connections.find(w.connection)?.accepts.contains(.alerts) == false)
            await w.b.deliver()
            #expect(try await w.a.env.connections.find(w.connection)?.sends(.alerts) == false, "the sender was told")
            let onB = try #require(try await w.b.env.connections.find(w.connection))
            try await PeerConnectionChanges(env: w.b.env).end(onB, notify: true)
            #expect(!(try await Self.queue(w)).contains("ZQ-KEPT"))
        }
    }

    @Test("deleting the case retracts its alerts everywhere and keeps none of them")
    func caseDeleted() async throws {
        try await withPeerNetwork(2) { nodes in
            let w = try await Self.world(nodes[0], nodes[1])
            try await Self.recordLimits(w)
            try await Self.consent(w)
            try await Self.send(w, person: "ZQ-DELETED")
            #expect(try await Self.queue(w).contains("ZQ-DELETED"))
            #expect(try await w.p.base.sofi.post(w.url + "/delete", ["confirm": "yes"]).status == .seeOther)
            #expect(try await SentAlertRecord.query(on: w.a.app.db).count() == 0)
            await w.a.deliver()
            #expect(!(try await Self.queue(w)).contains("ZQ-DELETED"))
        }
    }

    @Test("an expired alert disappears from the queue and is kept no more")
    func expiry() async throws {
        try await withPeerNetwork(2) { nodes in
            let w = try await Self.world(nodes[0], nodes[1])
            try await Self.recordLimits(w)
            try await Self.consent(w)
            try await Self.send(w, person: "ZQ-EXPIRING")
            #expect(try await Self.queue(w).contains("ZQ-EXPIRING"))
            // The alert expires on 2027-12-31; the test clock starts in January 2027.
            w.b.clock.advance(minutes: 400 * 24 * 60)
            let hilda = TestBrowser(w.b.app)
            try await hilda.signIn("hilda")
            let page = try await hilda.get(SiteURL.receivedAlerts(slug: "huerta", .queue).path)
            #expect(page.status == .ok && page.text.contains("No alerts.") && !page.text.contains("ZQ-EXPIRING"))
            #expect(try await ReceivedAlertRecord.query(on: w.b.app.db).count() == 0)
        }
    }

    @Test("when her consent runs out, the alert is retracted everywhere as if she had revoked it")
    func consentRunsOut() async throws {
        try await withPeerNetwork(2) { nodes in
            let w = try await Self.world(nodes[0], nodes[1])
            try await Self.recordLimits(w)
            try await Self.consent(w)
            try await Self.send(w, person: "ZQ-LAPSING")
            #expect(try await Self.queue(w).contains("ZQ-LAPSING"))
            // The consent lasts 90 days; both instances' clocks move on together.
            for node in [w.a, w.b] { node.clock.advance(minutes: 91 * 24 * 60) }
            await w.a.deliver()
            let hilda = TestBrowser(w.b.app)
            try await hilda.signIn("hilda")
            let page = try await hilda.get(SiteURL.receivedAlerts(slug: "huerta", .queue).path)
            #expect(page.status == .ok && !page.text.contains("ZQ-LAPSING"))
            #expect(try await SentAlertRecord.query(on: w.a.app.db).first()?.state == SentAlertState.retracted.rawValue)
        }
    }

    @Test("keys rotate: alerts sent and received, and the notes on them, are sealed again under the new key")
    func rotation() async throws {
        try await withPeerNetwork(2) { nodes in
            let w = try await Self.world(nodes[0], nodes[1])
            try await Self.recordLimits(w)
            try await Self.consent(w)
            try await Self.send(w, person: "ZQ-ROTATED")
            let queue = try await Self.queue(w)
            let note = try #require(queue.firstMatch(of: /action="([^"]+\/note)"/)).1
            #expect(try await w.hilda.post(String(note), ["note": "ZQ-NOTED"]).status == .seeOther)
            for node in [w.a, w.b] { _ = try await node.app.rotateKeys() }
            let newest = { (node: PeerInstance) in [node.app.tejido.keys.current.current.derived(.alerts)] }
            let sent = try #require(try await SentAlertRecord.query(on: w.a.app.db).first())
            #expect(
                InstanceSealed.open(sent.bodySealed, keys: newest(w.a), context: SentAlerts.context(try sent.requireID())) != nil)
            let received = try #require(try await ReceivedAlertRecord.query(on: w.b.app.db).first())
            let id = try received.requireID()
            #expect(InstanceSealed.open(received.bodySealed, keys: newest(w.b), context: ReceivedAlerts.context(id)) != nil)
            #expect(
                InstanceSealed.open(try #require(received.noteSealed), keys: newest(w.b), context: ReceivedAlerts.noteContext(id))
                    != nil)
            let after = try await Self.queue(w)
            #expect(after.contains("ZQ-ROTATED") && after.contains("ZQ-NOTED"))
        }
    }
}

/// Found in the browser walk: the case's own rules were not asked before an alert left.
@Suite("Alerts between collectives: her wishes and the protocol come first")
struct AlertGuardTests {
    @Test(
        "her wish that nothing leaves the collective and the protocol's call for the assembly each stop an alert; putting the wish back retracts it"
    )
    func wishAndAssembly() async throws {
        try await withPeerNetwork(2) { nodes in
            let w = try await AlertTests.world(nodes[0], nodes[1])
            let (sofi, cora) = (w.p.base.sofi, w.p.base.cora)
            try await AlertTests.recordLimits(w, allowAlert: false)
            // She asks that nothing of the case leave the collective (as every new case starts).
            #expect(
                try await sofi.post(w.url + "/wishes", ["limit_no_police": "1", "limit_keep_in_collective": "1"]).status
                    == .seeOther)
            var page = try await cora.get(w.url + "/alerts").text
            #expect(page.contains("nothing of this case leaves the collective"))
            let consent = try await sofi.post(
                w.url + "/consents",
                [
                    "scope": "send_alert", "detail": "An alert", "days": "90",
                    "recipient_\(w.connection.uuidString.lowercased())": "1",
                ])
            #expect(consent.status == .unprocessableEntity)
            #expect(consent.text.contains("A wish that stands says the opposite"))
            // Wish lifted: the protocol says the assembly decides on an alert for this harm.
            #expect(try await sofi.post(w.url + "/wishes", ["limit_no_police": "1"]).status == .seeOther)
            page = try await cora.get(w.url + "/alerts").text
            #expect(page.contains("the assembly decides on an alert"))
            #expect(
                try await cora.post(w.url + "/alerts", AlertTests.alertForm(w, person: "ZQ-RAMON")).status == .unprocessableEntity
            )
            try await AlertTests.allowAlert(w)
            try await AlertTests.consent(w)
            try await AlertTests.send(w, person: "ZQ-RAMON")
            #expect(try await AlertTests.queue(w).contains("ZQ-RAMON"))

            // She puts the wish back: her consent ends and the alert is retracted wherever it went.
            #expect(
                try await sofi.post(w.url + "/wishes", ["limit_no_police": "1", "limit_keep_in_collective": "1"]).status
                    == .seeOther)
            await w.a.deliver()
            #expect(!(try await AlertTests.queue(w).contains("ZQ-RAMON")))
            #expect(try await cora.get(w.url + "/alerts").text.contains("nothing of this case leaves the collective"))
        }
    }
}
