import Fluent
import Foundation
import TejidoCore
import Testing
import VaporTesting

@testable import TejidoWeb

/// The directory as people use it: import, search in either language and spelling, filter, see
/// only what is theirs to see; and the help page that stores nothing.
@Suite("Directory and immediate help")
struct DirectoryWebTests {
    static let sample = """
        kind,name,description,country,region,city,reach,languages,phone,may_involve_police,visibility
        crisis_team,Brigada Comunitaria,Acompañamiento en crisis por violéncia de género,México,Chiapas,San Cristóbal,local,"es,tzo",+52 967 000 0000,no,public
        crisis_line,Línea Violeta,Escucha telefónica las 24 horas,México,,,national,es,800 000 000,unknown,public
        medical,Clínica Médica Popular,Atención médica y exámenes forenses,México,Chiapas,Tuxtla,local,es,,yes,public
        survivor_support,Private Circle,Support group for survivors,UK,England,Manchester,local,en,,no,members
        counselling,Consejería Feminista,Apoyo psicológico para mujeres,España,Madrid,Madrid,local,es,,no,public
        """

    static func importSample(_ app: Application, into collective: Fixtures.Collective) async throws {
        let report = try DirectoryImport.read(Data(sample.utf8), now: Date(), byteLimit: DirectoryImport.webLimit).get()
        #expect(report.rejected.isEmpty)
        try await DirectoryService(database: app.db, now: Date()).save(report.accepted, in: collective.id)
    }

    static func names(_ text: String) -> [String] {
        text.components(separatedBy: "<h3>").dropFirst().map { part in
            let inner = part.components(separatedBy: "</h3>").first ?? ""
            return inner.replacingOccurrences(of: #"<[^>]+>"#, with: "", options: .regularExpression)
        }
    }

    @Test("a new collective has the starter entries, for members only and unchecked")
    func starterEntries() async throws {
        try await withTejido { app, _ in
            let (_, ana) = try await Fixtures.casaWithAdmin(app)
            let page = try await ana.get("/c/casa/directory")
            #expect(page.text.contains("Creative Interventions"))
            #expect(page.text.contains("Not checked yet"))
            #expect(!(try await TestBrowser(app).get("/public/casa/directory").text.contains("Creative Interventions")))
        }
    }

    @Test("an import with bad rows adds the good ones and reports each bad row precisely")
    func importReport() async throws {
        try await withTejido { app, _ in
            let (casa, ana) = try await Fixtures.casaWithAdmin(app)
            let before = try await DirectoryEntryRecord.query(on: app.db).filter(\.$collective.$id == casa.id).count()
            let file =
                "kind,name,website\ncrisis_line,Good Line,https://example.org\nteleport,Bad Kind,\nlegal,Bad Site,ftp://x\n"
            let response = try await ana.post("/c/casa/directory/import", ["text": file])
            #expect(response.status == .unprocessableEntity)
            #expect(response.text.contains("Entries added:") && response.text.contains("<strong>1</strong>"))
            #expect(response.text.contains("<th scope=\"row\">3</th>") && response.text.contains("Choose a kind from the list."))
            #expect(response.text.contains("<th scope=\"row\">4</th>") && response.text.contains("starting with https://"))
            #expect(try await DirectoryEntryRecord.query(on: app.db).filter(\.$collective.$id == casa.id).count() == before + 1)
            // The same file again adds nothing twice.
            let again = try await ana.post("/c/casa/directory/import", ["text": file])
            #expect(again.text.contains("Already in the directory") && again.text.contains("<strong>0</strong>"))
            #expect(try await DirectoryEntryRecord.query(on: app.db).filter(\.$collective.$id == casa.id).count() == before + 1)

            let malformed = try await ana.post("/c/casa/directory/import", ["text": "kind,name\nlegal,\"Open quote\nlegal,B\n"])
            #expect(malformed.status == .unprocessableEntity)
            #expect(malformed.text.contains("Nothing was imported") && malformed.text.contains("line 2"))
            let huge = try await ana.post("/c/casa/directory/import", ["text": String(repeating: "x", count: 2_050_000)])
            #expect(huge.status == .unprocessableEntity || huge.status == .payloadTooLarge)
            #expect(try await DirectoryEntryRecord.query(on: app.db).filter(\.$collective.$id == casa.id).count() == before + 1)
            // Members read the directory; they do not change it.
            try await Fixtures.member(app, casa, "beto")
            let beto = TestBrowser(app)
            try await beto.signIn("beto")
            #expect(try await beto.get("/c/casa/directory").status == .ok)
            #expect(try await beto.post("/c/casa/directory/import", ["text": file]).status == .forbidden)
        }
    }

    @Test("search ignores accents and capitals, and finds Spanish words and kind names")
    func accentInsensitiveSearch() async throws {
        try await withTejido { app, _ in
            let (casa, _) = try await Fixtures.casaWithAdmin(app)
            try await Self.importSample(app, into: casa)
            let visitor = TestBrowser(app)
            func search(_ query: String) async throws -> [String] {
                Self.names(try await visitor.get("/public/casa/directory?" + query).text)
            }
            #expect(try await search("q=violencia") == ["Brigada Comunitaria"])
            #expect(try await search("q=VIOL%C3%89NCIA") == ["Brigada Comunitaria"])
            #expect(try await search("q=medica") == ["Clínica Médica Popular"])
            #expect(try await search("q=m%C3%A9dica") == ["Clínica Médica Popular"])
            #expect(try await search("q=linea+de+crisis") == ["Línea Violeta"], "the kind's Spanish name finds it")
            #expect(try await search("q=viol").sorted() == ["Brigada Comunitaria", "Línea Violeta"], "words match as prefixes")
            #expect(try await search("q=nothing+like+this").isEmpty)
        }
    }

    @Test("filters: kind, place, language and no police, alone and with words")
    func filters() async throws {
        try await withTejido { app, _ in
            let (casa, _) = try await Fixtures.casaWithAdmin(app)
            try await Self.importSample(app, into: casa)
            let visitor = TestBrowser(app)
            func search(_ query: String) async throws -> [String] {
                Self.names(try await visitor.get("/public/casa/directory?" + query).text).sorted()
            }
            #expect(try await search("kind=crisis_team") == ["Brigada Comunitaria"])
            #expect(try await search("region=chiapas") == ["Brigada Comunitaria", "Clínica Médica Popular"])
            #expect(try await search("region=San+Cristobal") == ["Brigada Comunitaria"])
            #expect(try await search("nopolice=1") == ["Brigada Comunitaria", "Consejería Feminista"])
            #expect(try await search("lang=tzo") == ["Brigada Comunitaria"])
            // Languages read as names, and every language the entries use is offered as a filter.
            let page = try await visitor.get("/public/casa/directory").text
            #expect(page.contains(#"<option value="tzo">TZO</option>"#), "a code with no known name stays a code")
            #expect(page.contains(#"<option value="es">Spanish</option>"#))
            #expect(page.contains("Spanish, TZO"), "the card names the language")
            // A visitor finds a Spanish-language, no-police crisis team by typing without accents.
            #expect(try await search("q=acompanamiento+crisis&lang=es&nopolice=1&kind=crisis_team") == ["Brigada Comunitaria"])
        }
    }

    @Test("someone without papers finds services that do not ask about status, and legal help, from the home page")
    func immigrationPath() async throws {
        try await withTejido { app, _ in
            let (casa, _) = try await Fixtures.casaWithAdmin(app)
            let file = """
                kind,name,description,languages,asks_immigration_status,visibility
                immigration_legal,Abogadas Sin Fronteras,Asesoría migratoria gratuita,es,no,public
                legal,Bufete Popular,Asesoría legal,es,unknown,public
                counselling,Centro Que Pregunta,Apoyo psicológico,es,yes,public
                """
            let report = try DirectoryImport.read(Data(file.utf8), now: Date(), byteLimit: DirectoryImport.webLimit).get()
            #expect(report.rejected.isEmpty)
            try await DirectoryService(database: app.db, now: Date()).save(report.accepted, in: casa.id)
            let visitor = TestBrowser(app)
            // From the home page, a visitor reaches the help page and the directory.
            let home = try await visitor.get("/").text
            #expect(home.contains("href=\"/help\"") && home.contains("href=\"/public/casa/directory\""))
            #expect(home.contains("/public/casa/directory?noimm=1"))
            let filtered = Self.names(try await visitor.get("/public/casa/directory?noimm=1").text)
            #expect(filtered == ["Abogadas Sin Fronteras"])
            let form = try await visitor.get("/public/casa/directory").text
            #expect(form.contains("Only services known not to ask about immigration status"))
            // The help page lists legal and immigration help, and links the filter.
            let help = try await visitor.get("/help")
            #expect(help.status == .ok && help.headers[.setCookie].isEmpty)
            #expect(help.text.contains("Legal and immigration help"))
            #expect(help.text.contains("Abogadas Sin Fronteras") && help.text.contains("Bufete Popular"))
            #expect(help.text.contains("/public/casa/directory?noimm=1"))
            // With a second collective on the instance, its pages name none of them.
            _ = try await Fixtures.collective(app, "Huerta", admin: "hugo")
            let many = try await TestBrowser(app).get("/").text
            #expect(!many.contains("/public/"))
        }
    }

    @Test("members-only entries stay with members; other collectives' entries never show")
    func visibility() async throws {
        try await withTejido { app, _ in
            let (casa, ana) = try await Fixtures.casaWithAdmin(app)
            try await Self.importSample(app, into: casa)
            let huerta = try await Fixtures.collective(app, "Huerta", admin: "hugo")
            _ = try await DirectoryService(database: app.db, now: Date()).create(
                DirectoryEntry(kind: .crisisTeam, name: "Huerta Secret Team", isPublic: false), in: huerta.id)
            let visitor = TestBrowser(app)
            #expect(!(try await visitor.get("/public/casa/directory?q=support").text.contains("Private Circle")))
            #expect(try await ana.get("/c/casa/directory?q=support").text.contains("Private Circle"))
            #expect(!(try await ana.get("/c/casa/directory?q=huerta").text.contains("Huerta Secret Team")))
            #expect(!(try await visitor.get("/public/huerta/directory").text.contains("Huerta Secret Team")))
            // With two collectives on the instance, its own help page shows neither's contacts.
            #expect(!(try await visitor.get("/help").text.contains("Brigada Comunitaria")))
            let secret = try #require(
                try await DirectoryEntryRecord.query(on: app.db).filter(\.$name == "Huerta Secret Team").first())
            #expect(try await ana.get("/c/casa/directory/\(secret.requireID())").status == .notFound)
            #expect(try await ana.get("/c/huerta/directory/\(secret.requireID())").status == .notFound)
        }
    }

    @Test("adding an entry: a mistake keeps what was typed; checking it records today and who")
    func entryForm() async throws {
        try await withTejido { app, _ in
            let (casa, ana) = try await Fixtures.casaWithAdmin(app)
            let bad = try await ana.post(
                "/c/casa/directory/new",
                ["kind": "crisis_team", "name": "Equipo Tejiendo", "website": "javascript:alert(1)", "description": "Kept text"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("Kept text") && bad.text.contains("value=\"Equipo Tejiendo\""))
            let good = try await ana.post(
                "/c/casa/directory/new",
                [
                    "kind": "crisis_team", "name": "Equipo Tejiendo", "website": "https://example.org", "visibility": "public",
                    "may_involve_police": "no", "verified_now": "1",
                ])
            #expect(good.status == .seeOther)
            let record = try #require(
                try await DirectoryEntryRecord.query(on: app.db).filter(\.$name == "Equipo Tejiendo").first())
            #expect(record.verifiedBy == "ana" && record.lastVerified != nil && record.isPublic)
            #expect(record.$collective.id == casa.id)
            let page = try await ana.get(good.location ?? "")
            #expect(page.text.contains("Details checked") && page.text.contains("by ana"))
            let publicPage = try await TestBrowser(app).get("/public/casa/directory?q=tejiendo")
            #expect(
                publicPage.text.contains("Details checked") && !publicPage.text.contains("by ana"), "who checked stays inside")
        }
    }

    @Test("the immediate-help page sets no cookie, reads no session, and is honest about the police")
    func helpStoresNothing() async throws {
        try await withTejido { app, clock in
            let (casa, ana) = try await Fixtures.casaWithAdmin(app)
            try await Self.importSample(app, into: casa)
            let visitor = TestBrowser(app)
            let help = try await visitor.get("/help")
            #expect(help.status == .ok)
            #expect(help.headers[.setCookie].isEmpty)
            #expect(help.text.contains("you are not betraying anyone"))
            #expect(help.text.contains("immigration status"))
            #expect(!help.text.contains("<form method=\"post\" action=\"/language\""), "no form that would set a cookie")
            #expect(help.text.contains("Brigada Comunitaria"), "the instance's page shows what its collectives published")

            let spanish = try await visitor.get("/ayuda/casa")
            #expect(spanish.headers[.setCookie].isEmpty)
            #expect(spanish.text.contains("lang=\"es\"") && spanish.text.contains("no traicionas a nadie"))
            let crisis = spanish.text.components(separatedBy: "Contactos para crisis").last ?? ""
            let team = try #require(crisis.range(of: "Brigada Comunitaria"))
            let line = try #require(crisis.range(of: "Línea Violeta"))
            #expect(team.lowerBound < line.lowerBound, "crisis teams come before crisis lines")
            #expect(!spanish.text.contains("Private Circle"))

            // Signed in, the page still neither reads nor refreshes the session.
            let before = try #require(try await UserSessionRecord.query(on: app.db).first()).lastSeenAt
            clock.advance(minutes: 5)
            let signedIn = try await ana.get("/help/casa")
            #expect(signedIn.headers[.setCookie].isEmpty)
            #expect(try await UserSessionRecord.query(on: app.db).first()?.lastSeenAt == before)
            // Every public page points here, the sign-in page included.
            #expect(try await visitor.get("/login").text.contains("Someone in danger now?"))
            #expect(try await visitor.get("/public/casa/directory").text.contains("href=\"/help/casa\""))
        }
    }

    @Test("a collective writes its help page in its own words; markup is refused")
    func helpPageEditing() async throws {
        try await withTejido { app, _ in
            let (casa, ana) = try await Fixtures.casaWithAdmin(app)
            let saved = try await ana.post(
                "/c/casa/help-page", ["sections.police.en": "Our local emergency number is 911.", "sections.police.es": ""])
            #expect(saved.status == .seeOther)
            let page = try await TestBrowser(app).get("/help/casa")
            #expect(page.text.contains("Our local emergency number is 911."))
            #expect(page.text.contains("Speak slowly and quietly"), "untouched sections keep Tejido's words")
            #expect(try await TestBrowser(app).get("/ayuda/casa").text.contains("no traicionas a nadie"))
            let hostile = try await ana.post("/c/casa/help-page", ["sections.now.en": "<script>alert(1)</script>"])
            #expect(hostile.status == .unprocessableEntity)
            #expect(!(try await TestBrowser(app).get("/help/casa").text.contains("alert(1)")))
            _ = casa
        }
    }

    @Test("the command line exports and imports, with a report of rejected rows")
    func commandLine() async throws {
        try await withTejido { app, _ in
            let (casa, _) = try await Fixtures.casaWithAdmin(app)
            try await Self.importSample(app, into: casa)
            let csv = try await app.exportDirectory(slug: "casa", format: "csv")
            #expect(csv.hasPrefix("\"kind\",\"name\""))
            #expect(csv.contains("Brigada Comunitaria"))
            let result = try await app.importDirectory(slug: "casa", data: Data("kind,name\nlegal,Ok\nnope,Bad\n".utf8))
            #expect(result.imported == 1)
            #expect(result.report == "row 3 (Bad): kind: Choose a kind from the list.")
            await #expect(throws: CommandProblem.self) { try await app.importDirectory(slug: "casa", data: Data("name\nx".utf8)) }
            let json = try await app.exportDirectory(slug: "casa", format: "json")
            #expect(json.contains("\"format\" : \"tejido.directory\""))
        }
    }
}
