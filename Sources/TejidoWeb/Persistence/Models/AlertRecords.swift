import Fluent
import Foundation

/// An alert this collective prepared or sent about the person who harmed in one of its cases.
/// Its fields are sealed (`AlertFields`, with a key derived from the instance key): the delivery
/// loop builds the message from them with no one signed in.
final class SentAlertRecord: Model, @unchecked Sendable {
    static let schema = "alerts_sent"

    @ID(key: .id) var id: UUID?
    @Field(key: "collective_id") var collectiveID: UUID
    @Field(key: "case_id") var caseID: UUID
    /// The person harmed's consent it rests on: revoking it retracts the alert everywhere.
    @Field(key: "consent_id") var consentID: UUID
    @Field(key: "state") var state: String
    @Field(key: "body_sealed") var bodySealed: Data
    /// The connections it goes to, comma-separated.
    @Field(key: "recipients") var recipients: String
    @Field(key: "prepared_by") var preparedBy: UUID
    @OptionalField(key: "confirmed_by") var confirmedBy: UUID?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "changed_at") var changedAt: Date

    init() {}
}

/// An alert a paired collective sent: held sealed, with what the care team noted about it.
final class ReceivedAlertRecord: Model, @unchecked Sendable {
    static let schema = "alerts_received"

    @ID(key: .id) var id: UUID?
    @Field(key: "collective_id") var collectiveID: UUID
    @Field(key: "connection_id") var connectionID: UUID
    /// The sender's id for it: an update or retraction names it.
    @Field(key: "alert_id") var alertID: UUID
    @Field(key: "body_sealed") var bodySealed: Data
    @OptionalField(key: "note_sealed") var noteSealed: Data?
    @Field(key: "expires_at") var expiresAt: Date
    @Field(key: "received_at") var receivedAt: Date
    @Field(key: "changed_at") var changedAt: Date

    init() {}
}
