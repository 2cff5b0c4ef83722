import Fluent
import Foundation

/// This collective's place in one matching circle: the proposal it was asked to join (or made),
/// the manifest once every key holder gave its key, the signatures, and — for the founder — each
/// member's answer. A key holder's oblivious key is sealed with a key derived from the instance key.
final class MatchingCircleRecord: Model, @unchecked Sendable {
    static let schema = "matching_circles"

    @ID(key: .id) var id: UUID?
    @Field(key: "circle_id") var circleID: UUID
    @Field(key: "collective_id") var collectiveID: UUID
    /// Nil for the founder; for everyone else, the connection to the founder.
    @OptionalField(key: "founder_connection_id") var founderConnectionID: UUID?
    @Field(key: "state") var state: String
    @Field(key: "version") var version: Int
    /// The proposal, as the `CircleMessage` that carried it (JSON).
    @Field(key: "proposal") var proposal: String
    @OptionalField(key: "manifest") var manifest: String?
    /// Fingerprint → signature (base64), as JSON.
    @Field(key: "signatures") var signatures: String
    /// For the founder: fingerprint → answer (`CircleResponse`), as JSON.
    @Field(key: "responses") var responses: String
    /// The daily counts of evaluations: for a key holder, the last day it published; for every
    /// member, what each key holder published (`CircleCounts`, as JSON).
    @Field(key: "counts") var counts: String
    /// The next version while it is being agreed (`CircleChange`, as JSON); nil when none is.
    @OptionalField(key: "pending") var pending: String?
    /// The last change as this collective learnt it (`CircleOutcome`, as JSON).
    @OptionalField(key: "last_change") var lastChange: String?
    /// Why the circle ended, as a catalog key.
    @OptionalField(key: "problem") var problem: String?
    @OptionalField(key: "oprf_key_sealed") var oprfKeySealed: Data?
    /// The collective's secret for survivors' pseudonyms in this circle.
    @Field(key: "secret_sealed") var secretSealed: Data
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}

/// On a key holder: how many evaluations a member asked for on one day (UTC).
final class MatchingEvaluationRecord: Model, @unchecked Sendable {
    static let schema = "matching_evaluations"

    @ID(key: .id) var id: UUID?
    @Field(key: "circle_id") var circleID: UUID
    @Field(key: "connection_id") var connectionID: UUID
    @Field(key: "day") var day: String
    @Field(key: "count") var count: Int

    init() {}
}

/// On the board: one record a home instance filed. No case, no account, no identifier.
final class MatchingBoardRecord: Model, @unchecked Sendable {
    static let schema = "matching_board_records"

    @ID(key: .id) var id: UUID?
    @Field(key: "record_id") var recordID: UUID
    @Field(key: "circle_id") var circleID: UUID
    @Field(key: "connection_id") var connectionID: UUID
    @Field(key: "tag") var tag: String
    @Field(key: "survivor") var survivor: String
    @Field(key: "threshold") var threshold: Int
    @Field(key: "week") var week: Date
    @Field(key: "until") var until: Date
    @OptionalField(key: "match_id") var matchID: UUID?
    @OptionalField(key: "matched_at") var matchedAt: Date?
    @OptionalField(key: "notified_at") var notifiedAt: Date?
    /// Told, and the match has grown since: told again, with the new count, the Monday after.
    @OptionalField(key: "grown_at") var grownAt: Date?

    init() {}
}

/// On a home instance: one entry of a case. Which record ids it put on the board, and which kinds
/// of identifier, are sealed with the case (`MatchingEntryBody`); the identifiers are nowhere.
final class MatchingEntryRecord: Model, @unchecked Sendable {
    static let schema = "matching_entries"

    @ID(key: .id) var id: UUID?
    @Field(key: "case_id") var caseID: UUID
    @Field(key: "collective_id") var collectiveID: UUID
    @Field(key: "circle_id") var circleID: UUID
    @Field(key: "circle_version") var circleVersion: Int
    /// A pseudonym of the survivor for counting her entries here (never the board's).
    @Field(key: "counter") var counter: String
    @Field(key: "body_sealed") var bodySealed: Data
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "until") var until: Date
    @OptionalField(key: "withdrawn_at") var withdrawnAt: Date?

    init() {}
}

/// A care-team facilitator of the case vouched that its next entry is the survivor's own.
final class MatchingVouchRecord: Model, @unchecked Sendable {
    static let schema = "matching_vouches"

    @ID(key: .id) var id: UUID?
    @Field(key: "case_id") var caseID: UUID
    @Field(key: "vouched_by") var vouchedBy: UUID
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?

    init() {}
}

/// Records (or withdrawals) waiting to reach the board: a `BoardMessage` as JSON, deleted once
/// the board acknowledged it. Not linked to any case.
final class MatchingOutgoingRecord: Model, @unchecked Sendable {
    static let schema = "matching_outgoing"

    @ID(key: .id) var id: UUID?
    @Field(key: "connection_id") var connectionID: UUID
    @Field(key: "body") var body: String
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// A match the board told of, for one of this collective's records.
final class MatchingNoticeRecord: Model, @unchecked Sendable {
    static let schema = "matching_notices"

    @ID(key: .id) var id: UUID?
    @Field(key: "collective_id") var collectiveID: UUID
    @Field(key: "circle_id") var circleID: UUID
    @Field(key: "record_id") var recordID: UUID
    @Field(key: "match_id") var matchID: UUID
    @Field(key: "survivors") var survivors: Int
    @Field(key: "received_at") var receivedAt: Date

    init() {}
}

/// On a home instance: its side of one match, once its survivor agreed to put the care teams in
/// touch. The match key's private half is sealed with the case; the row names a record, never the
/// case, as the notices do.
final class MatchingContactRecord: Model, @unchecked Sendable {
    static let schema = "matching_contacts"

    @ID(key: .id) var id: UUID?
    @Field(key: "collective_id") var collectiveID: UUID
    @Field(key: "circle_id") var circleID: UUID
    @Field(key: "match_id") var matchID: UUID
    @Field(key: "record_id") var recordID: UUID
    /// The match key's public half, base64: how a relayed card or note finds its side.
    @Field(key: "public_key") var publicKey: String
    @Field(key: "key_sealed") var keySealed: Data
    @Field(key: "agreed_at") var agreedAt: Date
    @Field(key: "until") var until: Date

    init() {}
}

/// What arrived or left for one side of a match: another side's card (`card`, sealed to the match
/// key), a note from it (`in`, as sealed in transit), or this care team's own note (`out`, sealed
/// with the case).
final class MatchingContactItemRecord: Model, @unchecked Sendable {
    static let schema = "matching_contact_items"

    @ID(key: .id) var id: UUID?
    @Field(key: "contact_id") var contactID: UUID
    @Field(key: "kind") var kind: String
    @Field(key: "peer_key") var peerKey: String
    @Field(key: "sealed") var sealed: Data
    @Field(key: "digest") var digest: String
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// On the board: the signed card of one side of a match that agreed.
final class MatchingBoardContactRecord: Model, @unchecked Sendable {
    static let schema = "matching_board_contacts"

    @ID(key: .id) var id: UUID?
    @Field(key: "circle_id") var circleID: UUID
    @Field(key: "match_id") var matchID: UUID
    @Field(key: "record_id") var recordID: UUID
    @Field(key: "connection_id") var connectionID: UUID
    @Field(key: "card") var card: String
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// A `contact` or `relay` message waiting to be sent, as JSON; deleted once acknowledged.
final class MatchingRelayRecord: Model, @unchecked Sendable {
    static let schema = "matching_relay"

    @ID(key: .id) var id: UUID?
    @Field(key: "connection_id") var connectionID: UUID
    @Field(key: "kind") var kind: String
    @Field(key: "body") var body: String
    @OptionalField(key: "record_id") var recordID: UUID?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}
