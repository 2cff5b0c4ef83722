/// The answer of the access policy.
public enum AccessDecision: Sendable, Equatable {
    case allow
    /// The actor must sign in first (a visitor asking for something that needs an account).
    case signInRequired
    /// The actor may know the object exists but may not do this (their own collective, wrong role).
    case forbidden
    /// The actor may not know the object exists: answered exactly like an unknown id.
    case hidden

    public var isAllowed: Bool { self == .allow }
}
