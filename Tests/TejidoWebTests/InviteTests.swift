import Fluent
import Testing
import VaporTesting

@testable import TejidoWeb

@Suite("Invitations")
struct InviteTests {
    /// Creates an invite through the admin page and returns the link's path, as shown once.
    static func invite(_ browser: TestBrowser, slug: String, role: String = "member", days: String = "") async throws -> String {
        let response = try await browser.post("/c/\(slug)/invites", ["role": role, "days": days])
        #expect(response.status == .ok)
        let page = response.text
        let start = try #require(page.range(of: "/join/"))
        let token = page[start.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        return "/join/\(token)"
    }

    static func lead(_ page: String) -> String? {
        page.components(separatedBy: "<p class=\"lead\">").dropFirst().first?.components(separatedBy: "</p>").first
    }

    @Test("a link is shown once, stored only as a hash, and lets one person join with a new account")
    func joinWithNewAccount() async throws {
        try await withTejido { app, _ in
            let (casa, admin) = try await Fixtures.casaWithAdmin(app)
            let link = try await Self.invite(admin, slug: casa.slug, role: "care_team")
            let token = String(link.dropFirst("/join/".count))
            #expect(try await InviteRecord.query(on: app.db).filter(\.$tokenHash == token).count() == 0)
            #expect(!(try await admin.get("/c/\(casa.slug)/invites").text.contains(token)), "never shown again")

            let newcomer = TestBrowser(app)
            #expect(try await newcomer.get(link).text.contains("Casa"))
            let joined = try await newcomer.post(
                link, ["username": "carla", "passphrase": Fixtures.passphrase, "confirmation": Fixtures.passphrase])
            #expect(joined.location == "/c/\(casa.slug)")
            #expect(try await newcomer.get("/c/\(casa.slug)/members").status == .ok, "joined as care team")

            let second = try await TestBrowser(app).post(
                link, ["username": "dani", "passphrase": Fixtures.passphrase, "confirmation": Fixtures.passphrase])
            #expect(second.status == .notFound)
            #expect(try await UserRecord.query(on: app.db).filter(\.$usernameNormalized == "dani").count() == 0)
        }
    }

    @Test("a person with an account joins a second collective and can switch between them")
    func joinExistingAccount() async throws {
        try await withTejido { app, _ in
            let casa = try await Fixtures.collective(app, "Casa", admin: "ana")
            let huerta = try await Fixtures.collective(app, "Huerta", admin: "hugo")
            let admin = TestBrowser(app)
            try await admin.signIn("hugo")
            let link = try await Self.invite(admin, slug: huerta.slug)
            let ana = TestBrowser(app)
            try await ana.signIn("ana")
            #expect(try await ana.post(link).location == "/c/\(huerta.slug)")
            let list = try await ana.get("/collectives").text
            #expect(list.contains("/c/\(casa.slug)") && list.contains("/c/\(huerta.slug)"))
            #expect(try await ana.get("/c/\(huerta.slug)").status == .ok)
            #expect(try await ana.get("/c/\(huerta.slug)/invites").status == .forbidden, "a member there, not an admin")
        }
    }

    @Test("expired and revoked links fail exactly like made-up ones")
    func unusableLinks() async throws {
        try await withTejido { app, clock in
            let (casa, admin) = try await Fixtures.casaWithAdmin(app)
            let expiring = try await Self.invite(admin, slug: casa.slug, days: "1")
            let revoked = try await Self.invite(admin, slug: casa.slug)
            let invite = try #require(try await InviteRecord.query(on: app.db).sort(\.$createdAt).all().last)
            let revokedID = try invite.requireID()
            #expect(try await admin.post("/c/\(casa.slug)/invites/\(revokedID)/revoke").status == .seeOther)
            clock.advance(minutes: 24 * 60 + 1)
            let madeUp = try await TestBrowser(app).get("/join/not-a-real-token")
            for link in [expiring, revoked] {
                let response = try await TestBrowser(app).get(link)
                #expect(response.status == .notFound)
                #expect(Self.lead(response.text) == Self.lead(madeUp.text))
                #expect(Self.lead(response.text)?.contains("cannot be used") == true)
            }
        }
    }

    @Test("invite options are validated and the form keeps the choice")
    func validation() async throws {
        try await withTejido { app, _ in
            let (casa, admin) = try await Fixtures.casaWithAdmin(app)
            let tooLong = try await admin.post("/c/\(casa.slug)/invites", ["role": "admin", "days": "400"])
            #expect(tooLong.status == .unprocessableEntity)
            #expect(tooLong.text.contains("Choose a number of days from 1 to 30."))
            #expect(tooLong.text.contains("value=\"400\""))
            #expect(tooLong.text.contains("<option value=\"admin\" selected>"))
            let badRole = try await admin.post("/c/\(casa.slug)/invites", ["role": "owner"])
            #expect(badRole.status == .unprocessableEntity)
            #expect(try await InviteRecord.query(on: app.db).count() == 0)
        }
    }

    @Test("sending the same form twice (a reload) makes one link, and says so; labels tell links apart")
    func resentForm() async throws {
        try await withTejido { app, _ in
            let (casa, admin) = try await Fixtures.casaWithAdmin(app)
            let page = try await admin.get("/c/\(casa.slug)/invites").text
            let marker = "name=\"request\" value=\""
            let request = String(try #require(page.components(separatedBy: marker).dropFirst().first?.prefix { $0 != "\"" }))
            let form = ["role": "member", "label": "Tuesday workshop", "request": request]
            let first = try await admin.post("/c/\(casa.slug)/invites", form)
            #expect(first.text.contains("/join/"))
            let again = try await admin.post("/c/\(casa.slug)/invites", form)
            #expect(again.text.contains("This form was sent twice"))
            #expect(!again.text.contains("/join/"))
            #expect(try await InviteRecord.query(on: app.db).count() == 1)
            #expect(again.text.contains("<th scope=\"row\">Tuesday workshop</th>"))
            let tooLong = try await admin.post(
                "/c/\(casa.slug)/invites", ["role": "member", "label": String(repeating: "x", count: 61)])
            #expect(tooLong.status == .unprocessableEntity)
        }
    }
}
