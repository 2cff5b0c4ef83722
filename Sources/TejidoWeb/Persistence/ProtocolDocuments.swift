import Foundation
import NIOConcurrencyHelpers
import TejidoCore

/// Protocol versions as decoded documents, kept between requests. A version is inserted and never
/// updated, so a decoded one stays true on every app instance sharing the database; and a kept
/// document is returned only for the very text it was decoded from, so even a row changed behind
/// Tejido's back (or a test's) is decoded again. A protocol is what the collective publishes to
/// its members: nothing kept here is a case, a person or anything access depends on.
final class ProtocolDocuments: Sendable {
    static let shared = ProtocolDocuments(limit: 256)

    private struct Kept {
        let json: String
        let document: ProtocolDocument
    }

    private let kept = NIOLockedValueBox<[UUID: Kept]>([:])
    private let limit: Int
    /// How many documents were decoded rather than found kept.
    private let decodedCount = NIOLockedValueBox(0)
    var decoded: Int { decodedCount.withLockedValue { $0 } }

    init(limit: Int) { self.limit = limit }

    func document(id: UUID?, json: String) throws -> ProtocolDocument {
        if let id, let found = kept.withLockedValue({ $0[id] }), found.json == json { return found.document }
        let document = try JSONDecoder().decode(ProtocolDocument.self, from: Data(json.utf8))
        decodedCount.withLockedValue { $0 += 1 }
        if let id {
            kept.withLockedValue { kept in
                // Versions are few; past the limit (many collectives on one instance) start over.
                if kept.count >= limit { kept.removeAll() }
                kept[id] = Kept(json: json, document: document)
            }
        }
        return document
    }
}
