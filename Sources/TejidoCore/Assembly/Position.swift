/// Where one member stands on one proposal. Consent and majority offer different choices.
public enum Position: String, CaseIterable, Codable, Sendable {
    // Consent.
    case agree
    case concern
    /// Consent's strong objection: the proposal cannot pass while it stands. Needs a reason.
    case block
    // Majority.
    case yes
    case no
    // Both.
    case abstain

    public static func choices(for method: AssemblySettings.Method) -> [Position] {
        switch method {
        case .consent: [.agree, .abstain, .concern, .block]
        case .majority: [.yes, .no, .abstain]
        }
    }

    public static let reasonLimit = 2_000

    /// Checks a position taken under `method`: one of its choices, and a reason with a block.
    public static func validated(
        _ raw: String, reason rawReason: String, method: AssemblySettings.Method
    ) throws -> (
        Position, String
    ) {
        let reason = rawReason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let position = Position(rawValue: raw), choices(for: method).contains(position) else {
            throw TejidoError.invalid([FieldProblem(field: "position", messageKey: "error_position_choose")])
        }
        if position == .block, reason.isEmpty {
            throw TejidoError.invalid([FieldProblem(field: "reason", messageKey: "error_position_block_reason")])
        }
        if reason.count > reasonLimit {
            throw TejidoError.invalid([FieldProblem(field: "reason", messageKey: "error_text_long")])
        }
        return (position, reason)
    }
}
