import Fluent
import Foundation

/// A skill a collective needs: one Tejido names (`key`) or one it named itself (`name`).
final class SkillRecord: Model, @unchecked Sendable {
    static let schema = "skills"

    @ID(key: .id) var id: UUID?
    @Parent(key: "collective_id") var collective: CollectiveRecord
    @OptionalField(key: "key") var key: String?
    @OptionalField(key: "name") var name: String?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "retired_at") var retiredAt: Date?

    init() {}
}

/// One person's preparation for one skill: when they trained, when to renew, and whether they
/// are willing to be asked. Listed only once `agreedAt` is set, by that person.
final class SkillListingRecord: Model, @unchecked Sendable {
    static let schema = "skill_listings"

    @ID(key: .id) var id: UUID?
    @Parent(key: "collective_id") var collective: CollectiveRecord
    @Parent(key: "skill_id") var skill: SkillRecord
    @Parent(key: "user_id") var user: UserRecord
    @Field(key: "trained_on") var trainedOn: Date
    @OptionalField(key: "renew_by") var renewBy: Date?
    @Field(key: "willing") var willing: Bool
    @OptionalField(key: "agreed_at") var agreedAt: Date?
    @OptionalField(key: "offered_by") var offeredBy: UUID?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}
