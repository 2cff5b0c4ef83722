import Foundation

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
