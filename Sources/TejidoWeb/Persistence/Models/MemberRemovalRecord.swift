import Fluent
import Foundation

/// Someone an admin removed from a collective, and why.
final class MemberRemovalRecord: Model, @unchecked Sendable {
    static let schema = "member_removals"

    @ID(key: .id) var id: UUID?
    @Parent(key: "collective_id") var collective: CollectiveRecord
    /// Empty once that account is deleted.
    @OptionalParent(key: "user_id") var user: UserRecord?
    @OptionalParent(key: "removed_by") var removedBy: UserRecord?
    /// The admin's reason, sealed with the instance key and bound to this row's id.
    @Field(key: "reason") var reason: Data
    @Field(key: "at") var at: Date

    init() {}
}
