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
