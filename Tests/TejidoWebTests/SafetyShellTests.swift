import Fluent
import Testing
import VaporTesting

@testable import TejidoWeb

@Suite("Safety shell")
struct SafetyShellTests {
    /// Every page a signed-in admin can open, plus the public ones and an error page.
    static let pages = [
        "/about", "/login", "/account", "/collectives", "/c/casa", "/c/casa/members", "/c/casa/invites",
        "/c/casa/settings", "/no-such-page", "/join/unknown",
    ]

    @Test("every page carries the protective headers and is never cached")
    func headers() async throws {
        try await withTejido { app, _ in
            let (_, browser) = try await Fixtures.casaWithAdmin(app)
            for path in Self.pages + ["/healthz"] {
                let response = try await browser.get(path)
                let csp = try #require(response.headers.first(name: "Content-Security-Policy"), "\(path)")
                #expect(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"), "\(path)")
                #expect(!csp.contains("unsafe-inline") && !csp.contains("http"), "\(path)")
                #expect(response.headers.first(name: "Referrer-Policy") == "no-referrer", "\(path)")
                #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff", "\(path)")
                #expect(response.headers.first(name: "Permissions-Policy")?.contains("camera=()") == true, "\(path)")
                #expect(response.headers.first(name: "Permissions-Policy")?.contains("geolocation=()") == true, "\(path)")
                #expect(response.headers.first(name: "Permissions-Policy")?.contains("microphone=()") == true, "\(path)")
                #expect(response.headers.first(name: .cacheControl) == "no-store", "\(path)")
                #expect(response.headers.first(name: "Strict-Transport-Security") == nil, "no HSTS over plain HTTP")
            }
        }
    }

    @Test("every page has the quick exit, a form token, and no reference to any other origin")
    func everyPageIsSelfContained() async throws {
        try await withTejido { app, _ in
            let (_, browser) = try await Fixtures.casaWithAdmin(app)
            let visitorHome = try await TestBrowser(app).get("/")
            for (path, page) in try await Self.pages.asyncMap({ ($0, try await browser.get($0).text) }) + [
                ("/ (visitor)", visitorHome.text)
            ] {
                #expect(page.contains("id=\"quick-exit\" href=\"/exit\" rel=\"noreferrer\""), "\(path)")
                #expect(
                    !page.contains("style=") && !page.contains("<style") && !page.contains("onclick"),
                    "\(path) has inline style or script")
                let scripts = page.components(separatedBy: "<script").dropFirst()
                #expect(scripts.allSatisfy { $0.hasPrefix(" src=\"/static/") }, "\(path) has an inline or foreign script")
                for attribute in ["src=\"", "href=\""] {
                    for value in page.components(separatedBy: attribute).dropFirst().map({ $0.prefix { $0 != "\"" } }) {
                        #expect(value.hasPrefix("/") || value.hasPrefix("#"), "\(path) references \(value)")
                    }
                }
            }
        }
    }

    @Test("static files are served by the app and may be cached")
    func staticFiles() async throws {
        try await withTejido { app, _ in
            for path in ["/static/tejido.css", "/static/quick-exit.js"] {
                let response = try await TestBrowser(app).get(path)
                #expect(response.status == .ok)
                #expect(response.headers.first(name: .cacheControl)?.contains("max-age") == true)
            }
            #expect(try await TestBrowser(app).get("/static/quick-exit.js").text.contains("location.replace"))
        }
    }

    @Test("/healthz answers 200 with an empty body")
    func healthz() async throws {
        try await withTejido { app, _ in
            let response = try await TestBrowser(app).get("/healthz")
            #expect(response.status == .ok)
            #expect(response.body.readableBytes == 0)
        }
    }

    @Test("neutral titles hide the product's name and the page's subject")
    func neutralTitles() async throws {
        try await withTejido { app, _ in
            let (_, browser) = try await Fixtures.casaWithAdmin(app)
            #expect(try await browser.get("/account").text.contains("<title>Account · Tejido</title>"))
            try await browser.post("/account/preferences", ["neutral_titles": "on", "lang": "en"])
            let page = try await browser.get("/c/casa/members").text
            #expect(page.contains("<title>Notes</title>"))
            #expect(page.contains("class=\"brand\" href=\"/\">Notes</a>"))
            #expect(!page.contains("Tejido<") && !page.contains("Tejido</title>"), "no visible Tejido in the frame")
        }
    }

    @Test("a device that chose neutral titles keeps them after signing out")
    func neutralTitlesSurviveSignOut() async throws {
        try await withTejido { app, _ in
            let (_, browser) = try await Fixtures.casaWithAdmin(app)
            try await browser.post("/account/preferences", ["neutral_titles": "on", "lang": "en"])
            try await browser.post("/logout")
            #expect(try await browser.get("/login").text.contains("<title>Notes</title>"))
            #expect(try await TestBrowser(app).get("/login").text.contains("<title>Sign in · Tejido</title>"))
        }
    }

    @Test("an account's neutral titles reach this browser at sign-in: the help page and sign-in page keep to them")
    func neutralTitlesFollowTheAccount() async throws {
        try await withTejido { app, _ in
            let (_, first) = try await Fixtures.casaWithAdmin(app)
            try await first.post("/account/preferences", ["neutral_titles": "on", "lang": "en"])
            // Another browser, that never saw the preferences page.
            let other = TestBrowser(app)
            try await other.signIn("ana")
            #expect(other.cookies["nt"] == "1")
            let help = try await other.get("/help")
            #expect(help.status == .ok && help.text.contains("<title>Notes</title>"))
            #expect(help.headers[.setCookie].isEmpty, "the help page still sets nothing")
            try await other.post("/logout")
            #expect(try await other.get("/login").text.contains("<title>Notes</title>"))
            #expect(try await other.get("/").text.contains("<title>Notes</title>"))
        }
    }

    @Test("an operator can make neutral titles the default for visitors and new accounts")
    func neutralByDefault() async throws {
        try await withTejido({ $0.neutralTitlesByDefault = true }) { app, _ in
            _ = try await Fixtures.collective(app, "Casa", admin: "ana")
            let home = try await TestBrowser(app).get("/").text
            #expect(home.contains("<title>Notes</title>") && home.contains("<h1>Notes</h1>"))
            #expect(!home.contains("Tejido<"))
            let ana = TestBrowser(app)
            try await ana.signIn("ana")
            let page = try await ana.get("/c/casa").text
            #expect(
                page.contains("<title>Notes</title>") && !page.contains(">Casa</a>"), "the collective's name is not in the frame")
        }
    }

    @Test("a route that answers without asking the access policy is refused, not served")
    func failClosed() async throws {
        try await withTejido { app, _ in
            app.get("forgot-to-ask") { _ in "secret case notes" }
            let response = try await TestBrowser(app).get("/forgot-to-ask")
            #expect(response.status == .internalServerError)
            #expect(!response.text.contains("secret case notes"))
        }
    }

    @Test("what people type is escaped, never run")
    func escaping() async throws {
        try await withTejido { app, _ in
            let (_, browser) = try await Fixtures.casaWithAdmin(app)
            try await browser.post("/c/casa/settings", ["name": "<script>alert(1)</script>", "exit_url": ""])
            let page = try await browser.get("/c/casa").text
            #expect(!page.contains("<script>alert(1)</script>"))
            #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        }
    }
}

@Suite("Forged requests")
struct CSRFTests {
    @Test("a state-changing request without the form token, or with another's, is refused and changes nothing")
    func missingOrWrongToken() async throws {
        try await withTejido { app, _ in
            let (_, browser) = try await Fixtures.casaWithAdmin(app)
            let none = try await browser.post("/c/casa/settings", ["name": "Forged"], includeToken: false)
            let wrong = try await browser.post(
                "/c/casa/settings", ["name": "Forged"], csrf: "A" + String(repeating: "b", count: 42))
            for response in [none, wrong] {
                #expect(response.status == .forbidden)
                #expect(response.text.contains("This form had expired"))
            }
            #expect(try await CollectiveRecord.query(on: app.db).first()?.name == "Casa")
        }
    }

    @Test("a request a browser marks as from another site, even a sibling subdomain, is refused even with a token")
    func crossSite() async throws {
        try await withTejido { app, _ in
            let (_, browser) = try await Fixtures.casaWithAdmin(app)
            for site in ["cross-site", "same-site"] {
                let response = try await browser.post("/account/sessions/end-all", headers: ["Sec-Fetch-Site": site])
                #expect(response.status == .forbidden, "\(site)")
            }
            #expect(try await UserSessionRecord.query(on: app.db).count() == 1)
            let ownPage = try await browser.post("/account/sessions/end-all", headers: ["Sec-Fetch-Site": "same-origin"])
            #expect(ownPage.status == .seeOther)
        }
    }

    @Test("the sign-in form needs the token too (no login CSRF)")
    func loginForm() async throws {
        try await withTejido { app, _ in
            _ = try await Fixtures.collective(app, "Casa", admin: "ana")
            let browser = TestBrowser(app)
            let response = try await browser.post(
                "/login", ["username": "ana", "passphrase": Fixtures.passphrase], includeToken: false)
            #expect(response.status == .forbidden)
            #expect(browser.cookies["sid"] == nil)
        }
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
