import Foundation

/// A children's or young people's space can require that every adult on a session holds a current
/// child-safeguarding skill. The roster says who does on the day; this says who is not covered.
public enum SafeguardingRule {
    /// The adults of `adults` not in `currentHolders`, in the order they were named; empty when
    /// the rule is off or everyone is covered.
    public static func uncovered(adults: [UUID], currentHolders: Set<UUID>, required: Bool) -> [UUID] {
        guard required else { return [] }
        var seen: Set<UUID> = []
        return adults.filter { !currentHolders.contains($0) && seen.insert($0).inserted }
    }

    /// The field a problem about `adult` stands beside: their box on the session form.
    public static func field(for adult: UUID) -> String { "adult_\(adult.uuidString.lowercased())" }

    /// Checks a plan: one problem per adult who is not covered, each beside that adult's box.
    public static func check(_ plan: SessionPlan, currentHolders: Set<UUID>, required: Bool) throws {
        let missing = uncovered(adults: plan.adults, currentHolders: currentHolders, required: required)
        var problems = missing.map { FieldProblem(field: field(for: $0), messageKey: "error_session_adult_uncovered") }
        if required && plan.adults.isEmpty {
            problems.append(FieldProblem(field: "adults", messageKey: "error_session_no_adults"))
        }
        try problems.throwIfAny()
    }
}
