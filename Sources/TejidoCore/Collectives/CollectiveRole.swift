/// The standing a person has inside one collective. Case roles (survivor, supporter, respondent…)
/// are separate and per case; nothing here grants access to a case.
public enum CollectiveRole: String, CaseIterable, Codable, Sendable, Comparable {
    case member
    case careTeam = "care_team"
    case admin

    private var rank: Int {
        switch self {
        case .member: 0
        case .careTeam: 1
        case .admin: 2
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}
