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
            let removed = try await admin.post("/c/casa/members/\(membership)/remove", ["confirm": "yes"])
            #expect(removed.location == "/c/casa/members?notice=removed")
            #expect(try await admin.get("/c/casa/members?notice=removed").text.contains("The member has been removed."))
            #expect(try await beto.get("/c/casa").status == .notFound)
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
