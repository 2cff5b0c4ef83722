import Fluent
import Foundation
import TejidoCore
import Testing
import VaporTesting

@testable import TejidoWeb

/// An outside mediator: invited to chosen entries, with a link that works once, for a while,
/// until revoked; never more than that, and every act of theirs in the access log.
@Suite("Outside mediation")
struct MediationTests {
    /// Sofía's case with Cora facilitating, two entries, and the harm classified as `choice`.
    static func setUp(_ app: Application, choice: String = "psychological/2") async throws -> (CaseTests.People, UUID) {
        let p = try await CaseTests.people(app)
        _ = try await p.sofi.post(p.caseURL + "/people", ["username": "cora", "role": "facilitator"])
        // Classified first as a harm that allows outside mediation, so the form offers the entries.
        _ = try await p.cora.post(p.caseURL + "/classify", ["choice": "psychological/2", "reason": "As told"])
        for (visibility, text) in [("survivor_side", "ZQ-SHARED"), ("survivor_side", "ZQ-NOT-CHOSEN"), ("only_me", "ZQ-PRIVATE")]
        {
            let written = try await p.sofi.post(
                p.caseURL + "/entries", ["kind": "note", "visibility": visibility, "text": text])
            #expect(written.status == .seeOther)
        }
        // The entry as the invitation form offers it (entries written in one instant have no order).
        let form = try await p.sofi.get(p.caseURL + "/mediators").text
        let match = try #require(form.firstMatch(of: /id="entry_([0-9A-F-]{36})"[^>]*><label[^>]*>[^<]*ZQ-SHARED/))
        #expect(!form.contains("ZQ-NARRATIVE"), "the narrative is not an entry to share")
        if choice != "psychological/2" {
            _ = try await p.cora.post(p.caseURL + "/classify", ["choice": choice, "reason": "Reconsidered"])
        }
        return (p, try #require(UUID(uuidString: String(match.1))))
    }

    /// Invites a mediator to `entry` as Sofía and returns the link.
    static func invite(_ p: CaseTests.People, _ entry: UUID, days: String = "30") async throws -> String {
        let page = try await p.sofi.post(
            p.caseURL + "/mediators",
            ["label": "Marta, Red de Apoyo", "entry_\(entry.uuidString)": "1", "note": "ZQ-NOTE", "days": days])
        #expect(page.status == .seeOther && page.location == p.caseURL + "/mediators")
        let shown = try await p.sofi.get(p.caseURL + "/mediators").text
        #expect(!(try await p.sofi.get(p.caseURL + "/mediators").text.contains("/mediate/")), "the link is shown once")
        return try #require(shown.firstMatch(of: /\/mediate\/[A-Za-z0-9_-]+/).map { String($0.0) })
    }

    static func join(_ app: Application, _ link: String) async throws -> TestBrowser {
        let mediator = TestBrowser(app)
        #expect(try await mediator.get(link).status == .ok)
        #expect(try await mediator.post(link).location == "/mediation")
        return mediator
    }

    @Test("the mediator sees only the chosen entries and no names, writes back to the team, and is in the log")
    func scopedView() async throws {
        try await withTejido { app, _ in
            let (p, shared) = try await Self.setUp(app)
            let bogus = try await p.sofi.post(
                p.caseURL + "/mediators", ["label": "Marta", "entry_\(UUID().uuidString)": "1", "days": "30"])
            #expect(bogus.status == .unprocessableEntity && bogus.text.contains("Choose at least one entry"))
            #expect(try await p.cora.post(p.caseURL + "/mediators", ["label": "Marta"]).status == .forbidden)
            let link = try await Self.invite(p, shared)
            let mediator = try await Self.join(app, link)
            #expect(try await TestBrowser(app).post(link).status == .notFound, "the link works once")
            #expect(try await TestBrowser(app).get(link).status == .notFound, "a spent link is not offered again")
            #expect(try await TestBrowser(app).get("/mediate/made-up").status == .notFound)

            let view = try await mediator.get("/mediation").text
            #expect(view.contains("ZQ-SHARED") && view.contains("ZQ-NOTE") && view.contains("Person harmed"))
            // Only the chosen entry: another one Sofía could have shared stays out too.
            for secret in ["ZQ-PRIVATE", "ZQ-NOT-CHOSEN", "ZQ-NARRATIVE", "ZQ-WORDS", "sofi", "cora", "Casa"] {
                #expect(!view.contains(secret), "the mediator saw \(secret)")
            }
            // Nothing else opens for them.
            #expect(try await mediator.get(p.caseURL).location?.hasPrefix("/login") == true)
            #expect(try await mediator.get("/c/casa").location?.hasPrefix("/login") == true)

            #expect(try await mediator.post("/mediation", ["text": "ZQ-MEDIATOR-NOTE a first meeting?"]).status == .seeOther)
            let team = try await p.cora.get(p.caseURL).text
            #expect(team.contains("ZQ-MEDIATOR-NOTE") && team.contains("Marta, Red de Apoyo (outside mediator)"))
            let log = try await p.sofi.get(p.caseURL + "/log").text
            for line in ["The outside mediator", "Used the invitation link", "Read what was shared", "Wrote a note"] {
                #expect(log.contains(line))
            }
        }
    }

    @Test("revoking, revoking the consent, and running out each end access at once")
    func endings() async throws {
        try await withTejido { app, clock in
            let (p, shared) = try await Self.setUp(app)
            let first = try await Self.join(app, try await Self.invite(p, shared))
            let id = try #require(try await CaseMediatorRecord.query(on: app.db).first()?.requireID().uuidString)
            #expect(try await p.sofi.post(p.caseURL + "/mediators/\(id)/revoke").status == .seeOther)
            #expect(try await first.get("/mediation").status == .notFound)
            #expect(try await first.post("/mediation", ["text": "late"]).status == .notFound)
            #expect(try await p.sofi.get(p.caseURL + "/consents").text.contains("revoked on"))

            let second = try await Self.join(app, try await Self.invite(p, shared))
            // The consent the invitation recorded, still standing, revoked from the consents page.
            let consents = try await p.sofi.get(p.caseURL + "/consents").text
            let revoke = try #require(
                consents.firstMatch(
                    of: /Marta, Red de Apoyo · entries shared: 1<\/p>\n<p[^>]*>[^\n]*\n<form method="post" action="([^"]+)"/))
            #expect(try await p.sofi.post(String(revoke.1)).status == .seeOther)
            #expect(try await second.get("/mediation").status == .notFound)

            // Paused, the case shows nothing to the mediator, and can still end the invitation.
            let paused = try await Self.join(app, try await Self.invite(p, shared))
            #expect(try await p.sofi.post(p.caseURL + "/pause").status == .seeOther)
            #expect(try await paused.get("/mediation").status == .notFound)
            #expect(try await p.sofi.get(p.caseURL).text.contains(">Outside mediator</a>"), "the way to end it stays")
            let whilePaused = try await p.sofi.get(p.caseURL + "/mediators")
            #expect(whilePaused.status == .ok && whilePaused.text.contains("/revoke\""))
            #expect(!whilePaused.text.contains("Invite a mediator"), "no invitation form that would be refused")
            _ = try await p.sofi.post(p.caseURL + "/resume")
            #expect(try await paused.get("/mediation").status == .ok)

            let third = try await Self.join(app, try await Self.invite(p, shared, days: "1"))
            #expect(try await third.get("/mediation").status == .ok)
            clock.advance(minutes: 25 * 60)
            #expect(try await third.get("/mediation").status == .notFound)
        }
    }

    @Test("no outside mediation where the protocol rules it out, as for sexual harm; deleting the case ends it all")
    func protocolAndDeletion() async throws {
        try await withTejido { app, _ in
            let (p, shared) = try await Self.setUp(app, choice: "sexual-assault/serious")
            // The page says so at once, rather than offering a form that can only be refused.
            let page = try await p.sofi.get(p.caseURL + "/mediators").text
            #expect(page.contains("does not allow outside mediation for this case as it is classified"))
            #expect(!page.contains("name=\"label\""))
            let refused = try await p.sofi.post(
                p.caseURL + "/mediators", ["label": "Marta", "entry_\(shared.uuidString)": "1", "days": "30"])
            #expect(refused.status == .unprocessableEntity && refused.text.contains("does not allow outside mediation"))
            #expect(try await CaseMediatorRecord.query(on: app.db).count() == 0)

            _ = try await p.cora.post(p.caseURL + "/classify", ["choice": "psychological/2", "reason": "Reconsidered"])
            let mediator = try await Self.join(app, try await Self.invite(p, shared))
            _ = try await p.sofi.post(p.caseURL + "/delete", ["confirm": "yes"])
            #expect(try await mediator.get("/mediation").status == .notFound)
            #expect(try await CaseMediatorRecord.query(on: app.db).count() == 0)
        }
    }
}
