import Fluent
import Testing
import VaporTesting

@testable import TejidoWeb

@Suite("Sessions")
struct SessionTests {
    @Test("a session ends after 30 idle minutes but not while in use")
    func idleTimeout() async throws {
        try await withTejido { app, clock in
            let (_, browser) = try await Fixtures.casaWithAdmin(app)
            for _ in 0..<4 {
                clock.advance(minutes: 20)
                #expect(try await browser.get("/account").status == .ok)
            }
            clock.advance(minutes: 31)
            let ended = try await browser.get("/account")
            #expect(ended.status == .seeOther)
            #expect(ended.location == "/login?next=%2Faccount&notice=session_ended")
            #expect(try await browser.get(try #require(ended.location)).text.contains("Your session ended."))
            #expect(try await UserSessionRecord.query(on: app.db).count() == 0, "the dead session is removed")
        }
    }

    @Test("a session ends at its absolute lifetime even when active")
    func absoluteLifetime() async throws {
        try await withTejido({ $0.sessionMaximumLifetime = 3600 }) { app, clock in
            let (_, browser) = try await Fixtures.casaWithAdmin(app)
            for _ in 0..<5 {
                clock.advance(minutes: 11)
                #expect(try await browser.get("/account").status == .ok)
            }
            clock.advance(minutes: 6)
            #expect(try await browser.get("/account").status == .seeOther)
        }
    }

    @Test("signing out ends the session on the server, not just in the browser")
    func signOut() async throws {
        try await withTejido { app, _ in
            let (_, browser) = try await Fixtures.casaWithAdmin(app)
            let stolen = try #require(browser.cookies["sid"])
            let response = try await browser.post("/logout")
            #expect(response.location == "/login?notice=signed_out")
            let thief = TestBrowser(app)
            thief.cookies["sid"] = stolen
            #expect(try await thief.get("/account").status == .seeOther)
        }
    }

    @Test("sign out everywhere ends every session of that person and no one else's")
    func signOutEverywhere() async throws {
        try await withTejido { app, _ in
            let casa = try await Fixtures.collective(app, "Casa", admin: "ana")
            try await Fixtures.member(app, casa, "beto")
            let phone = TestBrowser(app), laptop = TestBrowser(app), other = TestBrowser(app)
            try await phone.signIn("ana")
            try await laptop.signIn("ana")
            try await other.signIn("beto")
            let response = try await laptop.post("/account/sessions/end-all")
            #expect(response.location == "/login?notice=signed_out_everywhere")
            #expect(try await phone.get("/account").status == .seeOther)
            #expect(try await laptop.get("/account").status == .seeOther)
            #expect(try await other.get("/account").status == .ok)
        }
    }

    @Test("changing the passphrase ends every session; the new one works and the old one does not")
    func passphraseChange() async throws {
        try await withTejido { app, _ in
            _ = try await Fixtures.collective(app, "Casa", admin: "ana")
            let phone = TestBrowser(app), laptop = TestBrowser(app)
            try await phone.signIn("ana")
            try await laptop.signIn("ana")
            let wrong = try await laptop.post(
                "/account/passphrase", ["current": "not it at all", "new": "short", "confirmation": "x"])
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.text.contains("That passphrase is not right."))
            #expect(wrong.text.contains("Use at least 10 characters"))
            let changed = try await laptop.post(
                "/account/passphrase",
                [
                    "current": Fixtures.passphrase, "new": "copper kettle singing", "confirmation": "copper kettle singing",
                ])
            #expect(changed.location == "/login?notice=passphrase_changed")
            #expect(try await phone.get("/account").status == .seeOther)
            await #expect(throws: SignInFailed.self) { try await TestBrowser(app).signIn("ana") }
            try await TestBrowser(app).signIn("ana", passphrase: "copper kettle singing")
        }
    }

    @Test("quick exit without JavaScript ends the session and leaves for the collective's neutral page")
    func quickExitLink() async throws {
        try await withTejido { app, _ in
            let (casa, browser) = try await Fixtures.casaWithAdmin(app)
            try await browser.post("/c/\(casa.slug)/settings", ["name": "Casa", "exit_url": "https://example.org/weather"])
            let response = try await browser.get("/exit")
            #expect(response.status == .seeOther)
            #expect(response.location == "https://example.org/weather")
            #expect(response.headers.first(name: "Referrer-Policy") == "no-referrer")
            #expect(try await browser.get("/account").status == .seeOther)
            #expect(try await UserSessionRecord.query(on: app.db).count() == 0)
        }
    }

    @Test("quick exit ends the session even when the page's form token has gone stale, and clears cached pages")
    func quickExitStaleToken() async throws {
        try await withTejido { app, _ in
            let (_, browser) = try await Fixtures.casaWithAdmin(app)
            let response = try await browser.post("/exit", csrf: "stale-token-from-an-old-tab-0000000000000")
            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: "Clear-Site-Data")?.contains("\"cache\"") == true)
            #expect(try await UserSessionRecord.query(on: app.db).count() == 0)
        }
    }

    @Test("quick exit's background request (with JavaScript) ends the session too")
    func quickExitBeacon() async throws {
        try await withTejido { app, _ in
            let (_, browser) = try await Fixtures.casaWithAdmin(app)
            let response = try await browser.post("/exit")
            #expect(response.location == "https://www.bbc.co.uk/weather")
            #expect(try await UserSessionRecord.query(on: app.db).count() == 0)
        }
    }

    @Test("quick exit leaves no cookie behind but the choice of neutral titles, and sets none again")
    func quickExitForgetsCookies() async throws {
        try await withTejido { app, _ in
            let (_, browser) = try await Fixtures.casaWithAdmin(app)
            _ = try await browser.post("/language", ["lang": "es"])
            #expect(browser.cookies["dv"] != nil && browser.cookies["ft"] != nil && browser.cookies["lang"] != nil)
            let response = try await browser.get("/exit")
            #expect(response.status == .seeOther)
            let set = response.headers[.setCookie]
            #expect(!set.contains { $0.hasPrefix("ft=") && !$0.contains("Max-Age=0") }, "no new form token: \(set)")
            #expect(browser.cookies.isEmpty, "every cookie forgotten: \(browser.cookies.keys.sorted())")

            // Someone who chose neutral titles keeps that one cookie, holding only "1".
            let neutral = TestBrowser(app)
            try await neutral.signIn("ana")
            try await neutral.post("/account/preferences", ["neutral_titles": "on", "lang": "en"])
            _ = try await neutral.post("/exit")
            #expect(neutral.cookies == ["nt": "1"])
            #expect(try await neutral.get("/login").text.contains("<title>Notes</title>"))
        }
    }
}
