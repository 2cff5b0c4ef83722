import Foundation

/// Who may confirm an alert: someone of the collective's care team, in the case, who is NOT the
/// person who prepared it. Nothing leaves the collective on one person's word.
public enum AlertTwoPersonRule {
    public enum Refusal: Error, Equatable, Sendable {
        case samePerson
        case notCareTeam
        case notPrepared
    }

    public static func check(
        preparedBy: UUID, confirmer: UUID, confirmerIsCareTeam: Bool, state: SentAlertState
    ) -> Refusal? {
        guard state == .prepared else { return .notPrepared }
        guard confirmer != preparedBy else { return .samePerson }
        guard confirmerIsCareTeam else { return .notCareTeam }
        return nil
    }
}
