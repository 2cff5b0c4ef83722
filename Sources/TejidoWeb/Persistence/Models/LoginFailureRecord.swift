import Fluent
import Foundation

/// Failed sign-in attempts, counted under a keyed hash of the account name or client address —
/// never the name or address itself.
final class LoginFailureRecord: Model, @unchecked Sendable {
    static let schema = "login_failures"

    @ID(key: .id) var id: UUID?
    @Field(key: "subject") var subject: String
    @Field(key: "failures") var failures: Int
    @Field(key: "last_failure_at") var lastFailureAt: Date

    init() {}

    init(subject: String, failures: Int, lastFailureAt: Date) {
        self.subject = subject
        self.failures = failures
        self.lastFailureAt = lastFailureAt
    }
}
