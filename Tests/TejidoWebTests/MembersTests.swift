import Fluent
import Testing
import VaporTesting

@testable import TejidoWeb

@Suite("Members and roles")
struct MembersTests {
    @Test("an admin changes roles and removes members; a removed member loses access at once")
    func manage() async throws {
        try await withTejido { app, _ in
            let casa = try await Fixtures.collective(app, "Casa", admin: "ana")
            let betoID = try await Fixtures.member(app, casa, "beto")
            let membership = try await Fixtures.membershipID(app, casa, userID: betoID)
            let admin = TestBrowser(app), beto = TestBrowser(app)
            try await admin.signIn("ana")
            try await beto.signIn("beto")
            #expect(try await admin.post("/c/casa/members/\(membership)/role", ["role": "care_team"]).status == .seeOther)
            #expect(try await beto.get("/c/casa/members").status == .ok)
            let asked = try await admin.post("/c/casa/members/\(membership)/remove")
            #expect(asked.status == .ok)
            #expect(asked.text.contains("Remove beto from Casa?"))
            #expect(try await beto.get("/c/casa").status == .ok, "asking removes nobody")
            // Without a reason nothing happens, and what the admin typed is kept.
            let noReason = try await admin.post("/c/casa/members/\(membership)/remove", ["confirm": "yes", "reason": "  "])
            #expect(noReason.status == .unprocessableEntity)
            #expect(noReason.text.contains("Say why they are being removed."))
            #expect(try await beto.get("/c/casa").status == .ok, "a removal without a reason removes nobody")
            let removed = try await admin.post(
                "/c/casa/members/\(membership)/remove", ["confirm": "yes", "reason": "ZQ-REASON-4410 decided in assembly"])
            #expect(removed.location == "/c/casa/members?notice=removed")
            let list = try await admin.get("/c/casa/members?notice=removed").text
            #expect(list.contains("The member has been removed."))
            #expect(list.contains("ZQ-REASON-4410 decided in assembly") && list.contains("removed by ana"))
            #expect(try await beto.get("/c/casa").status == .notFound)
            // The reason is sealed at rest.
            let stored = try #require(try await MemberRemovalRecord.query(on: app.db).first())
            #expect(!String(decoding: stored.reason, as: UTF8.self).contains("ZQ-REASON-4410"))
        }
    }

    @Test("removing the person harmed from the collective does not take her case away, and her case records it")
    func removalKeepsTheSurvivorsCase() async throws {
        try await withTejido { app, _ in
            let p = try await CaseTests.people(app)
            #expect(
                try await p.sofi.post(p.caseURL + "/people", ["username": "cora", "role": "facilitator"]).status == .seeOther)
            #expect(try await p.sofi.post(p.caseURL + "/people", ["username": "beto", "role": "supporter"]).status == .seeOther)
            // The removal page says what it is and what the protocol says, before anything happens.
            let sofiID = try #require(try await UserRecord.query(on: app.db).filter(\.$username == "sofi").first()?.requireID())
            let sofiMembership = try await Fixtures.membershipID(app, p.casa, userID: sofiID)
            let page = try await p.ana.post("/c/casa/members/\(sofiMembership)/remove")
            #expect(page.status == .ok)
            #expect(page.text.contains("an expulsion in all but name"))
            #expect(page.text.contains("What your protocol says about when someone stops belonging"))
            #expect(page.text.contains("a person harmed keeps their place in their own cases"))
            // She has an unsent draft too.
            let draft = try #require(
                try await p.sofi.post("/c/casa/cases/new", ["for": "self", "narrative": "ZQ-UNSENT"]).location)
            let removed = try await p.ana.post(
                "/c/casa/members/\(sofiMembership)/remove", ["confirm": "yes", "reason": "Asked to leave"])
            #expect(removed.status == .seeOther)
            // Her draft stays hers to read, keep or delete, but can no longer be sent to the collective.
            #expect(try await p.sofi.get("/collectives").text.contains(draft.replacingOccurrences(of: "/draft", with: "")))
            let send = try await p.sofi.post(draft, ["narrative": "ZQ-UNSENT", "finish": "1"])
            #expect(send.status == .unprocessableEntity && send.text.contains("cannot be sent to it"))
            #expect(send.text.contains("ZQ-UNSENT"), "what she wrote is kept")

            // She can no longer see the collective, but her case is still hers, and listed for her.
            #expect(try await p.sofi.get("/c/casa").status == .notFound)
            let home = try await p.sofi.get("/collectives")
            #expect(home.status == .ok)
            #expect(home.text.contains("Your cases in collectives you have left") && home.text.contains(p.caseURL))
            let own = try await p.sofi.get(p.caseURL)
            #expect(own.status == .ok)
            #expect(own.text.contains("ZQ-NARRATIVE-7781"))
            #expect(try await p.sofi.get(p.caseURL + "/wishes").status == .ok, "she still decides")
            let log = try await p.sofi.get(p.caseURL + "/log")
            #expect(log.status == .ok)
            #expect(log.text.contains("Was removed from the collective by an admin"))
            #expect(try await p.sofi.get(p.caseURL).text.contains("no longer in the collective; keeps their place in this case"))
            // The facilitator sees it too.
            #expect(try await p.cora.get(p.caseURL).text.contains("keeps their place in this case"))
            // Outside the collective she acts no more on it: no looking people up to add them.
            let add = try await p.sofi.post(p.caseURL + "/people", ["username": "ramon", "role": "facilitator"])
            #expect(add.status == .forbidden && !add.text.contains("ramon"))
            #expect(try await p.sofi.post(p.caseURL + "/assembly", ["title": "x", "text": "y"]).status == .forbidden)

            // A supporter removed from the collective loses the case, and the case says so.
            #expect(try await p.beto.post("/c/casa/leave").status == .seeOther)
            #expect(try await p.beto.get(p.caseURL).status == .notFound)
            #expect(try await p.sofi.get(p.caseURL + "/log").text.contains("Left the collective"))
            #expect(try await p.cora.get(p.caseURL).text.contains("no longer in the collective, so cannot open this case"))
        }
    }

    @Test("the last admin can be neither demoted nor removed, nor leave")
    func lastAdmin() async throws {
        try await withTejido { app, _ in
            let casa = try await Fixtures.collective(app, "Casa", admin: "ana")
            let own = try await Fixtures.membershipID(app, casa, userID: casa.adminID)
            let admin = TestBrowser(app)
            try await admin.signIn("ana")
            let demote = try await admin.post("/c/casa/members/\(own)/role", ["role": "member"])
            #expect(demote.status == .conflict)
            #expect(demote.text.contains("A collective needs at least one admin."))
            #expect(try await admin.post("/c/casa/leave").status == .conflict)
            #expect(try await MembershipRecord.find(own, on: app.db)?.role == .admin)
        }
    }

    @Test("anyone may leave a collective")
    func leave() async throws {
        try await withTejido { app, _ in
            let casa = try await Fixtures.collective(app, "Casa", admin: "ana")
            try await Fixtures.member(app, casa, "beto")
            let beto = TestBrowser(app)
            try await beto.signIn("beto")
            #expect(try await beto.post("/c/casa/leave").location == "/collectives")
            #expect(try await beto.get("/c/casa").status == .notFound)
        }
    }

    @Test("collective settings validate the exit page and keep what was typed")
    func settings() async throws {
        try await withTejido { app, _ in
            let (_, admin) = try await Fixtures.casaWithAdmin(app)
            let bad = try await admin.post("/c/casa/settings", ["name": "Casa Nueva", "exit_url": "javascript:alert(1)"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("value=\"Casa Nueva\""))
            #expect(bad.text.contains("Enter a full web address"))
            let plain = try await admin.post("/c/casa/settings", ["name": "Casa Nueva", "exit_url": "http://example.org/"])
            #expect(plain.status == .unprocessableEntity, "an admin-chosen exit page must be https")
            let good = try await admin.post("/c/casa/settings", ["name": "Casa Nueva", "exit_url": "https://example.org/"])
            #expect(good.status == .seeOther)
            #expect(try await admin.get("/c/casa").text.contains("data-neutral=\"https://example.org/\""))
        }
    }
}
