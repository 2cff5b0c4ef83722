import Foundation
import TejidoCore
import Testing

@testable import TejidoWeb

@Suite("Protocol versions kept decoded")
struct ProtocolDocumentsTests {
    @Test("a kept document is given back only for the very text it was decoded from")
    func keptForItsOwnText() throws {
        let documents = ProtocolDocuments(limit: 2)
        let template = ProtocolTemplate.document
        let id = UUID()
        let json = String(decoding: try JSONEncoder().encode(template), as: UTF8.self)
        #expect(try documents.document(id: id, json: json) == template)
        #expect(try documents.document(id: id, json: json) == template)
        #expect(documents.decoded == 1, "the second reading was kept, not decoded again")
        // The same row with other text (changed behind Tejido's back): decoded anew, not kept.
        var other = template
        other.languages = [.es]
        let otherJSON = String(decoding: try JSONEncoder().encode(other), as: UTF8.self)
        #expect(try documents.document(id: id, json: otherJSON) == other)
        #expect(documents.decoded == 2)
        // Past the limit it starts over and still answers right.
        for _ in 0..<3 { #expect(try documents.document(id: UUID(), json: json) == template) }
        #expect(throws: (any Error).self) { try documents.document(id: UUID(), json: "{") }
    }
}
