import Fluent
import Foundation

/// A row written in one case whose content is sealed in `body` with that case's key, bound to
/// the row's own id. `CaseService.sealedRow` makes one; `CaseFile.opened` reads them back.
protocol SealedCaseRow: Model where IDValue == UUID {
    init()
    /// The row's case (each model's `$caseFile`).
    var caseParent: ParentProperty<Self, CaseRecord> { get }
    var body: Data { get set }
    var createdAt: Date { get set }
}

/// One version of the respondent's proposal. Sealed `ChangeProposal` in `body`.
final class CaseProposalRecord: Model, @unchecked Sendable {
    static let schema = "case_proposals"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseFile: CaseRecord
    @Field(key: "number") var number: Int
    @Field(key: "body") var body: Data
    @Field(key: "created_at") var createdAt: Date
    /// When a facilitator recorded that this version was accepted and became commitments.
    @OptionalField(key: "accepted_at") var acceptedAt: Date?

    init() {}
}

/// A comment on one version. Sealed `ProposalComment`.
final class CaseProposalCommentRecord: Model, @unchecked Sendable {
    static let schema = "case_proposal_comments"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseFile: CaseRecord
    @Field(key: "proposal_id") var proposalID: UUID
    @Field(key: "body") var body: Data
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// A commitment with its date. Sealed `Commitment`.
final class CaseCommitmentRecord: Model, @unchecked Sendable {
    static let schema = "case_commitments"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseFile: CaseRecord
    @Field(key: "body") var body: Data
    @OptionalField(key: "due_on") var dueOn: Date?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "done_at") var doneAt: Date?

    init() {}
}

/// A check-in on one commitment. Sealed `CheckIn`.
final class CaseCheckInRecord: Model, @unchecked Sendable {
    static let schema = "case_check_ins"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseFile: CaseRecord
    @Field(key: "commitment_id") var commitmentID: UUID
    @Field(key: "body") var body: Data
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// An outcome of the accountability process. Sealed `CaseOutcome`.
final class CaseOutcomeRecord: Model, @unchecked Sendable {
    static let schema = "case_outcomes"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseFile: CaseRecord
    @Field(key: "body") var body: Data
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// An outside mediator's grant on one case. Sealed `MediatorGrant` in `body`.
final class CaseMediatorRecord: Model, @unchecked Sendable {
    static let schema = "case_mediators"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseFile: CaseRecord
    @Field(key: "body") var body: Data
    /// The single-use link's token, hashed; emptied once used.
    @OptionalField(key: "invite_hash") var inviteHash: String?
    /// The mediator's browser token, hashed; set when the link is used.
    @OptionalField(key: "session_hash") var sessionHash: String?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "redeemed_at") var redeemedAt: Date?
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    /// The grant's own key, wrapped under the link's secret (then the mediator's browser token)
    /// and locked with the instance key; emptied on revocation.
    @OptionalField(key: "grant_key") var grantKey: Data?
    @OptionalField(key: "key_id") var keyID: String?
    /// Sealed `MediatorPacket`: the entries chosen for the mediator, copied under the grant's key.
    @OptionalField(key: "packet") var packet: Data?

    init() {}

    func isActive(at now: Date) -> Bool { revokedAt == nil && now < expiresAt }
}

/// A referral to care. Sealed `CareReferral`.
final class CaseCareReferralRecord: Model, @unchecked Sendable {
    static let schema = "case_care_referrals"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseFile: CaseRecord
    @Field(key: "body") var body: Data
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

extension CaseProposalRecord: SealedCaseRow {
    var caseParent: ParentProperty<CaseProposalRecord, CaseRecord> { $caseFile }
}

extension CaseProposalCommentRecord: SealedCaseRow {
    var caseParent: ParentProperty<CaseProposalCommentRecord, CaseRecord> { $caseFile }
}

extension CaseCommitmentRecord: SealedCaseRow {
    var caseParent: ParentProperty<CaseCommitmentRecord, CaseRecord> { $caseFile }
}

extension CaseCheckInRecord: SealedCaseRow {
    var caseParent: ParentProperty<CaseCheckInRecord, CaseRecord> { $caseFile }
}

extension CaseOutcomeRecord: SealedCaseRow {
    var caseParent: ParentProperty<CaseOutcomeRecord, CaseRecord> { $caseFile }
}

extension CaseCareReferralRecord: SealedCaseRow {
    var caseParent: ParentProperty<CaseCareReferralRecord, CaseRecord> { $caseFile }
}

extension CaseMediatorRecord: SealedCaseRow {
    var caseParent: ParentProperty<CaseMediatorRecord, CaseRecord> { $caseFile }
}
