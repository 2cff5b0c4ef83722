import Foundation

/// Who is asking. Built once per request from the session; the access policy decides from this alone.
public struct Actor: Sendable, Equatable {
    public let userID: UUID?
    /// Collective ID → the actor's role there. Empty for visitors.
    public let memberships: [UUID: CollectiveRole]
    /// An outside mediator's grant, from the cookie its single-use link set. It opens that one
    /// grant's view and nothing else; it is never a membership.
    public let mediationGrant: UUID?

    public init(userID: UUID?, memberships: [UUID: CollectiveRole] = [:], mediationGrant: UUID? = nil) {
        self.userID = userID
        self.memberships = userID == nil ? [:] : memberships
        self.mediationGrant = mediationGrant
    }

    public static let visitor = Actor(userID: nil)

    public func role(in collectiveID: UUID) -> CollectiveRole? { memberships[collectiveID] }
}
