/// A collective's protocol: how it educates, prevents and intervenes, what its members commit
/// to, the kinds of harm it names with their severity levels, and the responses each level
/// allows. One immutable value per saved version.
public struct ProtocolDocument: Equatable, Sendable, Codable {
    /// The languages the collective keeps its protocol in, first one preferred.
    public var languages: [Language]
    public var title: LocalizedText
    public var introduction: LocalizedText
    /// Always the three blocks, in the order of `BlockKind`.
    public var blocks: [ProtocolBlock]
    public var agreement: CoexistenceAgreement
    public var harmTypes: [HarmType]
    /// When, and how, someone stops belonging to the collective.
    public var leavingRule: LocalizedText
    /// Emotional and therapeutic support for everyone involved, the person who harmed included.
    public var careCommitments: LocalizedText

    public init(
        languages: [Language], title: LocalizedText, introduction: LocalizedText, blocks: [ProtocolBlock],
        agreement: CoexistenceAgreement, harmTypes: [HarmType], leavingRule: LocalizedText, careCommitments: LocalizedText
    ) {
        self.languages = languages
        self.title = title
        self.introduction = introduction
        self.blocks = blocks
        self.agreement = agreement
        self.harmTypes = harmTypes
        self.leavingRule = leavingRule
        self.careCommitments = careCommitments
    }

    public func block(_ kind: BlockKind) -> ProtocolBlock? { blocks.first { $0.kind == kind } }

    public func harmType(_ id: String) -> HarmType? { harmTypes.first { $0.id == id } }

    /// The language to show a reader who reads `preferred`: that one if the protocol keeps it.
    public func displayLanguage(for preferred: Language) -> Language {
        languages.contains(preferred) ? preferred : (languages.first ?? preferred)
    }
}

public enum BlockKind: String, CaseIterable, Sendable, Codable {
    case education, prevention, intervention
}

public struct ProtocolBlock: Equatable, Sendable, Codable {
    public var kind: BlockKind
    public var introduction: LocalizedText
    public var considerations: [Consideration]

    public init(kind: BlockKind, introduction: LocalizedText, considerations: [Consideration]) {
        self.kind = kind
        self.introduction = introduction
        self.considerations = considerations
    }
}

public struct Consideration: Equatable, Sendable, Codable {
    /// Stable across versions, so diffs and concerns can point at it after its title changes.
    public var id: String
    public var title: LocalizedText
    public var text: LocalizedText
    public var guidanceQuestions: LocalizedList

    public init(id: String, title: LocalizedText, text: LocalizedText, guidanceQuestions: LocalizedList = LocalizedList()) {
        self.id = id
        self.title = title
        self.text = text
        self.guidanceQuestions = guidanceQuestions
    }
}

public struct CoexistenceAgreement: Equatable, Sendable, Codable {
    public var introduction: LocalizedText
    public var commitments: LocalizedList
    public var notTolerated: LocalizedList

    public init(introduction: LocalizedText, commitments: LocalizedList, notTolerated: LocalizedList) {
        self.introduction = introduction
        self.commitments = commitments
        self.notTolerated = notTolerated
    }
}

public struct HarmType: Equatable, Sendable, Codable {
    public var id: String
    public var name: LocalizedText
    public var description: LocalizedText
    /// From least to most severe.
    public var levels: [SeverityLevel]

    public init(id: String, name: LocalizedText, description: LocalizedText, levels: [SeverityLevel]) {
        self.id = id
        self.name = name
        self.description = description
        self.levels = levels
    }

    public func level(_ id: String) -> SeverityLevel? { levels.first { $0.id == id } }
}

public struct SeverityLevel: Equatable, Sendable, Codable {
    public var id: String
    public var name: LocalizedText
    public var description: LocalizedText
    public var responses: ResponseRules

    public init(id: String, name: LocalizedText, description: LocalizedText, responses: ResponseRules) {
        self.id = id
        self.name = name
        self.description = description
        self.responses = responses
    }
}
