/// A person's place in one case. Separate from their role in the collective: an admin of the
/// collective has no case role, and so no access, unless the survivor adds them.
public enum CaseRole: String, CaseIterable, Codable, Sendable {
    /// The person harmed. The case is theirs.
    case survivor
    /// Their support pod.
    case supporter
    /// From the care team; classifies the harm and moves the case along.
    case facilitator
    /// The person who caused harm, added only once the survivor agrees they are told.
    case respondent
    /// Walks with the respondent through accountability.
    case accountability

    /// Roles on the survivor's side of the case, who read what is shared with the support pod.
    public var isSurvivorSide: Bool { self == .survivor || self == .supporter }
}

/// What the access policy knows about one person in one case. Sealed in the database, as a
/// person's role in a case (that they are a respondent, say) is itself sensitive.
public struct CaseParticipation: Codable, Sendable, Equatable {
    public var role: CaseRole
    /// A supporter the survivor trusts to act for them: decide who is added, record consent.
    /// Cases opened for someone without an account start with the opener acting for them.
    public var actsForSurvivor: Bool
    /// Whether the survivor chose to show this person the safety plan.
    public var seesSafetyPlan: Bool

    public init(role: CaseRole, actsForSurvivor: Bool = false, seesSafetyPlan: Bool = false) {
        self.role = role
        self.actsForSurvivor = actsForSurvivor && role == .supporter
        self.seesSafetyPlan = seesSafetyPlan && role != .respondent
    }

    /// The survivor, or someone acting with their consent: who decides for the survivor's side.
    public var speaksForSurvivor: Bool { role == .survivor || (role == .supporter && actsForSurvivor) }
}
