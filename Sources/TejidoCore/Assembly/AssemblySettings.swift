/// How a collective's assembly decides. Chosen by its admins in the collective's settings.
public struct AssemblySettings: Sendable, Equatable {
    public enum Method: String, CaseIterable, Sendable {
        /// Agree, abstain, concern or block: a proposal passes when nobody blocks.
        case consent
        /// Yes, no or abstain: a proposal passes with more yes than no.
        case majority
    }

    public var method: Method
    /// The share of members, in percent, who must take a position for any decision to stand.
    public var quorumPercent: Int
    /// Whether positions stay hidden from everyone until the decision closes.
    public var hidePositions: Bool

    public init(method: Method = .consent, quorumPercent: Int = 50, hidePositions: Bool = false) {
        self.method = method
        self.quorumPercent = quorumPercent
        self.hidePositions = hidePositions
    }

    /// Reads the settings form, naming each field that is wrong.
    public static func validated(method: String, quorumPercent: String, hidePositions: Bool) throws -> AssemblySettings {
        var problems: [FieldProblem] = []
        let chosen = Method(rawValue: method)
        if chosen == nil { problems.append(FieldProblem(field: "decision_method", messageKey: "error_assembly_method")) }
        let quorum = Int(quorumPercent.trimmingCharacters(in: .whitespaces))
        if quorum == nil || !(1...100).contains(quorum!) {
            problems.append(FieldProblem(field: "quorum_percent", messageKey: "error_assembly_quorum"))
        }
        try problems.throwIfAny()
        return AssemblySettings(method: chosen!, quorumPercent: quorum!, hidePositions: hidePositions)
    }
}
