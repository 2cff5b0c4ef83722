import Fluent
import NIOCore
import NIOHTTP1
import TejidoCore
import Testing
import VaporTesting

@testable import TejidoWeb

/// Text that cannot be stored as typed is refused at the edge, on SQLite and PostgreSQL alike:
/// a clear 422 naming the field, what was typed given back, and nothing written.
@Suite("Text at the edge")
struct FormTextTests {
    static func rawPost(_ browser: TestBrowser, _ path: String, _ body: String) async throws -> TestingHTTPResponse {
        if browser.csrfToken == nil { try await browser.get("/about") }
        let form = "_csrf=\(browser.csrfToken ?? "")&" + body
        return try await browser.send(
            .POST, path, headers: ["Content-Type": "application/x-www-form-urlencoded"], body: ByteBuffer(string: form))
    }

    @Test("a null byte, broken encoding or a 100 KB name answers 422 naming the field, keeps what was typed, saves nothing")
    func refusedAtTheEdge() async throws {
        try await withTejido { app, _ in
            let (_, ana) = try await Fixtures.casaWithAdmin(app)
            let before = try await AssemblyItemRecord.query(on: app.db).count()

            let nul = try await ana.post("/c/casa/assembly/items", ["title": "Kitchen\u{0}rota", "text": "ZQ-KEEP the words"])
            #expect(nul.status == .unprocessableEntity)
            #expect(nul.text.contains("&quot;title&quot; contains control characters"))
            #expect(nul.text.contains("Kitchen rota"), "what was typed comes back, cleaned")
            #expect(nul.text.contains("ZQ-KEEP the words"), "the other fields too")
            #expect(nul.text.contains(#"action="/c/casa/assembly/items""#))

            let broken = try await Self.rawPost(ana, "/c/casa/assembly/items", "title=Caf%E9&text=ok")
            #expect(broken.status == .unprocessableEntity)
            #expect(broken.text.contains("&quot;title&quot; contains bytes that are not text"))

            let long = try await ana.post(
                "/c/casa/assembly/items", ["title": String(repeating: "a", count: 100_000), "text": "x"])
            #expect(
                long.status == .unprocessableEntity
                    && long.text.contains("longer than Tejido keeps for it (at most 300 characters)"))
            #expect(try await AssemblyItemRecord.query(on: app.db).count() == before, "nothing was written")

            // The same fields sent as JSON are held to the same rules.
            let json = try await ana.send(
                .POST, "/c/casa/assembly/items", headers: ["Content-Type": "application/json"],
                body: ByteBuffer(string: #"{"_csrf":"\#(ana.csrfToken ?? "")","title":"a\u0000b","text":"x"}"#))
            #expect(json.status == .unprocessableEntity && json.text.contains("contains control characters"))

            // A passphrase is never written back into the page.
            let secret = try await ana.post(
                "/account/passphrase", ["current": "ZQ-SECRET\u{0}", "new": "x", "confirmation": "x"])
            #expect(secret.status == .unprocessableEntity && !secret.text.contains("ZQ-SECRET"))

            // Ordinary text, accents, line breaks and tabs, passes.
            let fine = try await ana.post(
                "/c/casa/assembly/items", ["title": "Café del jueves", "text": "Línea uno\n\tLínea dos"])
            #expect(fine.status == .seeOther)
        }
    }

    @Test("the rules: encoding, control characters, lengths by field")
    func rules() {
        #expect(FormText.problem(field: "title", bytes: Array("Café".utf8)) == nil)
        #expect(FormText.problem(field: "title", bytes: [0x43, 0xE9]) == .encoding)
        #expect(FormText.problem(field: "text", bytes: [0x41, 0x00]) == .controlCharacters)
        #expect(FormText.problem(field: "text", bytes: Array("a\r\n\tb".utf8)) == nil)
        #expect(FormText.problem(field: "name", bytes: Array(repeating: 0x61, count: 301)) == .tooLong)
        #expect(FormText.problem(field: "json", bytes: Array(repeating: 0x61, count: 200_000)) == nil)
        #expect(FormText.fields(of: Array("a=1+2&b=%C3%B1&c".utf8)).map(\.name) == ["a", "b", "c"])
        #expect(FormText.fields(of: Array("b=%C3%B1".utf8)).first?.bytes == Array("ñ".utf8))
    }
}
