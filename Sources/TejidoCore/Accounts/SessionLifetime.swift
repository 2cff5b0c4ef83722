import Foundation

/// When a signed-in session stops being good: after a spell of inactivity (someone walked away
/// from a shared computer) or after an absolute lifetime, whichever comes first.
public struct SessionLifetime: Sendable, Equatable {
    public let idleTimeout: TimeInterval
    public let maximumLifetime: TimeInterval

    public init(idleTimeout: TimeInterval, maximumLifetime: TimeInterval) {
        self.idleTimeout = idleTimeout
        self.maximumLifetime = maximumLifetime
    }

    public func isAlive(createdAt: Date, lastSeenAt: Date, now: Date) -> Bool {
        now.timeIntervalSince(lastSeenAt) < idleTimeout && now.timeIntervalSince(createdAt) < maximumLifetime
    }

    /// Recording every request's time would write to the database on every page; a minute's
    /// precision is plenty for a 30-minute idle timeout.
    public func shouldRecordActivity(lastSeenAt: Date, now: Date) -> Bool {
        now.timeIntervalSince(lastSeenAt) >= 60
    }
}
