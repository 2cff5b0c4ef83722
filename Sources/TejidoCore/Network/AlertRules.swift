import Foundation

/// Where a sent alert stands on the sending side.
public enum SentAlertState: String, Codable, Sendable, CaseIterable {
    /// Written by one of the case's care team, waiting for a second to confirm it.
    case prepared
    /// Confirmed and sent to its recipients; updates reach them too.
    case sent
    /// Taken back: every recipient is told to delete it.
    case retracted
}

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

/// When a case may send an alert at all, and to whom: its recorded outcome applies a limit, a
/// suspension or an expulsion, and the person harmed's consent to send it stands and names the
/// collective (the connection) it goes to.
public enum AlertConsentRule {
    public static func outcomeAllows(_ outcome: CaseOutcome.Kind?) -> Bool {
        outcome.flatMap(AlertFields.Response.init) != nil
    }

    /// The chosen recipients the consent does not name (empty when every one is named).
    public static func unnamed(_ chosen: Set<UUID>, consented: Set<UUID>) -> Set<UUID> {
        chosen.subtracting(consented)
    }
}

/// How many alerts one peer may send in a day before it is stopped: past the quota the message is
/// refused and the connection is paused for the receiving side's admins to look at.
public enum AlertQuota {
    public static func accepts(receivedToday: Int, quota: Int) -> Bool { receivedToday < quota }
}
