import Foundation

/// What the access policy needs to decide about one activity, loaded before it runs.
public struct ActivityFacts: Sendable, Equatable {
    public let collectiveID: UUID
    public let selfOrganised: Bool
    public let joining: ActivityJoining
    /// The people who run it. A self-organised group has none.
    public let facilitators: Set<UUID>
    /// The group's current members (accepted, not left).
    public let members: Set<UUID>
    /// A group whose last member left.
    public let closed: Bool

    public init(
        collectiveID: UUID, selfOrganised: Bool, joining: ActivityJoining, facilitators: Set<UUID> = [],
        members: Set<UUID> = [], closed: Bool = false
    ) {
        self.collectiveID = collectiveID
        self.selfOrganised = selfOrganised
        self.joining = joining
        self.facilitators = selfOrganised ? [] : facilitators
        self.members = members
        self.closed = closed
    }

    /// Who runs its sessions and keeps its attendance: the facilitators, or — for a group that
    /// governs itself — its own members. Never an admin or the care team as such.
    public func runs(_ userID: UUID) -> Bool {
        selfOrganised ? members.contains(userID) : facilitators.contains(userID)
    }
}
