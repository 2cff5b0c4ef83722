/// Errors the domain can raise. They carry catalog keys, never prose, so the web layer can say
/// them in the reader's language; one middleware maps them to HTTP statuses and friendly pages.
public enum TejidoError: Error, Equatable, Sendable {
    /// The input broke a rule; each problem names its field and a message key.
    case invalid([FieldProblem])
    /// Unknown, or not for this actor's eyes: both look the same from outside.
    case notFound
    /// The actor may see the object but may not do this.
    case forbidden
    /// The request conflicts with the state of things (for example: removing the last admin).
    case conflict(messageKey: String)
    /// Too many failed attempts; try later.
    case throttled
    /// The page needs a signed-in person.
    case signInRequired
    /// An invitation link that is unknown, used, revoked or expired — one answer for all four.
    case inviteUnusable
    /// First-run setup was asked for from somewhere other than the server itself.
    case setupOnlyFromServer
}

public struct FieldProblem: Equatable, Sendable, Hashable {
    public let field: String
    public let messageKey: String

    public init(field: String, messageKey: String) {
        self.field = field
        self.messageKey = messageKey
    }
}

extension Array where Element == FieldProblem {
    /// Throws `TejidoError.invalid` when any problem was collected, so callers report them all at once.
    public func throwIfAny() throws {
        if !isEmpty { throw TejidoError.invalid(self) }
    }
}

extension TejidoError {
    /// A form's own problems, or too many wrong attempts — both answered beside the form.
    public var isInvalidOrThrottled: Bool {
        switch self {
        case .invalid, .throttled: true
        default: false
        }
    }

    /// The problems to show on the form: its own, or "too many attempts" beside `throttledField`.
    public func problems(throttledField: String) -> [FieldProblem] {
        switch self {
        case .invalid(let found): found
        default: [FieldProblem(field: throttledField, messageKey: "error_login_throttled")]
        }
    }
}
