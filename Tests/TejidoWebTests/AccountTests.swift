import Fluent
import TejidoCore
import Testing
import VaporTesting

@testable import TejidoWeb

@Suite("Own account")
struct AccountTests {
    @Test("a person deletes their own account; it and its memberships and sessions are gone")
    func deleteAccount() async throws {
        try await withTejido { app, _ in
            let casa = try await Fixtures.collective(app, "Casa", admin: "ana")
            let betoID = try await Fixtures.member(app, casa, "beto")
            let beto = TestBrowser(app)
            try await beto.signIn("beto")
            let wrong = try await beto.post("/account/delete", ["passphrase": "not my passphrase"])
            #expect(wrong.status == .unprocessableEntity)
            #expect(try await UserRecord.find(betoID, on: app.db) != nil)
            let deleted = try await beto.post("/account/delete", ["passphrase": Fixtures.passphrase])
            #expect(deleted.location == "/login?notice=account_deleted")
            #expect(try await UserRecord.find(betoID, on: app.db) == nil)
            #expect(try await MembershipRecord.query(on: app.db).filter(\.$user.$id == betoID).count() == 0)
            #expect(try await UserSessionRecord.query(on: app.db).filter(\.$user.$id == betoID).count() == 0)
        }
    }

    @Test("the only admin of a collective is asked to hand over first")
    func lastAdminCannotDelete() async throws {
        try await withTejido { app, _ in
            let (casa, ana) = try await Fixtures.casaWithAdmin(app)
            let response = try await ana.post("/account/delete", ["passphrase": Fixtures.passphrase])
            #expect(response.status == .conflict)
            #expect(response.text.contains("You are the only admin of a collective."))
            #expect(try await UserRecord.find(casa.adminID, on: app.db) != nil)
        }
    }

    @Test("preferences are saved and shown back")
    func preferences() async throws {
        try await withTejido { app, _ in
            let (_, ana) = try await Fixtures.casaWithAdmin(app)
            let saved = try await ana.post("/account/preferences", ["neutral_titles": "on", "lang": "es"])
            #expect(saved.location == "/account?notice=saved")
            let page = try await ana.get(try #require(saved.location)).text
            #expect(
                page.contains(
                    "type=\"checkbox\" id=\"neutral_titles\" name=\"neutral_titles\" value=\"on\" aria-describedby=\"neutral_titles-hint\" checked>"
                ))
            #expect(page.contains("Guardado."))
        }
    }
}

@Suite("Bad input")
struct BadInputTests {
    /// Every form, sent empty, with wrong types, with absurd lengths, and as not-a-form-at-all.
    @Test("no input to any form causes a server error")
    func neverA500() async throws {
        try await withTejido { app, _ in
            let casa = try await Fixtures.collective(app, "Casa", admin: "ana")
            let other = try await Fixtures.member(app, casa, "beto")
            let membership = try await Fixtures.membershipID(app, casa, userID: other)
            let browser = TestBrowser(app)
            try await browser.signIn("ana")
            let forms = [
                "/login", "/setup", "/language", "/account/preferences", "/account/passphrase", "/c/casa/settings",
                "/c/casa/members/\(membership)/role", "/c/casa/invites", "/join/whatever",
                "/c/casa/protocol/draft/general", "/c/casa/protocol/draft/agreement", "/c/casa/protocol/draft/harms",
                "/c/casa/protocol/draft/harms/physical", "/c/casa/protocol/draft/blocks/education",
                "/c/casa/protocol/draft/start",
                "/c/casa/protocol/propose", "/c/casa/protocol/decision", "/c/casa/protocol/publish", "/c/casa/protocol/agreement",
                "/c/casa/protocol/concerns/new", "/c/casa/directory/new", "/c/casa/directory/import", "/c/casa/help-page",
                "/account/delete",
            ]
            let huge = String(repeating: "ñ", count: 5000)
            let payloads: [[String: String]] = [
                [:],
                ["username": huge, "passphrase": huge, "name": huge, "exit_url": huge, "days": huge, "role": huge, "lang": huge],
                ["days": "-1", "role": "", "lang": "xx", "next": "javascript:alert(1)", "neutral_titles": "maybe"],
                ["username": "\u{0}\u{7}", "name": "\u{202E}evil", "collective": "\u{0}"],
                [
                    "base": huge, "version": "99999999999999999999", "title.en": huge, "languages.xx": "1", "start": "import",
                    "json": "{\"format\":", "outcome": "adopted", "agree": "1e9", "part": huge, "text": "\u{0}",
                    "harmTypes[0].name.en": "x", "harmTypes.0.levels.0.responses.allowed.nonsense": "1",
                    "blocks.9.introduction.en": "x",
                    "agreement.commitments.en": huge,
                ],
                [
                    "kind": "\u{0}", "website": "javascript:alert(1)", "languages": huge, "may_involve_police": "maybe",
                    "visibility": "everyone", "verified_now": "yes", "text": "kind,name\n\"", "sections.now.en": huge,
                    "sections.police.xx": "x",
                ],
            ]
            for path in forms {
                for payload in payloads {
                    let response = try await browser.post(path, payload)
                    #expect(response.status.code < 500, "\(path) with \(payload.keys.sorted()) answered \(response.status)")
                }
                let json = try await browser.send(
                    .POST, path, headers: ["Content-Type": "application/json"], body: ByteBuffer(string: "{\"_csrf\":1"))
                #expect(json.status.code < 500, "\(path) with broken JSON answered \(json.status)")
            }
            let protocolPages = [
                "/c/casa/protocol/versions/%00", "/c/casa/protocol/versions/99999999999999999999",
                "/c/casa/protocol/diff?from=x&to=-1",
                "/c/casa/protocol/diff?from=1&to=99", "/c/casa/protocol/export/xml", "/c/casa/protocol/print?version=-3&lang=zz",
                "/c/casa/protocol/draft/harms/%00", "/c/casa/protocol/draft/blocks/nonsense", "/public/%00/protocol",
                "/c/casa/protocol/concerns/new?part=%00", "/c/casa/directory?q=%22%2A%28&kind=x&lang=toolong&page=-9&nopolice=2",
                "/c/casa/directory?q=" + huge, "/public/casa/directory?region=%00&page=99999", "/c/casa/directory/%00",
                "/c/casa/directory/export/xml", "/help/%00", "/ayuda/" + huge,
            ]
            for path in ["/c/%00", "/c/%00/members", "/join/%00", "/c/casa/members/%00/remove", "/c/" + huge] + protocolPages {
                #expect(try await browser.get(path).status.code < 500, "\(path)")
            }
            #expect(try await CollectiveRecord.find(casa.id, on: app.db)?.name == "Casa")
            // An empty form is a legitimate edit (clearing a part), but nothing invalid is ever saved.
            for version in try await ProtocolQueries(database: app.db, collectiveID: casa.id).all() {
                #expect(ProtocolValidator.problems(in: try version.document()).isEmpty, "version \(version.number)")
            }
        }
    }

    @Test("an oversized body is refused politely")
    func oversized() async throws {
        try await withTejido { app, _ in
            let browser = TestBrowser(app)
            let response = try await browser.post("/login", ["username": String(repeating: "a", count: 400_000)])
            #expect(response.status == .payloadTooLarge)
        }
    }
}
