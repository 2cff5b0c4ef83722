import Foundation

/// Who is reminded of a commitment on their own "What needs me" page, and why. Tejido sends no
/// message about a case, so this page is the only reminder anyone gets: each person is shown what
/// is theirs to do, and nobody else's.
public enum CommitmentReminder: String, CaseIterable, Sendable, Equatable {
    /// The respondent: a commitment they made and have not yet met.
    case yoursToMeet = "yours_to_meet"
    /// The accountability pod: a commitment to check in on.
    case checkIn = "check_in"
    /// A facilitator: a commitment due within `fallingDueDays`.
    case fallingDue = "falling_due"
    /// A facilitator: a commitment whose latest check-in said it is running late.
    case runningLate = "running_late"
    /// A facilitator: a commitment past its date and not met.
    case missed

    /// How far ahead a facilitator sees what is coming due.
    public static let fallingDueDays = 14

    /// Why `role` is reminded of a commitment in `state` due `dueOn`, or nil when they are not.
    public static func reason(for role: CaseRole, state: CommitmentState, dueOn: Date?, today: Date) -> Self? {
        guard state != .done else { return nil }
        switch role {
        case .respondent: return .yoursToMeet
        case .accountability: return .checkIn
        case .facilitator:
            if state == .missed { return .missed }
            if state == .behind { return .runningLate }
            guard let dueOn else { return nil }
            return dueOn <= today.addingTimeInterval(Double(fallingDueDays) * 86_400) ? .fallingDue : nil
        case .survivor, .supporter: return nil
        }
    }
}
