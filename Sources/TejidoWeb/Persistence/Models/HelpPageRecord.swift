import Fluent
import Foundation

/// A collective's own words for its immediate-help page (`HelpPageText`, as JSON).
final class HelpPageRecord: Model, @unchecked Sendable {
    static let schema = "help_pages"

    @ID(key: .id) var id: UUID?
    @Parent(key: "collective_id") var collective: CollectiveRecord
    /// `HelpPageText` as JSON.
    @Field(key: "sections") var sections: String
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}
