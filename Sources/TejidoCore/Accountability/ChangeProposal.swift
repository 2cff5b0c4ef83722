import Foundation

/// The respondent's own proposal for change, in their words. Every save is a new version; none is
/// ever edited. After the intervention block of the source protocol: it names the harm, the
/// behaviour that changes, the repair offered, and always care work within the collective.
public struct ChangeProposal: Codable, Sendable, Equatable {
    public var acknowledgement: String
    public var behaviours: String
    public var repair: String
    public var careWork: String
    public var support: String
    /// Directory entries picked as the support they will seek (counselling, programmes).
    public var supportEntries: [UUID]
    public var timeline: String
    /// The participant who wrote it, sealed with it.
    public var author: UUID?

    public init(
        acknowledgement: String, behaviours: String, repair: String = "", careWork: String, support: String = "",
        supportEntries: [UUID] = [], timeline: String, author: UUID? = nil
    ) {
        self.acknowledgement = acknowledgement
        self.behaviours = behaviours
        self.repair = repair
        self.careWork = careWork
        self.support = support
        self.supportEntries = supportEntries
        self.timeline = timeline
        self.author = author
    }

    public static let textLimit = 8_000
    /// The form's fields, in order; the required ones say what a proposal cannot do without.
    public static let fields = ["acknowledgement", "behaviours", "repair", "care_work", "support", "timeline"]
    public static let required: Set<String> = ["acknowledgement", "behaviours", "care_work", "timeline"]

    public func text(_ field: String) -> String {
        switch field {
        case "acknowledgement": acknowledgement
        case "behaviours": behaviours
        case "repair": repair
        case "care_work": careWork
        case "support": support
        default: timeline
        }
    }

    public func validated() throws -> ChangeProposal {
        let trim = { (text: String) in text.trimmingCharacters(in: .whitespacesAndNewlines) }
        let copy = ChangeProposal(
            acknowledgement: trim(acknowledgement), behaviours: trim(behaviours), repair: trim(repair),
            careWork: trim(careWork), support: trim(support),
            supportEntries: Array(Set(supportEntries)).sorted {
                $0.text < $1.text
            }, timeline: trim(timeline), author: author)
        var problems: [FieldProblem] = []
        for field in Self.fields {
            let text = copy.text(field)
            if Self.required.contains(field), text.isEmpty {
                problems.append(FieldProblem(field: field, messageKey: "error_proposal_\(field)"))
            }
            if text.count > Self.textLimit { problems.append(FieldProblem(field: field, messageKey: "error_text_long")) }
        }
        try problems.throwIfAny()
        return copy
    }
}

/// A comment on one version of a proposal, by the accountability pod or a facilitator.
public struct ProposalComment: Codable, Sendable, Equatable {
    public var text: String
    public var author: UUID?

    public init(text: String, author: UUID? = nil) {
        self.text = text
        self.author = author
    }
}
