import Fluent
import Foundation
import TejidoCore
import Testing
import VaporTesting

@testable import TejidoWeb

/// The protocol as people use it: read, edit by part, adopt, acknowledge, export, import.
@Suite("Protocol")
struct ProtocolTests {
    static func versions(_ app: Application, _ casa: Fixtures.Collective) async throws -> Int {
        try await ProtocolVersionRecord.query(on: app.db).filter(\.$collective.$id == casa.id).count()
    }

    /// The harm editor's form as a browser would post it, from a document, with changes.
    static func harmForm(
        _ document: ProtocolDocument, harm h: Int, base: Int, _ change: (inout [String: String]) -> Void
    )
        -> [String: String]
    {
        var form: [String: String] = ["base": "\(base)"]
        let harm = document.harmTypes[h]
        for (l, level) in harm.levels.enumerated() {
            let path = "harmTypes[\(h)].levels[\(l)]"
            for language in document.languages {
                form["\(path).name.\(language.rawValue)"] = level.name[language]
                form["\(path).description.\(language.rawValue)"] = level.description[language]
            }
            for kind in level.responses.allowed { form["\(path).responses.allowed.\(kind.rawValue)"] = "1" }
            for kind in level.responses.recommended { form["\(path).responses.recommended.\(kind.rawValue)"] = "1" }
            for kind in level.responses.needsAssembly { form["\(path).responses.needsAssembly.\(kind.rawValue)"] = "1" }
            form["\(path).position"] = "\(l + 1)"
        }
        change(&form)
        // Sent as a browser sends them: the form's control names, not the paths.
        return Dictionary(uniqueKeysWithValues: form.map { (formName($0.key), $0.value) })
    }

    @Test("a new collective starts with the template as a draft, readable by members, with every view and export")
    func newCollectiveReadsTemplate() async throws {
        try await withTejido { app, _ in
            let (casa, ana) = try await Fixtures.casaWithAdmin(app)
            try await Fixtures.member(app, casa, "beto")
            let beto = TestBrowser(app)
            try await beto.signIn("beto")
            let home = try await beto.get("/c/casa/protocol")
            #expect(home.status == .ok)
            #expect(home.text.contains("Our protocol on harm between us"))
            #expect(home.text.contains("Sexual assault") && home.text.contains("Very serious"))
            #expect(home.text.contains("This version is not adopted"))
            let spanish = try await beto.get("/c/casa/protocol?lang=es")
            #expect(spanish.text.contains("Acuerdo de convivencia") && spanish.text.contains("lang=\"es\""))
            for path in [
                "/c/casa/protocol/print?paper=letter", "/c/casa/protocol/versions", "/c/casa/protocol/versions/1",
                "/c/casa/protocol/diff?from=1&to=1",
            ] {
                #expect(try await beto.get(path).status == .ok, "\(path)")
            }
            let markdown = try await beto.get("/c/casa/protocol/export/markdown?lang=es")
            #expect(markdown.headers.contentType?.description.hasPrefix("text/markdown") == true)
            #expect(markdown.text.contains("## 2. Prevención"))
            let json = try await beto.get("/c/casa/protocol/export/json")
            #expect(try ProtocolExchange.read(Data(json.text.utf8)).get() == ProtocolTemplate.document)
            // Members read; they do not edit.
            #expect(try await beto.get("/c/casa/protocol/draft").status == .forbidden)
            #expect(
                try await beto.post("/c/casa/protocol/draft/agreement", ["agreement.commitments.en": "mine"]).status == .forbidden
            )
            let draft = try await ana.get("/c/casa/protocol/draft")
            #expect(draft.status == .ok)
            #expect(draft.text.contains("UTC, ana."), "the draft names who saved it")
        }
    }

    @Test("editing a severity level saves a new version with author; typed text survives a mistake")
    func editLevel() async throws {
        try await withTejido { app, _ in
            let (casa, _) = try await Fixtures.casaWithAdmin(app)
            try await Fixtures.member(app, casa, "cora", role: .careTeam)
            let cora = TestBrowser(app)
            try await cora.signIn("cora")
            let template = ProtocolTemplate.document
            let h = try #require(template.harmTypes.firstIndex { $0.id == "psychological" })
            #expect(try await cora.get("/c/casa/protocol/draft/harms/psychological").status == .ok)

            let mistaken = Self.harmForm(template, harm: h, base: 1) {
                $0["harmTypes[\(h)].levels[1].name.en"] = ""
                $0["harmTypes[\(h)].levels[1].description.en"] = "Kept as typed, words and all"
                $0["harmTypes[\(h)].levels[1].responses.recommended.expulsion"] = "1"
            }
            let refused = try await cora.post("/c/casa/protocol/draft/harms/psychological", mistaken)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("Kept as typed, words and all"))
            #expect(refused.text.contains("Write this text; it cannot be empty."))
            #expect(refused.text.contains("is recommended but not allowed"))
            #expect(try await Self.versions(app, casa) == 1)

            let fixed = Self.harmForm(template, harm: h, base: 1) {
                $0["harmTypes[\(h)].levels[1].description.en"] = "A pattern that makes someone afraid to speak."
                $0["harmTypes[\(h)].levels[1].responses.allowed.internal_mediation"] = "1"
            }
            let saved = try await cora.post("/c/casa/protocol/draft/harms/psychological", fixed)
            #expect(saved.status == .seeOther)
            #expect(saved.location?.contains("saved=2") == true)
            let latest = try #require(try await ProtocolQueries(database: app.db, collectiveID: casa.id).latest())
            #expect(latest.number == 2)
            let document = try latest.document()
            #expect(document.harmTypes[h].levels[1].description[.en] == "A pattern that makes someone afraid to speak.")
            #expect(try document.responses(harmType: "psychological", level: "2").allowed.contains(.internalMediation))
            let author = try await latest.$author.get(on: app.db)
            #expect(author?.username == "cora")
            let diff = try await cora.get("/c/casa/protocol/diff?from=1&to=2")
            #expect(diff.text.contains("<ins>") && diff.text.contains("Mediation inside the collective"))
        }
    }

    @Test("two editors on the same part: the second save is refused and keeps its text")
    func conflictingSaves() async throws {
        try await withTejido { app, _ in
            let (casa, ana) = try await Fixtures.casaWithAdmin(app)
            let commitments = ProtocolTemplate.document.agreement.commitments
            var first = [
                "base": "1", "agreement.commitments.en": (commitments[.en] + ["First editor's line"]).joined(separator: "\n"),
            ]
            first["agreement.commitments.es"] = commitments[.es].joined(separator: "\n")
            #expect(try await ana.post("/c/casa/protocol/draft/agreement", first).status == .seeOther)
            var second = first
            second["agreement.commitments.en"] = "Second editor's own text"
            let conflict = try await ana.post("/c/casa/protocol/draft/agreement", second)
            #expect(conflict.status == .conflict)
            #expect(conflict.text.contains("Second editor&#39;s own text") || conflict.text.contains("Second editor's own text"))
            #expect(try await Self.versions(app, casa) == 2)
            // Another part saved from the same stale base goes through, keeping the first edit.
            let general = try await ana.post(
                "/c/casa/protocol/draft/general",
                [
                    "base": "1", "languages.en": "1", "languages.es": "1", "title.en": "Casa's protocol",
                    "title.es": "Protocolo de Casa",
                ])
            #expect(general.status == .seeOther)
            let latest = try #require(try await ProtocolQueries(database: app.db, collectiveID: casa.id).latest()).document()
            #expect(latest.title[.en] == "Casa's protocol")
            #expect(latest.agreement.commitments[.en].last == "First editor's line")
        }
    }

    @Test("markup is refused in every editor and escaped wherever text is shown")
    func markupRefusedAndEscaped() async throws {
        try await withTejido { app, _ in
            let (casa, ana) = try await Fixtures.casaWithAdmin(app)
            let hostile = try await ana.post(
                "/c/casa/protocol/draft/agreement",
                ["base": "1", "agreement.introduction.en": "<script>alert('x')</script>", "agreement.commitments.en": "one"])
            #expect(hostile.status == .unprocessableEntity)
            #expect(!hostile.text.contains("<script>alert"))
            #expect(hostile.text.contains("&lt;script&gt;"))
            #expect(try await Self.versions(app, casa) == 1)
            // "a < b" is ordinary text: saved, and shown escaped.
            let plain = try await ana.post(
                "/c/casa/protocol/draft/general",
                ["base": "1", "languages.en": "1", "title.en": "Care < control & \"quotes\""])
            #expect(plain.status == .seeOther)
            let page = try await ana.get("/c/casa/protocol/versions/2")
            #expect(page.text.contains("Care &lt; control &amp; &quot;quotes&quot;"))
        }
    }

    @Test("adoption records the decision; the adopted version is in force and never changes")
    func adoptAndAcknowledge() async throws {
        try await withTejido { app, _ in
            let (casa, ana) = try await Fixtures.casaWithAdmin(app)
            try await Fixtures.member(app, casa, "beto")
            try await Fixtures.member(app, casa, "cora", role: .careTeam)
            let beto = TestBrowser(app), cora = TestBrowser(app)
            try await beto.signIn("beto")
            try await cora.signIn("cora")
            #expect(try await cora.post("/c/casa/protocol/propose", ["version": "1"]).status == .seeOther)
            #expect(try await cora.post("/c/casa/protocol/propose", ["version": "1"]).status == .conflict)
            // Only admins record decisions; a vote nobody agreed to cannot adopt.
            #expect(try await cora.get("/c/casa/protocol/decision").status == .forbidden)
            let nobody = try await ana.post("/c/casa/protocol/decision", ["outcome": "adopted", "agree": "0", "block": "x"])
            #expect(nobody.status == .unprocessableEntity)
            #expect(nobody.text.contains("Write a whole number"))
            let decided = try await ana.post(
                "/c/casa/protocol/decision", ["outcome": "adopted", "agree": "9", "disagree": "1", "abstain": "2", "block": "0"])
            #expect(decided.status == .seeOther)
            let adopted = try #require(try await ProtocolQueries(database: app.db, collectiveID: casa.id).adopted())
            #expect(adopted.version.number == 1)
            #expect(adopted.decision.counts == DecisionCounts(agree: 9, disagree: 1, abstain: 2, block: 0))
            #expect(adopted.decision.$proposedBy.id != adopted.decision.$decidedBy.id)
            let history = try await beto.get("/c/casa/protocol/versions")
            #expect(history.text.contains("9 agreed, 1 disagreed, 2 abstained, 0 blocked"))

            // Editing after adoption makes version 2; version 1 stays exactly as adopted.
            let before = adopted.version.documentJSON
            _ = try await cora.post(
                "/c/casa/protocol/draft/general",
                ["base": "1", "languages.en": "1", "languages.es": "1", "title.en": "New title", "title.es": "Nuevo"])
            let after = try #require(try await ProtocolQueries(database: app.db, collectiveID: casa.id).adopted())
            #expect(after.version.number == 1 && after.version.documentJSON == before)
            #expect(try await beto.get("/c/casa/protocol").text.contains("Our protocol on harm between us"))

            // Members are asked to acknowledge; the admin sees how many have, never who (issue 17).
            #expect(try await beto.get("/c/casa").text.contains("Please read the co-existence agreement"))
            #expect(try await beto.post("/c/casa/protocol/agreement", ["version": "2"]).status == .conflict)
            #expect(try await beto.post("/c/casa/protocol/agreement", ["version": "1"]).status == .seeOther)
            #expect(!(try await beto.get("/c/casa").text.contains("Please read the co-existence agreement")))
            #expect(try await beto.get("/c/casa/protocol/acknowledgements").status == .forbidden)
            let list = try await ana.get("/c/casa/protocol/acknowledgements")
            #expect(list.text.contains("1 of 3 members"))
            #expect(!list.text.contains("beto") && !list.text.contains("cora"), "no member is named, acknowledged or not")
        }
    }

    @Test("a concern reaches the care team, sealed at rest, with or without a name")
    func concerns() async throws {
        try await withTejido { app, _ in
            let (casa, ana) = try await Fixtures.casaWithAdmin(app)
            try await Fixtures.member(app, casa, "beto")
            let beto = TestBrowser(app)
            try await beto.signIn("beto")
            let missing = try await beto.post("/c/casa/protocol/concerns/new", ["part": "nonsense", "text": "Half a thought"])
            #expect(missing.status == .unprocessableEntity)
            #expect(missing.text.contains("Half a thought"))
            let sent = try await beto.post(
                "/c/casa/protocol/concerns/new",
                ["part": "harm.sexual-assault", "text": "Marker-Concern-Text-123", "anonymous": "1"])
            #expect(sent.status == .seeOther)
            #expect(try await beto.get("/c/casa/protocol/concerns").status == .forbidden)
            let list = try await ana.get("/c/casa/protocol/concerns")
            #expect(list.text.contains("Marker-Concern-Text-123"))
            #expect(list.text.contains("name not given") && !list.text.contains(">beto<"))
            let stored = try #require(try await ProtocolConcernRecord.query(on: app.db).first())
            #expect(stored.$author.id == nil)
            #expect(!String(decoding: stored.body, as: UTF8.self).contains("Marker-Concern"))
            #expect(!String(decoding: stored.body, as: UTF8.self).contains("sexual-assault"))
            // Anonymous: kept to the day, so it cannot be matched against who was signed in when.
            #expect(stored.createdAt == Calendar.utc.startOfDay(for: stored.createdAt))
        }
    }

    @Test("a hostile import is refused with every problem listed, and nothing changes")
    func hostileImport() async throws {
        try await withTejido { app, _ in
            let (casa, ana) = try await Fixtures.casaWithAdmin(app)
            var hostile = ProtocolTemplate.document
            hostile.harmTypes[0].name[.en] = "<img src=x onerror=alert(1)>"
            hostile.harmTypes[1].id = hostile.harmTypes[2].id
            let json = String(decoding: try ProtocolExchange.export(hostile, source: nil), as: UTF8.self)
            let refused = try await ana.post("/c/casa/protocol/draft/start", ["start": "import", "json": json])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("protocol.harmTypes[0].name.en: Write plain text: HTML tags such as &lt;script&gt;"))
            #expect(refused.text.contains("is used twice"))
            #expect(!refused.text.contains("<img src=x"))
            let duplicate = try await ana.post(
                "/c/casa/protocol/draft/start", ["start": "import", "json": #"{"format":"tejido.protocol","format":"x"}"#])
            #expect(duplicate.text.contains("appears twice"))
            #expect(try await Self.versions(app, casa) == 1)
            // A good file (this collective's own export) imports as a new draft version.
            let good = try await ana.get("/c/casa/protocol/export/json")
            #expect(
                try await ana.post("/c/casa/protocol/draft/start", ["start": "import", "json": good.text]).status == .seeOther)
            #expect(try await ana.post("/c/casa/protocol/draft/start", ["start": "empty"]).status == .seeOther)
            #expect(try await Self.versions(app, casa) == 3)
        }
    }

    @Test("the public page exists only while the collective publishes an adopted protocol")
    func publicPage() async throws {
        try await withTejido { app, _ in
            let (casa, ana) = try await Fixtures.casaWithAdmin(app)
            let visitor = TestBrowser(app)
            #expect(try await visitor.get("/public/casa/protocol").status == .notFound)
            _ = try await ana.post("/c/casa/protocol/propose", ["version": "1"])
            _ = try await ana.post("/c/casa/protocol/decision", ["outcome": "adopted", "agree": "5"])
            #expect(try await visitor.get("/public/casa/protocol").status == .notFound, "adopted but not published")
            #expect(try await ana.post("/c/casa/protocol/publish", ["published": "1"]).status == .seeOther)
            let page = try await visitor.get("/public/casa/protocol")
            #expect(page.status == .ok)
            #expect(page.text.contains("Co-existence agreement"))
            #expect(
                !page.text.contains("/protocol/versions") && !page.text.contains("/protocol/draft"),
                "no way into history or drafts")
            #expect(try await ana.post("/c/casa/protocol/publish", ["published": "0"]).status == .seeOther)
            #expect(try await visitor.get("/public/casa/protocol").status == .notFound)
            #expect(try await visitor.get("/public/no-such/protocol").status == .notFound)
        }
    }

    @Test("the command line exports the template in both languages, and refuses a bad import")
    func commandLine() async throws {
        try await withTejido { app, _ in
            _ = try await Fixtures.casaWithAdmin(app)
            let markdown = try await app.exportProtocol(slug: "casa", format: "markdown", language: nil, number: nil)
            for heading in [
                "## 1. Continuous education", "## 1. Formación continua", "## Co-existence agreement",
                "## Acuerdo de convivencia", "#### Very serious", "#### Muy grave",
            ] {
                #expect(markdown.contains(heading), "\(heading)")
            }
            let json = try await app.exportProtocol(slug: "casa", format: "json", language: "es", number: nil)
            #expect(try ProtocolExchange.read(Data(json.utf8)).get().languages == [.es])
            await #expect(throws: ProtocolFileProblems.self) { try await app.importProtocol(slug: "casa", data: Data("{}".utf8)) }
            await #expect(throws: CommandProblem.self) {
                try await app.exportProtocol(slug: "casa", format: "pdf", language: nil, number: nil)
            }
        }
    }

    @Test("considerations are added, moved where the person meant, and removed")
    func arrangeConsiderations() async throws {
        try await withTejido { app, _ in
            let (casa, ana) = try await Fixtures.casaWithAdmin(app)
            let block = try #require(ProtocolTemplate.document.block(.education))
            var form = [
                "base": "1", "blocks.0.introduction.en": block.introduction[.en],
                "blocks.0.introduction.es": block.introduction[.es],
            ]
            for (j, item) in block.considerations.enumerated() {
                for language in Language.allCases {
                    form["blocks.0.considerations.\(j).title.\(language.rawValue)"] = item.title[language]
                    form["blocks.0.considerations.\(j).text.\(language.rawValue)"] = item.text[language]
                }
                form["blocks.0.considerations.\(j).position"] = "\(j + 1)"
            }
            // Move the last (5th) to 2nd, remove the 2nd, and add a new one.
            form["blocks.0.considerations.4.position"] = "2"
            form["blocks.0.considerations.1.remove"] = "1"
            form["blocks.0.considerations.5.title.en"] = "Learning circles"
            form["blocks.0.considerations.5.text.en"] = "Monthly, open to everyone."
            let saved = try await ana.post("/c/casa/protocol/draft/blocks/education", form)
            #expect(saved.status == .seeOther)
            let latest = try #require(try await ProtocolQueries(database: app.db, collectiveID: casa.id).latest()).document()
            #expect(
                latest.block(.education)?.considerations.map(\.id) == [
                    "listening-and-care", "children", "naming-violence", "lifelong-learning", "learning-circles",
                ])
        }
    }

    @Test("a new harm type starts with levels to fill in; a new level gets its responses")
    func addHarmAndLevel() async throws {
        try await withTejido { app, _ in
            let (casa, ana) = try await Fixtures.casaWithAdmin(app)
            let template = ProtocolTemplate.document
            var form: [String: String] = ["base": "1"]
            for (h, harm) in template.harmTypes.enumerated() {
                for language in Language.allCases {
                    form["harmTypes.\(h).name.\(language.rawValue)"] = harm.name[language]
                    form["harmTypes.\(h).description.\(language.rawValue)"] = harm.description[language]
                }
            }
            form["harmTypes.8.name.en"] = "Retaliation"
            form["harmTypes.8.name.es"] = "Represalias"
            #expect(try await ana.post("/c/casa/protocol/draft/harms", form).status == .seeOther)
            var latest = try #require(try await ProtocolQueries(database: app.db, collectiveID: casa.id).latest()).document()
            let added = try #require(latest.harmType("retaliation"))
            #expect(added.levels.count == 3 && added.levels.allSatisfy { $0.responses.allowed == [.supportOnly] })

            var levels = Self.harmForm(latest, harm: 8, base: 2) { _ in }
            levels[formName("harmTypes[8].levels[3].name.en")] = "Repeated"
            levels[formName("harmTypes[8].levels[3].responses.allowed.suspension")] = "1"
            levels[formName("harmTypes[8].levels[3].responses.needsAssembly.suspension")] = "1"
            #expect(try await ana.post("/c/casa/protocol/draft/harms/retaliation", levels).status == .seeOther)
            latest = try #require(try await ProtocolQueries(database: app.db, collectiveID: casa.id).latest()).document()
            #expect(try latest.mayApply(.suspension, harmType: "retaliation", level: "repeated", assemblyDecided: false) == false)
            #expect(try latest.mayApply(.suspension, harmType: "retaliation", level: "repeated", assemblyDecided: true))
        }
    }

    @Test("a collective without a protocol can start one; a decision cannot be recorded twice")
    func startingAndDecidingOnce() async throws {
        try await withTejido { app, _ in
            let (casa, ana) = try await Fixtures.casaWithAdmin(app)
            try await ProtocolVersionRecord.query(on: app.db).filter(\.$collective.$id == casa.id).delete()
            #expect(try await ana.get("/c/casa/protocol").text.contains("no protocol yet"))
            #expect(try await ana.get("/c/casa/protocol/draft").location == "/c/casa/protocol/draft/start")
            #expect(try await ana.post("/c/casa/protocol/draft/start", ["start": "template"]).status == .seeOther)
            #expect(try await Self.versions(app, casa) == 1)
            _ = try await ana.post("/c/casa/protocol/propose", ["version": "1"])
            let proposal = try #require(try await ProtocolQueries(database: app.db, collectiveID: casa.id).openProposal())
            let stale = try #require(try await DecisionRecord.find(proposal.id, on: app.db))
            #expect(
                try await ana.post("/c/casa/protocol/decision", ["outcome": "not_adopted", "disagree": "4"]).status == .seeOther)
            // A second admin's form, loaded before the first was recorded, does not overwrite it.
            await #expect(throws: TejidoError.conflict(messageKey: "error_proposal_closed")) {
                try await ProtocolService(database: app.db, now: Date()).decide(
                    stale, outcome: .adopted, counts: DecisionCounts(agree: 9, disagree: 0, abstain: 0, block: 0),
                    deciderID: casa.adminID,
                    note: nil)
            }
            #expect(try await DecisionRecord.find(proposal.id, on: app.db)?.outcome == .notAdopted)
        }
    }
}
