/// Every rule a protocol version must keep, checked at once so a person (or an import report)
/// sees all problems together rather than one per attempt.
public enum ProtocolValidator {
    public static let shortTextLimit = 200
    public static let longTextLimit = 20_000
    public static let listItemLimit = 2_000
    public static let listLengthLimit = 100
    public static let considerationLimit = 100
    public static let harmTypeLimit = 50
    public static let levelLimit = 10

    public static func problems(in document: ProtocolDocument) -> [ProtocolProblem] {
        var check = Checker(languages: document.languages)
        if document.languages.isEmpty { check.add("languages", .noLanguage) }
        if Set(document.languages).count != document.languages.count { check.add("languages", .duplicateLanguage) }
        check.required(document.title, "title", limit: shortTextLimit)
        check.optional(document.introduction, "introduction")

        if document.blocks.map(\.kind) != BlockKind.allCases {
            check.add("blocks", .blocksWrong)
        }
        for (b, block) in document.blocks.enumerated() {
            let path = "blocks[\(b)]"
            check.optional(block.introduction, "\(path).introduction")
            check.count(block.considerations.count, "\(path).considerations", limit: considerationLimit)
            check.identifiers(block.considerations.map(\.id), "\(path).considerations")
            for (c, consideration) in block.considerations.enumerated() {
                let item = "\(path).considerations[\(c)]"
                check.required(consideration.title, "\(item).title", limit: shortTextLimit)
                check.optional(consideration.text, "\(item).text")
                check.list(consideration.guidanceQuestions, "\(item).guidanceQuestions")
            }
        }

        check.optional(document.agreement.introduction, "agreement.introduction")
        check.list(document.agreement.commitments, "agreement.commitments")
        check.list(document.agreement.notTolerated, "agreement.notTolerated")

        check.count(document.harmTypes.count, "harmTypes", limit: harmTypeLimit)
        check.identifiers(document.harmTypes.map(\.id), "harmTypes")
        for (h, harm) in document.harmTypes.enumerated() {
            let path = "harmTypes[\(h)]"
            check.required(harm.name, "\(path).name", limit: shortTextLimit)
            check.optional(harm.description, "\(path).description")
            if harm.levels.isEmpty { check.add("\(path).levels", .noLevels) }
            check.count(harm.levels.count, "\(path).levels", limit: levelLimit)
            check.identifiers(harm.levels.map(\.id), "\(path).levels")
            for (l, level) in harm.levels.enumerated() {
                let levelPath = "\(path).levels[\(l)]"
                check.required(level.name, "\(levelPath).name", limit: shortTextLimit)
                check.optional(level.description, "\(levelPath).description")
                let rules = level.responses
                for response in rules.recommended where !rules.allowed.contains(response) {
                    check.add("\(levelPath).responses.recommended", .recommendedNotAllowed(response))
                }
                for response in rules.needsAssembly where !rules.allowed.contains(response) {
                    check.add("\(levelPath).responses.needsAssembly", .assemblyNotAllowed(response))
                }
            }
        }
        check.optional(document.leavingRule, "leavingRule")
        check.optional(document.careCommitments, "careCommitments")
        return check.problems
    }

    /// What a version needs beyond being valid before a collective can adopt it: the case
    /// workflow classifies harm by its types, and members acknowledge its commitments.
    public static func adoptionProblems(in document: ProtocolDocument) -> [ProtocolProblem] {
        var problems = self.problems(in: document)
        if document.harmTypes.isEmpty { problems.append(ProtocolProblem("harmTypes", .noHarmTypes)) }
        if let main = document.languages.first, document.agreement.commitments[main].isEmpty {
            problems.append(ProtocolProblem("agreement.commitments.\(main.rawValue)", .noCommitments))
        }
        return problems
    }

    public static func isIdentifier(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, (1...40).contains(id.count), first != "-" else { return false }
        return id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// Plain text only: something a browser would read as the start of a tag is refused, even
    /// though every page escapes it, so a shared protocol can never carry markup elsewhere.
    public static func looksLikeMarkup(_ text: String) -> Bool {
        var previousWasOpening = false
        for scalar in text.unicodeScalars {
            if previousWasOpening,
                ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar == "/" || scalar == "!" || scalar == "?"
            {
                return true
            }
            previousWasOpening = scalar == "<"
        }
        return false
    }

    public static func hasControlCharacters(_ text: String) -> Bool {
        text.unicodeScalars.contains { scalar in
            if scalar == "\n" || scalar == "\r" || scalar == "\t" { return false }
            return scalar.properties.generalCategory == .control || (0x202A...0x202E).contains(scalar.value)
                || (0x2066...0x2069).contains(scalar.value)
        }
    }

    private struct Checker {
        let languages: [Language]
        var problems: [ProtocolProblem] = []

        mutating func add(_ path: String, _ kind: ProtocolProblem.Kind) {
            problems.append(ProtocolProblem(path, kind))
        }

        /// Required in the protocol's main (first) language. A second language may lag behind
        /// while it is being translated; readers then see the main language's text.
        mutating func required(_ text: LocalizedText, _ path: String, limit: Int) {
            for language in languages {
                let value = text[language]
                if language == languages.first, value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    add("\(path).\(language.rawValue)", .missingText)
                } else {
                    content(value, "\(path).\(language.rawValue)", limit: limit)
                }
            }
        }

        mutating func optional(_ text: LocalizedText, _ path: String) {
            for language in languages {
                content(text[language], "\(path).\(language.rawValue)", limit: ProtocolValidator.longTextLimit)
            }
        }

        mutating func list(_ list: LocalizedList, _ path: String) {
            for language in languages {
                let items = list[language]
                let field = "\(path).\(language.rawValue)"
                count(items.count, field, limit: ProtocolValidator.listLengthLimit)
                // One problem per list is enough to find it; the form shows the list as one field.
                let before = problems.count
                for item in items where problems.count == before {
                    content(item, field, limit: ProtocolValidator.listItemLimit)
                }
            }
        }

        mutating func content(_ text: String, _ path: String, limit: Int) {
            if text.count > limit { add(path, .tooLong(limit: limit)) }
            if ProtocolValidator.looksLikeMarkup(text) { add(path, .markup) }
            if ProtocolValidator.hasControlCharacters(text) { add(path, .controlCharacters) }
        }

        mutating func count(_ count: Int, _ path: String, limit: Int) {
            if count > limit { add(path, .tooMany(limit: limit)) }
        }

        mutating func identifiers(_ ids: [String], _ path: String) {
            var seen: Set<String> = []
            for (index, id) in ids.enumerated() {
                if !ProtocolValidator.isIdentifier(id) { add("\(path)[\(index)].id", .badIdentifier) }
                if !seen.insert(id).inserted { add("\(path)[\(index)].id", .duplicateIdentifier(id)) }
            }
        }
    }
}
