import Fluent
import Foundation

/// One case. Only ids, times and the stage are in clear; see `M0015_CreateCases`.
final class CaseRecord: Model, @unchecked Sendable {
    static let schema = "cases"

    @ID(key: .id) var id: UUID?
    @Parent(key: "collective_id") var collective: CollectiveRecord
    @Field(key: "stage") var stage: String
    @OptionalField(key: "stage_before_pause") var stageBeforePause: String?
    @OptionalField(key: "wrapped_key") var wrappedKey: Data?
    @OptionalField(key: "key_id") var keyID: String?
    /// The case's own public key, in clear: what the server writes without reading is sealed to it.
    @OptionalField(key: "public_key") var publicKey: Data?
    /// The case's private key, sealed with its data key.
    @OptionalField(key: "sealed_private_key") var sealedPrivateKey: Data?
    /// Sealed `Disclosure`.
    @OptionalField(key: "disclosure") var disclosure: Data?
    /// Sealed `CaseWishes`.
    @OptionalField(key: "wishes") var wishes: Data?
    /// Sealed `Classification`.
    @OptionalField(key: "classification") var classification: Data?
    /// Sealed `SafetyPlan`.
    @OptionalField(key: "safety_plan") var safetyPlan: Data?
    /// Sealed `PodMap`.
    @OptionalField(key: "pod_map") var podMap: Data?
    /// Sealed `AccountabilityPreferences`.
    @OptionalField(key: "accountability") var accountability: Data?
    @Field(key: "opened_at") var openedAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    @OptionalField(key: "ended_at") var endedAt: Date?
    @OptionalField(key: "deleted_at") var deletedAt: Date?

    init() {}
}

/// A person in a case. Their role and name are sealed in `body` (a `ParticipantBody`).
final class CaseParticipantRecord: Model, @unchecked Sendable {
    static let schema = "case_participants"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseFile: CaseRecord
    @OptionalField(key: "user_id") var userID: UUID?
    @Field(key: "body") var body: Data
    @Field(key: "added_at") var addedAt: Date
    @OptionalField(key: "removed_at") var removedAt: Date?
    @OptionalField(key: "claim_hash") var claimHash: String?
    @OptionalField(key: "claim_expires_at") var claimExpiresAt: Date?

    init() {}
}

/// One timeline entry. Append-only: the only change ever made is redaction, which empties it.
final class CaseEntryRecord: Model, @unchecked Sendable {
    static let schema = "case_entries"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseFile: CaseRecord
    @OptionalField(key: "author_id") var authorID: UUID?
    /// Sealed `EntryBody`; empty once redacted.
    @OptionalField(key: "body") var body: Data?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "redacted_at") var redactedAt: Date?

    init() {}
}

final class CaseConsentRecord: Model, @unchecked Sendable {
    static let schema = "case_consents"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseFile: CaseRecord
    /// Sealed `CaseConsent`.
    @Field(key: "body") var body: Data
    @OptionalField(key: "recorded_by") var recordedBy: UUID?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "until") var until: Date?
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    @OptionalField(key: "revoked_by") var revokedBy: UUID?

    init() {}
}

final class CaseTaskRecord: Model, @unchecked Sendable {
    static let schema = "case_tasks"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseFile: CaseRecord
    @OptionalField(key: "assignee_id") var assigneeID: UUID?
    @OptionalField(key: "created_by") var createdBy: UUID?
    /// Sealed `TaskBody`.
    @Field(key: "body") var body: Data
    @OptionalField(key: "due_on") var dueOn: Date?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "done_at") var doneAt: Date?

    init() {}
}

/// Who looked at or changed a case, and when. Never what they read or wrote.
final class CaseAccessRecord: Model, @unchecked Sendable {
    static let schema = "case_access_log"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseFile: CaseRecord
    /// Sealed `AccessLine` (to the case's public key: the server writes it without reading).
    @Field(key: "body") var body: Data
    @Field(key: "at") var at: Date
    /// For a refusal: keyed pseudonyms of who was refused and of what they tried, so a repeat is
    /// counted on its line without opening it; and the count, since when.
    @OptionalField(key: "refused_by") var refusedBy: String?
    @OptionalField(key: "refusal") var refusal: String?
    @OptionalField(key: "repeats") var repeats: Int?
    @OptionalField(key: "since") var since: Date?

    init() {}
}
