import Foundation
import Testing

@testable import TejidoCore

@Suite("Protocol model and template")
struct ProtocolTemplateTests {
    let template = ProtocolTemplate.document

    @Test("the template is valid and ready to adopt")
    func templateIsValid() {
        #expect(ProtocolValidator.adoptionProblems(in: template).isEmpty)
    }

    @Test("the template has every text in both languages", arguments: Language.allCases)
    func templateIsComplete(language: Language) {
        #expect(template.languages == [.en, .es])
        for entry in ProtocolOutline.entries(of: template, in: .en) where entry.key.hasSuffix(".\(language.rawValue)") {
            // Guidance questions are optional; everything else the template ships is written out.
            if entry.key.hasSuffix("questions.\(language.rawValue)") { continue }
            #expect(!entry.text.isEmpty, "empty: \(entry.place)")
        }
        #expect(template.blocks.map(\.kind) == BlockKind.allCases)
        for block in template.blocks { #expect(block.considerations.count >= 3) }
    }

    @Test("the template names the default kinds of harm, each with levels")
    func defaultHarmTypes() {
        #expect(
            template.harmTypes.map(\.id) == [
                "psychological", "economic", "digital", "sexual-harassment", "sexual-assault", "physical", "threats",
                "harm-to-children",
            ])
        for harm in template.harmTypes { #expect((2...3).contains(harm.levels.count), "\(harm.id)") }
    }

    @Test("for a harm at a level, the protocol says what is allowed, recommended and needs the assembly")
    func responsesLookup() throws {
        let rules = try template.responses(harmType: "sexual-assault", level: "very-serious")
        #expect(rules.allowed.contains(.expulsion))
        #expect(!rules.allowed.contains(.internalMediation))
        #expect(rules.needsAssembly.contains(.expulsion))
        #expect(rules.recommended.allSatisfy { rules.allowed.contains($0) })
        #expect(try template.responses(harmType: "psychological", level: "1").recommended.contains(.conversation))
    }

    @Test("no level of sexual harm or harm to children offers mediation or a face-to-face conversation")
    func noMediationForSexualHarm() {
        for id in ["sexual-harassment", "sexual-assault", "harm-to-children"] {
            let harm = template.harmType(id)!
            for level in harm.levels.dropFirst(id == "sexual-harassment" ? 1 : 0) {
                for response in [ResponseKind.conversation, .internalMediation, .outsideMediation] {
                    #expect(!level.responses.allowed.contains(response), "\(id) \(level.id) allows \(response)")
                }
            }
        }
    }

    @Test("support only is always allowed, so nobody is pushed further than they want")
    func supportOnlyEverywhere() {
        for harm in template.harmTypes {
            for level in harm.levels { #expect(level.responses.allowed.contains(.supportOnly), "\(harm.id) \(level.id)") }
        }
    }

    @Test("a response needing the assembly is applicable only once the assembly decided")
    func assemblyGate() throws {
        #expect(try !template.mayApply(.expulsion, harmType: "physical", level: "3", assemblyDecided: false))
        #expect(try template.mayApply(.expulsion, harmType: "physical", level: "3", assemblyDecided: true))
        #expect(try !template.mayApply(.expulsion, harmType: "physical", level: "1", assemblyDecided: true))
        #expect(try template.mayApply(.conversation, harmType: "physical", level: "1", assemblyDecided: false))
    }

    @Test("unknown harm types and levels are named errors, not empty answers")
    func unknownLookups() {
        #expect(throws: ProtocolLookupError.unknownHarmType("nope")) { try template.responses(harmType: "nope", level: "1") }
        #expect(throws: ProtocolLookupError.unknownLevel(harmType: "threats", level: "9")) {
            try template.responses(harmType: "threats", level: "9")
        }
    }

    @Test("the empty protocol is valid to save but not ready to adopt")
    func emptyProtocol() {
        let empty = ProtocolTemplate.empty
        #expect(ProtocolValidator.problems(in: empty).isEmpty)
        let adoption = ProtocolValidator.adoptionProblems(in: empty).map(\.kind)
        #expect(adoption.contains(.noHarmTypes))
        #expect(adoption.contains(.noCommitments))
    }

    @Test("validation finds every problem at once, each with its place")
    func validationCollectsEverything() {
        var document = template
        document.title[.en] = "  "
        document.harmTypes[5].name[.es] = ""
        document.harmTypes[0].levels[0].name[.en] = "<script>alert(1)</script>"
        document.harmTypes[1].id = "Bad Id"
        document.harmTypes[2].id = "psychological"
        document.harmTypes[3].levels = []
        document.blocks[0].considerations[0].text[.en] = String(repeating: "a", count: ProtocolValidator.longTextLimit + 1)
        document.agreement.commitments[.es] = ["fine", "hidden \u{202E}direction"]
        document.harmTypes[4].levels[0].responses = ResponseRules(allowed: [.supportOnly], recommended: [.expulsion])
        let found = Set(ProtocolValidator.problems(in: document).map { "\($0.path) \($0.kind)" })
        #expect(found.contains("title.en missingText"))
        // A second language may lag behind the main one while it is translated.
        #expect(!found.contains("harmTypes[5].name.es missingText"))
        #expect(found.contains("harmTypes[0].levels[0].name.en markup"))
        #expect(found.contains("harmTypes[1].id badIdentifier"))
        #expect(found.contains("harmTypes[2].id duplicateIdentifier(\"psychological\")"))
        #expect(found.contains("harmTypes[3].levels noLevels"))
        #expect(found.contains("blocks[0].considerations[0].text.en tooLong(limit: 20000)"))
        #expect(found.contains("agreement.commitments.es controlCharacters"))
        #expect(
            found.contains(
                "harmTypes[4].levels[0].responses.recommended recommendedNotAllowed(TejidoCore.ResponseKind.expulsion)"))
    }

    @Test("plain comparisons are not mistaken for markup")
    func lessThanIsFine() {
        #expect(!ProtocolValidator.looksLikeMarkup("a < b, and <3 for everyone"))
        #expect(ProtocolValidator.looksLikeMarkup("<img src=x onerror=alert(1)>"))
        #expect(ProtocolValidator.looksLikeMarkup("<!-- hidden -->"))
    }

    @Test("every problem reads in both languages")
    func problemsAreTranslated() {
        let kinds: [ProtocolProblem.Kind] = [
            .notJSON, .tooLarge(limit: 1000), .duplicateKey("a"), .wrongFormat, .unsupportedSchemaVersion(2), .missingField,
            .unknownField, .wrongType(expected: "text"), .unknownLanguage("fr"), .unknownResponse("x"), .noLanguage,
            .duplicateLanguage, .blocksWrong, .missingText, .tooLong(limit: 5), .tooMany(limit: 5), .markup, .controlCharacters,
            .badIdentifier, .duplicateIdentifier("a"), .noLevels, .recommendedNotAllowed(.expulsion),
            .assemblyNotAllowed(.suspension), .noHarmTypes, .noCommitments,
        ]
        for kind in kinds {
            let problem = ProtocolProblem("x", kind)
            #expect(problem.message(in: .en) != problem.message(in: .es), "\(kind)")
        }
    }
}

@Suite("Protocol identifiers")
struct ProtocolIdentifierTests {
    @Test("new ids come from names, without accents, and never repeat")
    func ids() {
        #expect(ProtocolIdentifier.make(from: "Violencia Económica", existing: []) == "violencia-economica")
        #expect(ProtocolIdentifier.make(from: "Threats", existing: ["threats", "threats-2"]) == "threats-3")
        #expect(ProtocolIdentifier.make(from: "¡¿!?", existing: []) == "item")
        #expect(ProtocolValidator.isIdentifier(ProtocolIdentifier.make(from: String(repeating: "ñ", count: 90), existing: [])))
    }
}

@Suite("Responses for a case that names several harms")
struct CombinedResponsesTests {
    @Test("sanctions answer to the most serious harm; anything bringing people together must suit every harm")
    func combined() throws {
        let sexual = ResponseRules(allowed: [.supportOnly, .suspension, .expulsion], needsAssembly: [.expulsion])
        let psychological = ResponseRules(
            allowed: [.supportOnly, .conversation, .outsideMediation, .temporaryLimits], recommended: [.conversation])
        let both = ResponseRules.combined([sexual, psychological])
        #expect(both.allowed.contains(.expulsion) && both.allowed.contains(.temporaryLimits))
        #expect(!both.allowed.contains(.outsideMediation) && !both.allowed.contains(.conversation))
        #expect(both.needsAssembly == [.expulsion])
        #expect(both.recommended.isEmpty, "a recommendation of something ruled out is dropped")
        #expect(ResponseRules.combined([psychological]) == psychological)
        #expect(ResponseRules.combined([]) == .none)
    }

    @Test("an older classification of one harm reads as before")
    func olderClassification() throws {
        let old = #"{"harmType":"psychological","level":"2","reason":"r","protocolVersion":1}"#
        let read = try JSONDecoder().decode(Classification.self, from: Data(old.utf8))
        #expect(read.harms == [HarmChoice(harmType: "psychological", level: "2")])
    }
}
