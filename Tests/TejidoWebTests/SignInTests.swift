import Fluent
import TejidoCore
import Testing
import VaporTesting

@testable import TejidoWeb

@Suite("Signing in")
struct SignInTests {
    @Test("signing in sets a fresh HttpOnly, SameSite=Strict session cookie and a new form token")
    func cookieAndRotation() async throws {
        try await withTejido { app, _ in
            let collective = try await Fixtures.collective(app, "Casa", admin: "ana")
            let browser = TestBrowser(app)
            browser.cookies["sid"] = "planted-by-someone-else"
            try await browser.get("/login")
            let tokenBefore = try #require(browser.csrfToken)
            let response = try await browser.post("/login", ["username": "ana", "passphrase": Fixtures.passphrase])
            #expect(response.location == "/c/\(collective.slug)")
            let cookie = try #require(response.headers[.setCookie].first { $0.hasPrefix("sid=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
            #expect(!cookie.contains("Secure"), "plain-HTTP development must still work")
            #expect(browser.cookies["sid"] != "planted-by-someone-else")
            #expect(browser.csrfToken != tokenBefore)
        }
    }

    @Test("behind a TLS proxy the cookies are Secure and HSTS is sent")
    func secureBehindTLS() async throws {
        try await withTejido({ $0.behindTLSProxy = true }) { app, _ in
            _ = try await Fixtures.collective(app, "Casa", admin: "ana")
            let browser = TestBrowser(app)
            let response = try await browser.signIn("ana")
            #expect(response.headers[.setCookie].allSatisfy { $0.contains("Secure") && $0.hasPrefix("__Host-") })
            #expect(response.headers.first(name: "Strict-Transport-Security") != nil)
        }
    }

    @Test("a wrong passphrase and an unknown account get the very same answer")
    func noAccountEnumeration() async throws {
        try await withTejido { app, _ in
            _ = try await Fixtures.collective(app, "Casa", admin: "ana")
            let wrong = try await TestBrowser(app).post("/login", ["username": "ana", "passphrase": "not the passphrase"])
            let unknown = try await TestBrowser(app).post("/login", ["username": "nobody", "passphrase": "not the passphrase"])
            #expect(wrong.status == unknown.status)
            #expect(wrong.status == .unprocessableEntity)
            func message(_ page: String) -> String? {
                page.components(separatedBy: "<li><a href=\"#main\">").dropFirst().first?.components(separatedBy: "<").first
            }
            #expect(message(wrong.text) == message(unknown.text))
            #expect(message(wrong.text) == "That username and passphrase do not match an account.")
            #expect(wrong.text.contains("value=\"ana\""), "the username typed is kept")
        }
    }

    @Test("after five failures an account is slowed down, whether or not it exists, and the right passphrase waits too")
    func throttling() async throws {
        try await withTejido { app, clock in
            _ = try await Fixtures.collective(app, "Casa", admin: "ana")
            for name in ["ana", "ghost"] {
                for _ in 0..<5 {
                    let failed = try await TestBrowser(app).post("/login", ["username": name, "passphrase": "wrong guess here"])
                    #expect(failed.status == .unprocessableEntity)
                }
                let blocked = try await TestBrowser(app).post("/login", ["username": name, "passphrase": Fixtures.passphrase])
                #expect(blocked.status == .tooManyRequests, "\(name) should be throttled")
                #expect(blocked.text.contains("Too many wrong attempts"))
            }
            clock.advance(minutes: 1)
            try await TestBrowser(app).signIn("ana")
        }
    }

    @Test("someone hammering a known name cannot keep its owner out of a browser she signed in from before")
    func ownDeviceNotLockedOut() async throws {
        try await withTejido { app, _ in
            _ = try await Fixtures.collective(app, "Casa", admin: "ana")
            let phone = TestBrowser(app)
            try await phone.signIn("ana")
            #expect(phone.cookies["dv"] != nil, "the browser is now known")
            // Its parts are random bytes and a keyed hash; the name is in none of them, as text or
            // decoded (a plain `contains("ana")` on random base64 fails about once in 6,000 runs).
            for part in (phone.cookies["dv"] ?? "").split(separator: ".") {
                var base64 = part.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
                base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
                let decoded = Data(base64Encoded: base64).map { String(decoding: $0, as: UTF8.self) } ?? ""
                #expect(part.lowercased() != "ana" && !decoded.contains("ana"), "the cookie names nobody")
            }
            _ = try await phone.post("/logout")
            #expect(phone.sessionCookie == nil)
            // The person who caused harm guesses at her name, again and again, from elsewhere.
            for _ in 0..<12 {
                _ = try await TestBrowser(app).post("/login", ["username": "ana", "passphrase": "wrong guess here"])
            }
            let stranger = try await TestBrowser(app).post("/login", ["username": "ana", "passphrase": Fixtures.passphrase])
            #expect(stranger.status == .tooManyRequests, "an unknown browser still waits")
            let own = try await phone.post("/login", ["username": "ana", "passphrase": Fixtures.passphrase])
            #expect(own.status == .seeOther, "her own phone lets her in")
            // A cookie from one account's sign-in is no pass for another name.
            let forged = TestBrowser(app)
            forged.cookies["dv"] = phone.cookies["dv"]
            let other = try await forged.post("/login", ["username": "ANA ", "passphrase": "wrong guess here"])
            #expect(other.status != .seeOther)
            let tampered = TestBrowser(app)
            tampered.cookies["dv"] = (phone.cookies["dv"] ?? "") + "x"
            #expect(
                try await tampered.post("/login", ["username": "ana", "passphrase": Fixtures.passphrase]).status
                    == .tooManyRequests)
            // A new passphrase voids every browser that knew the old one.
            let oldCookie = try #require(phone.cookies["dv"])
            let changed = try await phone.post(
                "/account/passphrase",
                ["current": Fixtures.passphrase, "new": "a fresh long passphrase", "confirmation": "a fresh long passphrase"])
            #expect(changed.status == .seeOther)
            let stale = TestBrowser(app)
            stale.cookies["dv"] = oldCookie
            #expect(
                try await stale.post("/login", ["username": "ana", "passphrase": "a fresh long passphrase"]).status
                    == .tooManyRequests, "the old browser proof no longer lets it past others' failures")
        }
    }

    @Test("guesses sent at once are each counted before any is checked: only as many pass as the throttle allows")
    func parallelGuessesCounted() async throws {
        try await withTejido { app, clock in
            _ = try await Fixtures.collective(app, "Casa", admin: "ana")
            for _ in 0..<5 {
                _ = try await TestBrowser(app).post("/login", ["username": "ana", "passphrase": "wrong guess here"])
            }
            clock.advance(minutes: 1)
            let browsers = (0..<30).map { _ in TestBrowser(app) }
            for browser in browsers { try await browser.get("/about") }
            let statuses = try await withThrowingTaskGroup(of: UInt.self) { group in
                for browser in browsers {
                    group.addTask {
                        try await browser.post("/login", ["username": "ana", "passphrase": "another wrong guess"]).status.code
                    }
                }
                return try await group.reduce(into: [UInt]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 422 }.count == 1, "one guess was checked")
            #expect(statuses.filter { $0 == 429 }.count == 29)
        }
    }

    @Test("signing in to one's own account does not wipe the count of failures from that address")
    func successDoesNotResetAddress() async throws {
        try await withTejido({ $0.behindTLSProxy = true }) { app, _ in
            let casa = try await Fixtures.collective(app, "Casa", admin: "ana")
            try await Fixtures.member(app, casa, "beto")
            let address: HTTPHeaders = ["X-Forwarded-For": "198.51.100.7"]
            // Spraying: one guess at each of many names, so no single account's count rises.
            for round in 0..<8 {
                for name in 0..<4 {
                    try await TestBrowser(app, headers: address).post(
                        "/login", ["username": "name\(round)x\(name)", "passphrase": "common guess 2024"])
                }
                // Between rounds the guesser signs in to their own account, trying to reset the count.
                _ = try? await TestBrowser(app, headers: address).signIn("beto")
            }
            let blocked = try await TestBrowser(app, headers: address).post(
                "/login", ["username": "ana", "passphrase": Fixtures.passphrase])
            #expect(blocked.status == .tooManyRequests)
            // Someone elsewhere is not affected.
            try await TestBrowser(app, headers: ["X-Forwarded-For": "203.0.113.50"]).signIn("ana")
        }
    }

    @Test("a passphrase asked for again on the account page is throttled like sign-in")
    func accountPagesThrottled() async throws {
        try await withTejido { app, _ in
            let (_, borrowed) = try await Fixtures.casaWithAdmin(app)
            for _ in 0..<5 {
                let wrong = try await borrowed.post("/account/delete", ["passphrase": "maybe this one"])
                #expect(wrong.status == .unprocessableEntity)
            }
            // Said beside the field, on the page itself, and nothing is done.
            let deleting = try await borrowed.post("/account/delete", ["passphrase": Fixtures.passphrase])
            #expect(deleting.status == .unprocessableEntity && deleting.text.contains("Too many wrong attempts"))
            let changing = try await borrowed.post(
                "/account/passphrase",
                ["current": Fixtures.passphrase, "new": "new kettle song", "confirmation": "new kettle song"])
            #expect(changing.status == .unprocessableEntity && changing.text.contains("Too many wrong attempts"))
            #expect(try await borrowed.get("/account").status == .ok, "still signed in, the account still there")
            #expect(try await UserRecord.query(on: app.db).count() == 1)
        }
    }

    @Test("failed attempts are counted under keyed hashes, never the typed name or the address")
    func throttleStoresNoNames() async throws {
        try await withTejido({ $0.behindTLSProxy = true }) { app, _ in
            try await TestBrowser(app, headers: ["X-Forwarded-For": "198.51.100.23"])
                .post("/login", ["username": "marisol", "passphrase": "wrong guess here"])
            let subjects = try await LoginFailureRecord.query(on: app.db).all().map(\.subject)
            #expect(subjects.count == 2)
            #expect(subjects.allSatisfy { !$0.contains("marisol") && !$0.contains("198.51.100.23") && $0.count == 64 })
        }
    }

    @Test("after sign-in a `next` address is followed only when it is this site's own path")
    func nextRedirect() async throws {
        try await withTejido { app, _ in
            _ = try await Fixtures.collective(app, "Casa", admin: "ana")
            let inside = try await TestBrowser(app).post(
                "/login", ["username": "ana", "passphrase": Fixtures.passphrase, "next": "/account"])
            #expect(inside.location == "/account")
            for evil in ["//evil.example/", "https://evil.example/", "/\\evil.example"] {
                let outside = try await TestBrowser(app).post(
                    "/login", ["username": "ana", "passphrase": Fixtures.passphrase, "next": evil])
                #expect(outside.location == "/c/casa", "\(evil) must not be followed")
            }
        }
    }

    @Test("a page that needs an account sends a visitor to sign in, and back afterwards")
    func signInRequired() async throws {
        try await withTejido { app, _ in
            let response = try await TestBrowser(app).get("/account")
            #expect(response.status == .seeOther)
            #expect(response.location == "/login?next=%2Faccount")
        }
    }

    @Test("passphrases are stored as bcrypt with cost 12 in the real configuration, over a digest of the whole passphrase")
    func bcryptCost() throws {
        let config = try TejidoCore.ConfigurationLoader.load(environment: ["TEJIDO_ENV": "production"])
        let hasher = PassphraseHasher(cost: config.passphraseHashCost)
        let long = String(repeating: "ñ", count: 80)
        let hash = try hasher.hash(long)
        #expect(hash.hasPrefix("$2b$12$"))
        #expect(hasher.verify(long, against: hash))
        // bcrypt alone would ignore everything past 72 bytes; these differ only at the very end.
        #expect(!hasher.verify(String(repeating: "ñ", count: 79) + "n", against: hash))
        // Composed and decomposed accents are the same passphrase.
        #expect(hasher.verify("árbol de mango", against: try PassphraseHasher(cost: 4).hash("a\u{301}rbol de mango")))
    }
}
