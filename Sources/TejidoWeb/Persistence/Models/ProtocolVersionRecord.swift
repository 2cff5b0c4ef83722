import Fluent
import Foundation
import TejidoCore

/// One saved version of a collective's protocol. Inserted, never updated.
final class ProtocolVersionRecord: Model, @unchecked Sendable {
    static let schema = "protocol_versions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "collective_id") var collective: CollectiveRecord
    /// 1, 2, 3… within the collective: what people call a version.
    @Field(key: "number") var number: Int
    /// The `ProtocolDocument`, as JSON.
    @Field(key: "document") var documentJSON: String
    @OptionalParent(key: "author_id") var author: UserRecord?
    @OptionalField(key: "note") var note: String?
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(collectiveID: UUID, number: Int, document: ProtocolDocument, authorID: UUID?, note: String?, createdAt: Date) throws {
        self.$collective.id = collectiveID
        self.number = number
        self.documentJSON = String(decoding: try JSONEncoder().encode(document), as: UTF8.self)
        self.$author.id = authorID
        self.note = note
        self.createdAt = createdAt
    }

    /// The document, decoded once per version and kept (`ProtocolDocuments`): a classified case
    /// page reads the version it was classified by, and decoding it was a third of that page.
    func document() throws -> ProtocolDocument {
        try ProtocolDocuments.shared.document(id: id, json: documentJSON)
    }
}
