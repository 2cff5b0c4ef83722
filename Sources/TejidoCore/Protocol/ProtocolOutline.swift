/// A protocol laid flat: every piece of text with a stable key and a readable place, for diffs
/// between versions and for pointing a concern at a part.
public enum ProtocolOutline {
    public struct Entry: Equatable, Sendable {
        /// Stable across versions: built from ids, never from positions or titles.
        public let key: String
        /// Where the text sits, in the reader's language ("Prevention › Agreements › Text (Spanish)").
        public let place: String
        public let text: String
    }

    /// A part of the protocol a member can raise a concern about.
    public struct Part: Equatable, Sendable {
        public let key: String
        public let label: String
    }

    public static func entries(of document: ProtocolDocument, in reader: Language) -> [Entry] {
        var entries: [Entry] = []
        func add(_ key: String, _ place: [String], _ text: LocalizedText) {
            for language in document.languages {
                entries.append(
                    Entry(
                        key: "\(key).\(language.rawValue)", place: placed(place, language, reader), text: text[language]))
            }
        }
        func add(_ key: String, _ place: [String], _ list: LocalizedList) {
            for language in document.languages {
                entries.append(
                    Entry(
                        key: "\(key).\(language.rawValue)", place: placed(place, language, reader),
                        text: list[language].map { "• \($0)" }.joined(separator: "\n")))
            }
        }
        let word = { (heading: ProtocolVocabulary.Heading) in ProtocolVocabulary.heading(heading, in: reader) }
        entries.append(
            Entry(
                key: "languages", place: word(.languages),
                text: document.languages.map { ProtocolVocabulary.languageName($0, in: reader) }.joined(separator: ", ")))
        add("title", [word(.title)], document.title)
        add("introduction", [word(.introduction)], document.introduction)
        for block in document.blocks {
            let blockName = ProtocolVocabulary.name(of: block.kind, in: reader)
            add("block.\(block.kind.rawValue).introduction", [blockName, word(.blockIntroduction)], block.introduction)
            for item in block.considerations {
                let title = item.title.text(in: reader, fallbacks: document.languages)
                let key = "block.\(block.kind.rawValue).\(item.id)"
                add("\(key).title", [blockName, title, word(.considerationTitle)], item.title)
                add("\(key).text", [blockName, title, word(.considerationText)], item.text)
                add("\(key).questions", [blockName, title, word(.guidanceQuestions)], item.guidanceQuestions)
            }
        }
        add("agreement.introduction", [word(.agreement), word(.introduction)], document.agreement.introduction)
        add("agreement.commitments", [word(.agreement), word(.commitments)], document.agreement.commitments)
        add("agreement.notTolerated", [word(.agreement), word(.notTolerated)], document.agreement.notTolerated)
        for harm in document.harmTypes {
            let name = harm.name.text(in: reader, fallbacks: document.languages)
            add("harm.\(harm.id).name", [word(.harmTypes), name, word(.harmName)], harm.name)
            add("harm.\(harm.id).description", [word(.harmTypes), name, word(.harmDescription)], harm.description)
            for level in harm.levels {
                let levelName = level.name.text(in: reader, fallbacks: document.languages)
                let key = "harm.\(harm.id).level.\(level.id)"
                add("\(key).name", [word(.harmTypes), name, levelName, word(.levelName)], level.name)
                add("\(key).description", [word(.harmTypes), name, levelName, word(.levelDescription)], level.description)
                entries.append(
                    Entry(
                        key: "\(key).responses",
                        place: [word(.harmTypes), name, levelName, word(.responses)].joined(separator: " › "),
                        text: describe(level.responses, in: reader)))
            }
        }
        add("leavingRule", [word(.leavingRule)], document.leavingRule)
        add("careCommitments", [word(.careCommitments)], document.careCommitments)
        return entries
    }

    /// One line per allowed response, marked when recommended or needing the assembly.
    public static func describe(_ rules: ResponseRules, in language: Language) -> String {
        rules.options.map { option in
            var line = "• " + ProtocolVocabulary.name(of: option.kind, in: language)
            if option.isRecommended { line += " — " + ProtocolVocabulary.heading(.recommended, in: language) }
            if option.needsAssembly { line += " — " + ProtocolVocabulary.heading(.needsAssembly, in: language) }
            return line
        }.joined(separator: "\n")
    }

    public static func parts(of document: ProtocolDocument, in reader: Language) -> [Part] {
        let word = { (heading: ProtocolVocabulary.Heading) in ProtocolVocabulary.heading(heading, in: reader) }
        var parts = [Part(key: "introduction", label: word(.introduction))]
        for block in document.blocks {
            let blockName = ProtocolVocabulary.name(of: block.kind, in: reader)
            parts.append(Part(key: "block.\(block.kind.rawValue)", label: blockName))
            for item in block.considerations {
                let label = "\(blockName) › \(item.title.text(in: reader, fallbacks: document.languages))"
                parts.append(Part(key: "block.\(block.kind.rawValue).\(item.id)", label: label))
            }
        }
        parts.append(Part(key: "agreement", label: word(.agreement)))
        for harm in document.harmTypes {
            parts.append(
                Part(
                    key: "harm.\(harm.id)",
                    label: "\(word(.harmTypes)) › \(harm.name.text(in: reader, fallbacks: document.languages))"))
        }
        parts.append(Part(key: "leavingRule", label: word(.leavingRule)))
        parts.append(Part(key: "careCommitments", label: word(.careCommitments)))
        return parts
    }

    private static func placed(_ place: [String], _ language: Language, _ reader: Language) -> String {
        place.joined(separator: " › ") + " (\(ProtocolVocabulary.languageName(language, in: reader)))"
    }
}
