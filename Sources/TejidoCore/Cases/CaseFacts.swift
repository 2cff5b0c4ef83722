import Foundation

/// What the access policy needs to decide about one case, loaded (and unsealed) before it runs.
public struct CaseFacts: Sendable, Equatable {
    public let collectiveID: UUID
    /// Account → their place in the case. People removed from the case are not here.
    public let participants: [UUID: CaseParticipation]
    public let stage: CaseStage
    /// The survivor's limits that the software enforces.
    public let limits: Set<CaseWishes.Limit>
    /// A consent to tell the respondent stands (recorded, not revoked, not expired).
    public let respondentConsentStands: Bool
    /// A consent to take the case to the assembly stands.
    public let assemblyConsentStands: Bool
    /// A consent to use the case for history recovery (a lesson) stands.
    public let historyRecoveryConsentStands: Bool

    public init(
        collectiveID: UUID, participants: [UUID: CaseParticipation], stage: CaseStage, limits: Set<CaseWishes.Limit> = [],
        respondentConsentStands: Bool = false, assemblyConsentStands: Bool = false,
        historyRecoveryConsentStands: Bool = false
    ) {
        self.collectiveID = collectiveID
        self.participants = participants
        self.stage = stage
        self.limits = limits
        self.respondentConsentStands = respondentConsentStands
        self.assemblyConsentStands = assemblyConsentStands
        self.historyRecoveryConsentStands = historyRecoveryConsentStands
    }
}
