import TejidoCore

/// A protocol version laid out for reading in one language. Built from the domain value; the
/// view only places it.
struct ProtocolReadingView {
    struct Block {
        let number: Int
        let anchor: String
        let name: String
        let introduction: String
        let considerations: [Item]
    }
    struct Item {
        let anchor: String
        let title: String
        let text: String
        let questions: [String]
    }
    struct Harm {
        let anchor: String
        let name: String
        let description: String
        let levels: [Level]
    }
    struct Level {
        let name: String
        let description: String
        let responses: [Response]
    }
    struct Response {
        let name: String
        let recommended: Bool
        let needsAssembly: Bool
    }
    struct Agreement {
        let introduction: String
        let commitments: [String]
        let notTolerated: [String]
    }

    let lang: String
    let language: Language
    let title: String
    let introduction: String
    let blocks: [Block]
    let agreement: Agreement
    let harms: [Harm]
    let leavingRule: String
    let careCommitments: String

    init(_ document: ProtocolDocument, in language: Language) {
        let fallbacks = document.languages
        func text(_ value: LocalizedText) -> String { value.text(in: language, fallbacks: fallbacks) }
        lang = language.rawValue
        self.language = language
        title = text(document.title)
        introduction = text(document.introduction)
        blocks = document.blocks.enumerated().map { index, block in
            Block(
                number: index + 1, anchor: "block-\(block.kind.rawValue)",
                name: ProtocolVocabulary.name(of: block.kind, in: language),
                introduction: text(block.introduction),
                considerations: block.considerations.map {
                    Item(
                        anchor: "c-\(block.kind.rawValue)-\($0.id)", title: text($0.title), text: text($0.text),
                        questions: $0.guidanceQuestions.items(in: language, fallbacks: fallbacks))
                })
        }
        agreement = Agreement(
            introduction: text(document.agreement.introduction),
            commitments: document.agreement.commitments.items(in: language, fallbacks: fallbacks),
            notTolerated: document.agreement.notTolerated.items(in: language, fallbacks: fallbacks))
        harms = document.harmTypes.map { harm in
            Harm(
                anchor: "harm-\(harm.id)", name: text(harm.name), description: text(harm.description),
                levels: harm.levels.map { level in
                    Level(
                        name: text(level.name), description: text(level.description),
                        responses: level.responses.options.map {
                            Response(
                                name: ProtocolVocabulary.name(of: $0.kind, in: language), recommended: $0.isRecommended,
                                needsAssembly: $0.needsAssembly)
                        })
                })
        }
        leavingRule = text(document.leavingRule)
        careCommitments = text(document.careCommitments)
    }
}
