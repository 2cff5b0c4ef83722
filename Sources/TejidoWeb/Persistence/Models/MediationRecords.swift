import Fluent
import Foundation

/// A mediator invitation this side addressed to a connected collective. The link is sealed with a
/// key derived from the instance key until the peer has it, then erased: nothing here can open
/// the case's entries afterwards.
final class MediationRequestRecord: Model, @unchecked Sendable {
    static let schema = "mediation_requests"

    @ID(key: .id) var id: UUID?
    @Field(key: "collective_id") var collectiveID: UUID
    @Field(key: "mediator_id") var mediatorID: UUID
    @Field(key: "connection_id") var connectionID: UUID
    @OptionalField(key: "link_sealed") var linkSealed: Data?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "delivered_at") var deliveredAt: Date?
    @OptionalField(key: "withdrawn_at") var withdrawnAt: Date?

    init() {}
}

/// A connected collective's request to find a mediator, as its care team reads it: the link,
/// the note and the expiry, sealed together (the link works until it expires or is used).
final class PeerMediationRequestRecord: Model, @unchecked Sendable {
    static let schema = "peer_mediation_requests"

    @ID(key: .id) var id: UUID?
    @Field(key: "collective_id") var collectiveID: UUID
    @Field(key: "connection_id") var connectionID: UUID
    @Field(key: "body_sealed") var bodySealed: Data
    @Field(key: "expires_at") var expiresAt: Date
    @Field(key: "received_at") var receivedAt: Date

    init() {}
}
