import Foundation

/// What a collective decision is about. The assembly adds its own subjects (a case's proposal,
/// a member's motion); adopting a protocol version is the first.
public enum DecisionSubject: String, Sendable {
    case protocolAdoption = "protocol_adoption"
    /// An assembly agenda item: a member's motion or an item from a case.
    case agendaItem = "agenda_item"
}

/// How the outcome was reached. Until the assembly exists in Tejido, an admin records the outcome
/// of a meeting held elsewhere; the assembly adds consent and majority vote here.
public enum DecisionMethod: String, Sendable {
    case recorded
    case consent
    case majority
}

public enum DecisionOutcome: String, Sendable, CaseIterable {
    case adopted
    case notAdopted = "not_adopted"
    /// The proposer took it back before a decision (or, for an item from a case, the survivor's
    /// consent ended).
    case withdrawn
    /// Consent: a block stood when the decision closed.
    case blocked
    /// Too few members took part for a decision.
    case noQuorum = "no_quorum"

    /// The outcomes someone records by hand for a decision taken elsewhere.
    public static let recordable: [DecisionOutcome] = [.adopted, .notAdopted, .withdrawn]
}

/// How people placed themselves. "Block" is consent decision-making's strong objection.
public struct DecisionCounts: Equatable, Sendable {
    public let agree: Int
    public let disagree: Int
    public let abstain: Int
    public let block: Int

    public init(agree: Int, disagree: Int, abstain: Int, block: Int) {
        self.agree = agree
        self.disagree = disagree
        self.abstain = abstain
        self.block = block
    }

    public static let limit = 100_000

    /// Reads counts typed into a form, reporting each field that is not a whole number in range,
    /// and an adoption nobody agreed to.
    public static func validated(
        agree: String, disagree: String, abstain: String, block: String, outcome: DecisionOutcome
    ) throws -> DecisionCounts {
        var problems: [FieldProblem] = []
        func number(_ text: String, _ field: String) -> Int {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { return 0 }
            guard let value = Int(trimmed), (0...limit).contains(value) else {
                problems.append(FieldProblem(field: field, messageKey: "error_decision_count"))
                return 0
            }
            return value
        }
        let counts = DecisionCounts(
            agree: number(agree, "agree"), disagree: number(disagree, "disagree"), abstain: number(abstain, "abstain"),
            block: number(block, "block"))
        if problems.isEmpty, outcome == .adopted, counts.agree == 0 {
            problems.append(FieldProblem(field: "agree", messageKey: "error_decision_nobody_agreed"))
        }
        try problems.throwIfAny()
        return counts
    }
}
