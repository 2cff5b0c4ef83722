import Fluent
import Testing
import VaporTesting

@testable import TejidoWeb

/// Nothing of one collective can be reached from another by guessing addresses or ids.
@Suite("Collective boundaries")
struct CrossCollectiveTests {
    struct World {
        let casa: Fixtures.Collective
        let huerta: Fixtures.Collective
        let huertaMembership: UUID
        let huertaInvite: UUID
    }

    static func world(_ app: Application) async throws -> World {
        let casa = try await Fixtures.collective(app, "Casa", admin: "ana")
        let huerta = try await Fixtures.collective(app, "Huerta", admin: "hugo")
        let ines = try await Fixtures.member(app, huerta, "ines")
        let invite = try await InviteService(database: app.db, now: app.tejido.clock.now())
            .issue(collectiveID: huerta.id, role: .member, days: 7, createdBy: huerta.adminID)
        return World(
            casa: casa, huerta: huerta, huertaMembership: try await Fixtures.membershipID(app, huerta, userID: ines),
            huertaInvite: try invite.invite.requireID())
    }

    /// Every collective-scoped route, aimed at the other collective. The route-inventory test
    /// below fails when a route is added without being listed here or as a public/account route.
    static func foreignRequests(_ w: World) -> [(HTTPMethod, SiteURL)] {
        let slug = w.huerta.slug, member = w.huertaMembership.uuidString, invite = w.huertaInvite.uuidString
        return [
            (.GET, .collective(slug: slug)), (.POST, .collectiveLeave(slug: slug)),
            (.GET, .collectiveSettings(slug: slug)), (.POST, .collectiveSettings(slug: slug)),
            (.GET, .members(slug: slug)), (.POST, .memberRole(slug: slug, membershipID: member)),
            (.POST, .memberRemove(slug: slug, membershipID: member)),
            (.GET, .invites(slug: slug)), (.POST, .invites(slug: slug)),
            (.POST, .inviteRevoke(slug: slug, inviteID: invite)),
        ]
    }

    /// Routes that carry no collective: public pages, the account (always the signed-in person's own) and joining.
    static let unscoped: Set<String> = [
        "GET /", "GET /about", "GET /healthz", "GET /setup", "POST /setup", "GET /login", "POST /login", "POST /logout",
        "GET /exit", "POST /exit", "POST /language", "GET /account", "POST /account/preferences", "POST /account/passphrase",
        "POST /account/sessions/end-all", "POST /account/delete", "GET /collectives", "GET /join/:token", "POST /join/:token",
    ]

    static func pattern(_ method: HTTPMethod, _ url: SiteURL) -> String { "\(method) \(url.path)" }

    @Test("every route is either listed as unscoped or tried across the boundary")
    func routeInventory() async throws {
        try await withTejido { app, _ in
            let w = try await Self.world(app)
            let tried = Set(
                Self.foreignRequests(w).map { method, url in
                    "\(method) "
                        + url.path.replacingOccurrences(of: w.huerta.slug, with: ":slug")
                        .replacingOccurrences(of: w.huertaMembership.uuidString, with: ":membershipID")
                        .replacingOccurrences(of: w.huertaInvite.uuidString, with: ":inviteID")
                })
            for route in app.routes.all {
                let name = "\(route.method) /" + route.path.map(\.description).joined(separator: "/")
                #expect(Self.unscoped.contains(name) || tried.contains(name), "route \(name) is not covered by a boundary test")
            }
        }
    }

    @Test("an admin of one collective gets 404 for everything of another, and nothing changes")
    func adminOfAnother() async throws {
        try await withTejido { app, _ in
            let w = try await Self.world(app)
            let ana = TestBrowser(app)
            try await ana.signIn("ana")
            for (method, url) in Self.foreignRequests(w) {
                let response =
                    method == .GET
                    ? try await ana.get(url.path)
                    : try await ana.post(
                        url.path, ["role": "admin", "name": "Taken", "exit_url": "https://evil.example/", "days": "3"])
                #expect(response.status == .notFound, "\(method) \(url.path) answered \(response.status)")
                #expect(!response.text.contains("Huerta") && !response.text.contains("ines"), "\(url.path) leaked a name")
            }
            let huerta = try #require(try await CollectiveRecord.find(w.huerta.id, on: app.db))
            #expect(huerta.name == "Huerta" && huerta.exitURL == nil)
            #expect(try await MembershipRecord.find(w.huertaMembership, on: app.db)?.role == .member)
            #expect(try await InviteRecord.find(w.huertaInvite, on: app.db)?.revokedAt == nil)
            #expect(try await InviteRecord.query(on: app.db).count() == 1)
        }
    }

    @Test("a member id from another collective fails inside one's own collective too")
    func foreignIDsInOwnAddress() async throws {
        try await withTejido { app, _ in
            let w = try await Self.world(app)
            let ana = TestBrowser(app)
            try await ana.signIn("ana")
            let own = w.casa.slug
            let role = try await ana.post(
                SiteURL.memberRole(slug: own, membershipID: w.huertaMembership.uuidString).path, ["role": "admin"])
            let remove = try await ana.post(SiteURL.memberRemove(slug: own, membershipID: w.huertaMembership.uuidString).path)
            let revoke = try await ana.post(SiteURL.inviteRevoke(slug: own, inviteID: w.huertaInvite.uuidString).path)
            let garbage = try await ana.post(SiteURL.memberRemove(slug: own, membershipID: "not-a-uuid").path)
            #expect([role, remove, revoke, garbage].allSatisfy { $0.status == .notFound })
            #expect(try await MembershipRecord.find(w.huertaMembership, on: app.db)?.role == .member)
            #expect(try await InviteRecord.find(w.huertaInvite, on: app.db)?.revokedAt == nil)
        }
    }

    @Test("a visitor is sent to sign in for every collective address, known or not")
    func visitor() async throws {
        try await withTejido { app, _ in
            let w = try await Self.world(app)
            for (method, url) in Self.foreignRequests(w) where method == .GET {
                let response = try await TestBrowser(app).get(url.path)
                #expect(response.status == .seeOther)
                #expect(response.location?.hasPrefix("/login") == true)
            }
            let unknown = try await TestBrowser(app).get("/c/no-such-collective")
            #expect(unknown.location?.hasPrefix("/login") == true, "existence is not revealed to visitors either")
        }
    }

    @Test("roles inside a collective: members and the care team cannot run it")
    func rolesInside() async throws {
        try await withTejido { app, _ in
            let casa = try await Fixtures.collective(app, "Casa", admin: "ana")
            try await Fixtures.member(app, casa, "beto")
            try await Fixtures.member(app, casa, "cora", role: .careTeam)
            let beto = TestBrowser(app), cora = TestBrowser(app)
            try await beto.signIn("beto")
            try await cora.signIn("cora")
            #expect(try await beto.get("/c/casa").status == .ok)
            #expect(try await beto.get("/c/casa/members").status == .forbidden)
            #expect(try await cora.get("/c/casa/members").status == .ok)
            for browser in [beto, cora] {
                #expect(try await browser.get("/c/casa/invites").status == .forbidden)
                #expect(try await browser.post("/c/casa/invites", ["role": "admin"]).status == .forbidden)
                #expect(try await browser.post("/c/casa/settings", ["name": "Mine now"]).status == .forbidden)
            }
            #expect(try await InviteRecord.query(on: app.db).count() == 0)
            #expect(try await CollectiveRecord.find(casa.id, on: app.db)?.name == "Casa")
        }
    }
}
