import Fluent
import Foundation
import TejidoCore

/// A person's place in one collective.
final class MembershipRecord: Model, @unchecked Sendable {
    static let schema = "memberships"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: UserRecord
    @Parent(key: "collective_id") var collective: CollectiveRecord
    @Field(key: "role") var roleValue: String
    @Field(key: "joined_at") var joinedAt: Date

    init() {}

    init(userID: UUID, collectiveID: UUID, role: CollectiveRole, joinedAt: Date) {
        self.$user.id = userID
        self.$collective.id = collectiveID
        self.roleValue = role.rawValue
        self.joinedAt = joinedAt
    }

    /// An unknown stored role grants the least.
    var role: CollectiveRole { CollectiveRole(rawValue: roleValue) ?? .member }
}
