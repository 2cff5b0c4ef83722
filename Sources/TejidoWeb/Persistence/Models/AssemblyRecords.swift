import Fluent
import Foundation

/// A meeting of the assembly.
final class AssemblyMeetingRecord: Model, @unchecked Sendable {
    static let schema = "assembly_meetings"

    @ID(key: .id) var id: UUID?
    @Parent(key: "collective_id") var collective: CollectiveRecord
    @Field(key: "title") var title: String
    @Field(key: "held_on") var heldOn: Date
    @OptionalField(key: "minutes") var minutes: String?
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// Something put to the assembly: a member's motion (in clear) or an item from a case (sealed).
final class AssemblyItemRecord: Model, @unchecked Sendable {
    static let schema = "assembly_items"

    @ID(key: .id) var id: UUID?
    @Parent(key: "collective_id") var collective: CollectiveRecord
    @OptionalField(key: "meeting_id") var meetingID: UUID?
    @Field(key: "source") var source: String
    @OptionalField(key: "title") var title: String?
    @OptionalField(key: "text") var text: String?
    @OptionalField(key: "case_id") var caseID: UUID?
    /// `AgendaText`, for an item from a case: sealed to the collective's key, for its members.
    @OptionalField(key: "sealed") var sealed: Data?
    /// The same words sealed with the case, for the case's own pages.
    @OptionalField(key: "case_sealed") var caseSealed: Data?
    /// When the survivor's consent to the item ends, unless revoked sooner (which withdraws it).
    @OptionalField(key: "readable_until") var readableUntil: Date?
    @OptionalField(key: "protocol_version_id") var protocolVersionID: UUID?
    @OptionalField(key: "proposed_by") var proposedBy: UUID?
    @Field(key: "proposed_at") var proposedAt: Date

    init() {}
}

/// One member's position on one decision. They may change it until the decision closes.
final class DecisionPositionRecord: Model, @unchecked Sendable {
    static let schema = "decision_positions"

    @ID(key: .id) var id: UUID?
    @Field(key: "decision_id") var decisionID: UUID
    @Field(key: "user_id") var userID: UUID
    @Field(key: "position") var position: String
    @OptionalField(key: "reason") var reason: String?
    @Field(key: "at") var at: Date

    init() {}
}
