import Foundation

/// How hard to make repeated guessing. Failures are counted per account name (whether or not the
/// account exists, so the answer never tells) and per client address; past a free allowance each
/// further failure doubles the wait, up to a ceiling.
public struct LoginThrottle: Sendable, Equatable {
    public let freeAttempts: Int
    public let firstDelay: TimeInterval
    public let maximumDelay: TimeInterval
    /// Failures older than this are forgotten.
    public let memory: TimeInterval

    public init(
        freeAttempts: Int, firstDelay: TimeInterval = 2, maximumDelay: TimeInterval = 15 * 60,
        memory: TimeInterval = 24 * 3600
    ) {
        self.freeAttempts = freeAttempts
        self.firstDelay = firstDelay
        self.maximumDelay = maximumDelay
        self.memory = memory
    }

    /// Per account name: a person mistyping a few times is never slowed. The ceiling is low because
    /// anyone can fail on someone else's name: a person who caused harm must not be able to keep a
    /// survivor out of their own account for long. The per-address limit carries the rest.
    public static let perAccount = LoginThrottle(freeAttempts: 5, maximumDelay: 5 * 60)
    /// Per client address: higher, because many people can share one address (Tor, a household).
    /// Its ceiling is low too: people behind one address (a shared flat, a Tor exit) must not be
    /// able to lock each other out for long.
    public static let perAddress = LoginThrottle(freeAttempts: 30, maximumDelay: 5 * 60)
    /// Per known browser (see `DeviceCookie`): its owner's own attempts, counted apart from other
    /// people's failures on the same name, as strictly as an account's.
    public static let perDevice = LoginThrottle(freeAttempts: 5, maximumDelay: 5 * 60)

    public struct State: Sendable, Equatable {
        public var failures: Int
        public var lastFailure: Date?

        public init(failures: Int = 0, lastFailure: Date? = nil) {
            self.failures = failures
            self.lastFailure = lastFailure
        }
    }

    /// The wait imposed after `failures` failures.
    public func delay(afterFailures failures: Int) -> TimeInterval {
        guard failures >= freeAttempts else { return 0 }
        let doublings = min(failures - freeAttempts, 30)
        return min(firstDelay * pow(2, Double(doublings)), maximumDelay)
    }

    /// The state as it stands at `now`, with stale failures forgotten.
    public func current(_ state: State, now: Date) -> State {
        guard let last = state.lastFailure, now.timeIntervalSince(last) < memory else { return State() }
        return state
    }

    /// When the next attempt may be made, or nil when it may be made now.
    public func nextAttemptAllowed(_ state: State, now: Date) -> Date? {
        let state = current(state, now: now)
        guard let last = state.lastFailure else { return nil }
        let until = last.addingTimeInterval(delay(afterFailures: state.failures))
        return until > now ? until : nil
    }

    public func recordingFailure(_ state: State, now: Date) -> State {
        State(failures: current(state, now: now).failures + 1, lastFailure: now)
    }
}
