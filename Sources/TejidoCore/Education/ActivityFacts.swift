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

/// Who may do what to one activity, once the policy has checked the person is a member of its
/// collective. Their collective role plays no part: an admin is nobody special here.
enum ActivityRules {
    static func may(_ userID: UUID, _ action: AccessAction, _ facts: ActivityFacts) -> Bool {
        let isMember = facts.members.contains(userID)
        let runs = facts.runs(userID)
        if facts.closed { return action == .viewActivity }
        switch action {
        case .viewActivity:
            return true
        case .sayComing:
            // Open activities welcome any member; the others, those the group took in.
            return facts.joining == .open || isMember || runs
        case .planSessions, .recordAttendance, .viewWhoIsComing:
            return runs
        case .askToJoin:
            return facts.joining == .byChoice && !isMember && !runs
        case .decideJoining:
            return runs
        case .readGroupNotes, .writeGroupNotes:
            return facts.selfOrganised && isMember
        case .leaveActivityGroup:
            return isMember
        default:
            return false
        }
    }
}
