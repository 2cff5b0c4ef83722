import Foundation
import Testing

@testable import TejidoCore

@Suite("Protocol files: export, import, Markdown, diff")
struct ProtocolExchangeTests {
    let template = ProtocolTemplate.document
    let source = ProtocolExchange.Source(
        collective: "Casa", version: 3, status: "adopted", savedAt: Date(timeIntervalSince1970: 1_800_000_000))

    func read(_ json: String) -> [String] {
        switch ProtocolExchange.read(Data(json.utf8)) {
        case .success: []
        case .failure(let failure): failure.problems.map(\.description)
        }
    }

    @Test("an export reads back as the same protocol")
    func roundTrip() throws {
        let data = try ProtocolExchange.export(template, source: source)
        #expect(try ProtocolExchange.read(data).get() == template)
    }

    @Test("an export in one language carries that language only")
    func singleLanguageExport() throws {
        let data = try ProtocolExchange.export(template, source: nil, language: .es)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("Acuerdo") || text.contains("acuerdo"))
        #expect(!text.contains("\"en\""))
        let document = try ProtocolExchange.read(data).get()
        #expect(document.languages == [.es])
    }

    @Test("a file of the wrong kind or schema version is refused by name")
    func wrongSchema() {
        #expect(
            read(#"{"format":"something.else","schemaVersion":1,"protocol":{}}"#) == [
                "format: This is not a Tejido protocol file (\"format\" must be \"tejido.protocol\")."
            ])
        #expect(
            read(#"{"format":"tejido.protocol","schemaVersion":7,"protocol":{}}"#).first?.contains("Schema version 7") == true)
        #expect(read("not json at all") == ["(file): This is not a JSON file, or it is cut short."])
        #expect(read("[1,2,3]") == ["(file): This should be an object."])
    }

    @Test("every structural problem is listed, with its path")
    func listsEveryProblem() {
        let problems = read(
            #"""
            {"format":"tejido.protocol","schemaVersion":1,"extra":1,"protocol":{
              "languages":["en","fr"],"title":{"en":5},"introduction":{"en":""},
              "blocks":"none","agreement":{"introduction":{},"commitments":{"en":["ok"]}},
              "harmTypes":[{"id":"x","name":{"en":"X"},"description":{},"levels":[{"id":"1","name":{"en":"One"},"description":{},
                "responses":{"allowed":["hugs"],"recommended":[],"needsAssembly":[]}}]}],
              "leavingRule":{},"careCommitments":{}}}
            """#)
        #expect(problems.contains("extra: This field is not part of the protocol format."))
        #expect(problems.contains("protocol.languages[1]: \"fr\" is not a language Tejido keeps (en, es)."))
        #expect(problems.contains("protocol.title.en: This should be text."))
        #expect(problems.contains("protocol.blocks: This should be a list."))
        #expect(problems.contains("protocol.agreement.notTolerated: This field is missing."))
        #expect(
            problems.contains("protocol.harmTypes[0].levels[0].responses.allowed[0]: \"hugs\" is not a response Tejido knows."))
        #expect(problems.count >= 6)
    }

    @Test("duplicate keys are refused, even when spelled with escapes")
    func duplicateKeys() throws {
        #expect(
            read(#"{"format":"tejido.protocol","format":"tejido.protocol","schemaVersion":1}"#) == [
                "(file): The key \"format\" appears twice in the same object."
            ])
        #expect(JSONDuplicateKeys.first(in: Data(#"{"a":1,"\u0061":2}"#.utf8)) == "a")
        #expect(JSONDuplicateKeys.first(in: Data(#"{"a":{"a":1},"b":[{"a":1},{"a":2}]}"#.utf8)) == nil)
        #expect(JSONDuplicateKeys.first(in: Data(#"{"a":"x\"y","b":"\"a\""}"#.utf8)) == nil)
    }

    @Test("a huge file is refused before it is parsed")
    func hugeFile() {
        let huge = Data(repeating: UInt8(ascii: " "), count: ProtocolExchange.maximumBytes + 1)
        guard case .failure(let failure) = ProtocolExchange.read(huge) else {
            Issue.record("a huge file was accepted")
            return
        }
        #expect(failure.problems.map(\.kind) == [.tooLarge(limit: ProtocolExchange.maximumBytes)])
    }

    @Test("script tags in an otherwise valid file are refused")
    func scriptInText() throws {
        var hostile = template
        hostile.agreement.notTolerated[.en].append("<script>fetch('//evil')</script>")
        let data = try ProtocolExchange.export(hostile, source: nil)
        guard case .failure(let failure) = ProtocolExchange.read(data) else {
            Issue.record("markup was accepted")
            return
        }
        #expect(failure.problems == [ProtocolProblem("protocol.agreement.notTolerated.en", .markup)])
    }

    @Test("Markdown has the blocks, the agreement, types, levels and responses, in the chosen language")
    func markdown() {
        let english = ProtocolMarkdown.render(template, in: .en, source: source)
        #expect(english.hasPrefix("# Our protocol on harm between us\n"))
        #expect(english.contains("## 1. Continuous education"))
        #expect(english.contains("## 3. Intervention"))
        #expect(english.contains("## Co-existence agreement"))
        #expect(english.contains("### Sexual assault"))
        #expect(english.contains("#### Very serious"))
        #expect(english.contains("- Expulsion, as part of the restorative proposal — Needs an assembly decision"))
        #expect(english.contains("Casa · Version 3 (adopted)"))
        let spanish = ProtocolMarkdown.render(template, in: .es, source: nil)
        #expect(spanish.contains("## 2. Prevención"))
        #expect(spanish.contains("## Acuerdo de convivencia"))
        #expect(!spanish.contains("Co-existence"))
    }

    @Test("a diff names what changed, where, word by word")
    func diff() {
        var edited = template
        edited.harmTypes[0].levels[1].description[.en] = "A repeated pattern that makes someone afraid."
        edited.harmTypes[0].levels[1].responses = ResponseRules(allowed: [.supportOnly, .conversation])
        edited.blocks[1].considerations.removeLast()
        let diff = ProtocolDiff(from: template, to: edited, in: .en)
        let described = diff.items.first { $0.key == "harm.psychological.level.2.description.en" }
        #expect(described?.kind == .changed)
        #expect(
            described?.place
                == "Types of harm and how serious they are › Psychological or verbal › Serious › What this level means (English)")
        #expect(
            described?.changes.contains {
                if case .removed(let text) = $0 { text.contains("or one") } else { false }
            } == true)
        #expect(diff.items.contains { $0.key == "harm.psychological.level.2.responses" && $0.kind == .changed })
        #expect(diff.items.contains { $0.key == "block.prevention.care-for-everyone.title.es" && $0.kind == .removed })
        #expect(ProtocolDiff(from: template, to: template, in: .en).isEmpty)

        var reordered = template
        reordered.harmTypes[0].levels.swapAt(0, 2)
        let moved = ProtocolDiff(from: template, to: reordered, in: .en)
        #expect(moved.items.map(\.key) == ["harm.psychological.levels.order"], "a new order is a change, shown once")
    }

    @Test("word differences join back into both texts")
    func wordDiffReassembles() {
        let old = "We listen to each other and believe people."
        let new = "We listen carefully to each other and believe survivors."
        let changes = TextDiff.words(from: old, to: new)
        let before = changes.compactMap { if case .added = $0 { nil } else { $0.text } }.joined()
        let after = changes.compactMap { if case .removed = $0 { nil } else { $0.text } }.joined()
        #expect(before == old)
        #expect(after == new)
    }
}

@Suite("Text differences")
struct TextDiffTests {
    @Test("lists are compared item by item, so an added item reads as one addition")
    func listsByLine() {
        let changes = TextDiff.words(
            from: "• Support only\n• A conversation", to: "• Support only\n• Mediation inside the collective\n• A conversation")
        #expect(changes == [.same("• Support only\n"), .added("• Mediation inside the collective\n"), .same("• A conversation")])
    }
}

extension TextDiffTests {
    @Test("a rewritten phrase reads as one removal and one addition, not a word salad")
    func phrases() {
        let changes = TextDiff.words(
            from: "Hitting, or repeated physical aggression.", to: "Hitting, or aggression that repeats after being named.")
        #expect(
            changes == [
                .same("Hitting, or "), .removed("repeated physical aggression."),
                .added("aggression that repeats after being named."),
            ])
    }
}
