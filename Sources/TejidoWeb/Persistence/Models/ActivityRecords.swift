import Fluent
import Foundation

/// An activity of a collective: a workshop, a training, a group, a children's space.
final class ActivityRecord: Model, @unchecked Sendable {
    static let schema = "activities"

    @ID(key: .id) var id: UUID?
    @Field(key: "collective_id") var collectiveID: UUID
    @Field(key: "kind") var kind: String
    @Field(key: "title") var title: String
    @Field(key: "description") var description: String
    @Field(key: "joining") var joining: String
    @Field(key: "self_organised") var selfOrganised: Bool
    @Field(key: "requires_safeguarding") var requiresSafeguarding: Bool
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "closed_at") var closedAt: Date?

    init() {}
}

/// One session of an activity.
final class ActivitySessionRecord: Model, @unchecked Sendable {
    static let schema = "activity_sessions"

    @ID(key: .id) var id: UUID?
    @Field(key: "activity_id") var activityID: UUID
    @Field(key: "starts_at") var startsAt: Date
    @Field(key: "ends_at") var endsAt: Date
    @OptionalField(key: "place") var place: String?
    @Field(key: "language") var language: String
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// A group's note, sealed with the group's key.
final class GroupNoteRecord: Model, @unchecked Sendable {
    static let schema = "group_notes"

    @ID(key: .id) var id: UUID?
    @Field(key: "activity_id") var activityID: UUID
    @Field(key: "sealed") var sealed: Data
    @Field(key: "written_at") var writtenAt: Date

    init() {}
}
