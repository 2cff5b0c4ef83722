import Foundation

/// How the accountability process ended, or what was decided along the way. Limits, suspension
/// and expulsion are responses the collective's protocol must allow for the harm as classified,
/// and those it says need the assembly need an adopted assembly decision from this case.
public struct CaseOutcome: Codable, Sendable, Equatable {
    public enum Kind: String, CaseIterable, Codable, Sendable {
        case completed
        case renegotiated
        case limits
        case suspension
        case expulsion

        /// The protocol response this outcome applies, if it applies one.
        public var response: ResponseKind? {
            switch self {
            case .completed, .renegotiated: nil
            case .limits: .temporaryLimits
            case .suspension: .suspension
            case .expulsion: .expulsion
            }
        }
    }

    public var kind: Kind
    public var detail: String
    /// For limits: the spaces, events or roles the person keeps away from.
    public var spaces: String
    /// For limits and suspension: until when.
    public var until: Date?
    /// For expulsion, part of a restorative proposal: whether and how a return is possible.
    public var returnPath: String
    /// The assembly item whose adopted decision this outcome rests on, when one was needed.
    public var assemblyItem: UUID?

    public init(
        kind: Kind, detail: String, spaces: String = "", until: Date? = nil, returnPath: String = "", assemblyItem: UUID? = nil
    ) {
        self.kind = kind
        self.detail = detail
        self.spaces = spaces
        self.until = until
        self.returnPath = returnPath
        self.assemblyItem = assemblyItem
    }

    public static let textLimit = 4_000

    /// What the protocol lets this case apply, given its classification's rules (nil while the
    /// case is not classified), whether the chosen assembly decision stands, and whether the
    /// survivor's "not to the assembly" keeps the case from ever getting one until she changes it.
    public func validated(rules: ResponseRules?, assemblyDecided: Bool, assemblyBarred: Bool = false) throws -> CaseOutcome {
        var copy = self
        copy.detail = detail.trimmingCharacters(in: .whitespacesAndNewlines)
        copy.spaces = spaces.trimmingCharacters(in: .whitespacesAndNewlines)
        copy.returnPath = returnPath.trimmingCharacters(in: .whitespacesAndNewlines)
        var problems: [FieldProblem] = []
        if let response = kind.response {
            if let rules {
                if !rules.allowed.contains(response) {
                    problems.append(FieldProblem(field: "outcome_kind", messageKey: "error_outcome_not_allowed"))
                } else if rules.needsAssembly.contains(response), !assemblyDecided {
                    problems.append(
                        assemblyBarred
                            ? FieldProblem(field: "outcome_kind", messageKey: "error_outcome_assembly_barred")
                            : FieldProblem(field: "assembly_item", messageKey: "error_outcome_needs_assembly"))
                }
            } else {
                problems.append(FieldProblem(field: "outcome_kind", messageKey: "error_outcome_not_classified"))
            }
        }
        if copy.detail.isEmpty { problems.append(FieldProblem(field: "detail", messageKey: "error_outcome_detail")) }
        if kind == .limits, copy.spaces.isEmpty {
            problems.append(FieldProblem(field: "spaces", messageKey: "error_outcome_spaces"))
        }
        if [.limits, .suspension].contains(kind), until == nil {
            problems.append(FieldProblem(field: "until", messageKey: "error_outcome_until"))
        }
        if kind == .expulsion, copy.returnPath.isEmpty {
            problems.append(FieldProblem(field: "return_path", messageKey: "error_outcome_return"))
        }
        for (field, text) in [("detail", copy.detail), ("spaces", copy.spaces), ("return_path", copy.returnPath)]
        where text.count > Self.textLimit {
            problems.append(FieldProblem(field: field, messageKey: "error_text_long"))
        }
        try problems.throwIfAny()
        return copy
    }
}
