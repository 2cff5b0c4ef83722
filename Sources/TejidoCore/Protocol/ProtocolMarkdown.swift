import Foundation

/// A protocol as Markdown in one language, for printing, pasting into a zine or a wiki, or
/// reading without Tejido. Plain text from the protocol is written as it is.
public enum ProtocolMarkdown {
    public static func render(_ document: ProtocolDocument, in language: Language, source: ProtocolExchange.Source?) -> String {
        let word = { (heading: ProtocolVocabulary.Heading) in ProtocolVocabulary.heading(heading, in: language) }
        let fallbacks = document.languages
        var lines: [String] = []
        func paragraph(_ text: LocalizedText) {
            let value = text.text(in: language, fallbacks: fallbacks)
            if !value.isEmpty { lines += [value, ""] }
        }
        func bullets(_ list: LocalizedList) {
            let items = list.items(in: language, fallbacks: fallbacks)
            if !items.isEmpty { lines += items.map { "- \($0)" } + [""] }
        }

        lines += ["# \(document.title.text(in: language, fallbacks: fallbacks))", ""]
        if let source {
            let status = source.status == "adopted" ? word(.adopted) : word(.draft)
            lines += ["*\(source.collective) · \(word(.version)) \(source.version) (\(status))*", ""]
        }
        paragraph(document.introduction)
        for (number, block) in document.blocks.enumerated() {
            lines += ["## \(number + 1). \(ProtocolVocabulary.name(of: block.kind, in: language))", ""]
            paragraph(block.introduction)
            for item in block.considerations {
                lines += ["### \(item.title.text(in: language, fallbacks: fallbacks))", ""]
                paragraph(item.text)
                let questions = item.guidanceQuestions.items(in: language, fallbacks: fallbacks)
                if !questions.isEmpty {
                    lines += ["**\(word(.guidanceQuestions))**", ""]
                    bullets(item.guidanceQuestions)
                }
            }
        }
        lines += ["## \(word(.agreement))", ""]
        paragraph(document.agreement.introduction)
        lines += ["### \(word(.commitments))", ""]
        bullets(document.agreement.commitments)
        lines += ["### \(word(.notTolerated))", ""]
        bullets(document.agreement.notTolerated)
        lines += ["## \(word(.harmTypes))", ""]
        for harm in document.harmTypes {
            lines += ["### \(harm.name.text(in: language, fallbacks: fallbacks))", ""]
            paragraph(harm.description)
            for level in harm.levels {
                lines += ["#### \(level.name.text(in: language, fallbacks: fallbacks))", ""]
                paragraph(level.description)
                let responses = ProtocolOutline.describe(level.responses, in: language)
                if !responses.isEmpty {
                    lines += ["**\(word(.allowed))**", ""]
                    lines += responses.split(separator: "\n").map { "- " + $0.dropFirst(2) } + [""]
                }
            }
        }
        lines += ["## \(word(.leavingRule))", ""]
        paragraph(document.leavingRule)
        lines += ["## \(word(.careCommitments))", ""]
        paragraph(document.careCommitments)
        while lines.last == "" { lines.removeLast() }
        return lines.joined(separator: "\n") + "\n"
    }
}
