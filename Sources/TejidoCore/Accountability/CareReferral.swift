import Foundation

/// A referral to emotional or therapeutic support: everyone involved is fragile and needs care,
/// as the source protocol puts it. Each side reads only its own people's referrals.
public struct CareReferral: Codable, Sendable, Equatable {
    public enum ForWhom: String, CaseIterable, Codable, Sendable {
        case survivor
        case supporters
        case respondent
        case pod

        /// Whether someone in `role` reads a referral made for these people. Facilitators hold
        /// the process and read all of them.
        public func isVisible(to role: CaseRole) -> Bool {
            switch role {
            case .facilitator: true
            case .survivor, .supporter: self == .survivor || self == .supporters
            case .respondent, .accountability: self == .respondent || self == .pod
            }
        }

        /// Whom someone in `role` may refer: their own side's people.
        public static func choices(for role: CaseRole) -> [ForWhom] {
            allCases.filter { $0.isVisible(to: role) }
        }
    }

    public var forWhom: ForWhom
    /// A service from the collective's directory, when one was chosen.
    public var entryID: UUID?
    public var text: String
    public var author: UUID?

    public init(forWhom: ForWhom, entryID: UUID? = nil, text: String, author: UUID? = nil) {
        self.forWhom = forWhom
        self.entryID = entryID
        self.text = text
        self.author = author
    }

    public static let textLimit = 2_000

    public func validated(by role: CaseRole) throws -> CareReferral {
        var copy = self
        copy.text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        var problems: [FieldProblem] = []
        if !ForWhom.choices(for: role).contains(forWhom) {
            problems.append(FieldProblem(field: "for_whom", messageKey: "error_care_for_whom"))
        }
        if copy.text.isEmpty, entryID == nil { problems.append(FieldProblem(field: "text", messageKey: "error_care_text")) }
        if copy.text.count > Self.textLimit { problems.append(FieldProblem(field: "text", messageKey: "error_text_long")) }
        try problems.throwIfAny()
        return copy
    }
}
