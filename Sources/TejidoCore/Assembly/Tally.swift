/// Counts the positions on one proposal and says what they decide. Pure, so the rules of consent
/// and of majority vote are tested without a server.
public struct Tally: Sendable, Equatable {
    public enum Result: String, Sendable, Equatable {
        case adopted
        case notAdopted = "not_adopted"
        /// Consent: at least one block stood when the decision closed.
        case blocked
        /// Too few members took a position: nothing was decided.
        case noQuorum = "no_quorum"
    }

    public let counts: [Position: Int]
    public let members: Int
    public let settings: AssemblySettings

    public init(_ positions: [Position], members: Int, settings: AssemblySettings) {
        var counts: [Position: Int] = [:]
        for position in positions { counts[position, default: 0] += 1 }
        self.counts = counts
        self.members = members
        self.settings = settings
    }

    public func count(_ position: Position) -> Int { counts[position] ?? 0 }
    public var taking: Int { counts.values.reduce(0, +) }

    /// The fewest positions that make a quorum: the collective's share of its members, rounded up.
    public var quorum: Int { max(1, (members * settings.quorumPercent + 99) / 100) }

    public var result: Result {
        guard taking >= quorum else { return .noQuorum }
        switch settings.method {
        case .consent:
            if count(.block) > 0 { return .blocked }
            return count(.agree) > 0 ? .adopted : .notAdopted
        case .majority:
            return count(.yes) > count(.no) ? .adopted : .notAdopted
        }
    }
}
