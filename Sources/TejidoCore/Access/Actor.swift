import Foundation

/// Who is asking. Built once per request from the session; the access policy decides from this alone.
public struct Actor: Sendable, Equatable {
    public let userID: UUID?
    /// Collective ID → the actor's role there. Empty for visitors.
    public let memberships: [UUID: CollectiveRole]
    /// An outside mediator's grant, from the cookie its single-use link set. It opens that one
    /// grant's view and nothing else; it is never a membership.
    public let mediationGrant: UUID?
    /// Another instance whose signature on this request was verified for this connection
    /// (issue 18). It speaks for that connection only, never as a person.
    public let peerConnection: UUID?

    public init(
        userID: UUID?, memberships: [UUID: CollectiveRole] = [:], mediationGrant: UUID? = nil, peerConnection: UUID? = nil
    ) {
        self.userID = userID
        self.memberships = userID == nil ? [:] : memberships
        self.mediationGrant = mediationGrant
        self.peerConnection = userID == nil ? peerConnection : nil
    }

    public static let visitor = Actor(userID: nil)

    public func role(in collectiveID: UUID) -> CollectiveRole? { memberships[collectiveID] }
}
