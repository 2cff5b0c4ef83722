import Fluent
import Foundation

final class ProtocolConcernRecord: Model, @unchecked Sendable {
    static let schema = "protocol_concerns"

    @ID(key: .id) var id: UUID?
    @Parent(key: "collective_id") var collective: CollectiveRecord
    @Parent(key: "version_id") var version: ProtocolVersionRecord
    /// A sealed `ProtocolConcern` (the part and the text), bound to this row's id.
    @Field(key: "body") var body: Data
    /// Empty when the member chose not to give their name; their concern's time is then kept to
    /// the day, so it cannot be matched against when someone was signed in.
    @OptionalParent(key: "author_id") var author: UserRecord?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "resolved_at") var resolvedAt: Date?

    init() {}
}
