/// Who reads one timeline entry, chosen when it is written and never widened afterwards.
public enum EntryVisibility: String, CaseIterable, Codable, Sendable {
    /// Only the person who wrote it.
    case onlyMe = "only_me"
    /// The survivor and their support pod.
    case survivorSide = "survivor_side"
    /// Everyone in the case except the respondent.
    case caseTeam = "case_team"
    /// The survivor's side and the facilitators: not the respondent, nor his accountability pod,
    /// who work with him and may be his friends. What Tejido itself notes of repeat-harm matching
    /// (her consent, a vouch, an entry) goes only to them; nobody chooses it for a written entry.
    case survivorSideAndFacilitators = "survivor_side_facilitators"
    /// Everyone in the case, the respondent included.
    case wholeCase = "whole_case"

    public func isVisible(to role: CaseRole, isAuthor: Bool) -> Bool {
        if isAuthor { return true }
        switch self {
        case .onlyMe: return false
        case .survivorSide: return role.isSurvivorSide
        case .caseTeam: return role != .respondent
        case .survivorSideAndFacilitators: return role.isSurvivorSide || role == .facilitator
        case .wholeCase: return true
        }
    }

    /// The choices a role may make: never one that leaves the writer out of their own entry's
    /// readers' group (a respondent cannot write to the survivor's side only).
    public static func choices(for role: CaseRole) -> [EntryVisibility] {
        switch role {
        case .survivor, .supporter: [.onlyMe, .survivorSide, .caseTeam, .wholeCase]
        case .facilitator, .accountability: [.onlyMe, .caseTeam, .wholeCase]
        case .respondent: [.onlyMe, .wholeCase]
        }
    }

    /// The most private choice that still reaches someone the writer works with.
    public static func defaultChoice(for role: CaseRole) -> EntryVisibility {
        switch role {
        case .survivor, .supporter: .survivorSide
        case .facilitator, .accountability: .caseTeam
        case .respondent: .onlyMe
        }
    }
}

/// The kinds of timeline entry people write. Changes the system records (stage moves, people
/// added, consent given or revoked) are entries too, of kind `record`.
public enum EntryKind: String, CaseIterable, Codable, Sendable {
    case note
    case meeting
    case checkIn = "check_in"
    case decision
    case record

    public static let written: [EntryKind] = [.note, .meeting, .checkIn, .decision]
}
