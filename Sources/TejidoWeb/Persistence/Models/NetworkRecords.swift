import Fluent
import Foundation

/// A pairing invitation an admin created. The token in its address is kept only as a hash; the
/// secret is sealed (the inviter must check a proof made with it).
final class PeerInvitationRecord: Model, @unchecked Sendable {
    static let schema = "peer_invitations"

    @ID(key: .id) var id: UUID?
    @Parent(key: "collective_id") var collective: CollectiveRecord
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "secret_sealed") var secretSealed: Data
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?

    init() {}
}

/// One collective's connection to a collective on another instance. The id is shared by both
/// sides (the inviter draws it) and names the connection in every request between them.
final class PeerConnectionRecord: Model, @unchecked Sendable {
    static let schema = "peer_connections"

    @ID(key: .id) var id: UUID?
    @Parent(key: "collective_id") var collective: CollectiveRecord
    /// True on the side that created the invitation.
    @Field(key: "invited") var invited: Bool
    @Field(key: "state") var state: String
    /// `PeerDetails`, sealed with a key derived from the instance key.
    @Field(key: "details_sealed") var detailsSealed: Data
    @Field(key: "sends") var sends: String
    @Field(key: "accepts") var accepts: String
    @Field(key: "peer_accepts") var peerAccepts: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "changed_at") var changedAt: Date

    init() {}
}

/// Something waiting to be sent to a peer: an intent, not a body. The message is built from what
/// is true when it is sent, so a change made twice sends once, and a retraction overtakes an alert.
final class PeerOutboxRecord: Model, @unchecked Sendable {
    static let schema = "peer_outbox"

    @ID(key: .id) var id: UUID?
    @Field(key: "connection_id") var connectionID: UUID
    @Field(key: "kind") var kind: String
    @Field(key: "subject") var subject: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "attempts") var attempts: Int
    @Field(key: "next_attempt_at") var nextAttemptAt: Date
    @OptionalField(key: "last_problem") var lastProblem: String?
    /// Counted up each time the same intent is enqueued again (see `PeerOutbox.delivered`).
    @Field(key: "generation") var generation: Int

    init() {}
}
