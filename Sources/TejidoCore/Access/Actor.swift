import Foundation

/// Who is asking. Built once per request from the session; the access policy decides from this alone.
public struct Actor: Sendable, Equatable {
    public let userID: UUID?
    /// Collective ID → the actor's role there. Empty for visitors.
    public let memberships: [UUID: CollectiveRole]

    public init(userID: UUID?, memberships: [UUID: CollectiveRole] = [:]) {
        self.userID = userID
        self.memberships = userID == nil ? [:] : memberships
    }

    public static let visitor = Actor(userID: nil)

    public func role(in collectiveID: UUID) -> CollectiveRole? { memberships[collectiveID] }
}
