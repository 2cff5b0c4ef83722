import Foundation
import Testing

@testable import TejidoCore

/// What collectives share with connected ones crosses between instances: read strictly, every
/// text checked, anything this release does not take refused whole.
@Suite("Shared protocols, directory entries and collectives on the wire")
struct SharedWireTests {
    static let now = Date(timeIntervalSince1970: 1_780_000_000)

    static func json(_ value: some Encodable) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(value)) as? [String: Any])
    }

    static func data(_ object: [String: Any]) throws -> Data { try JSONSerialization.data(withJSONObject: object) }

    static var template: String {
        String(
            decoding: try! ProtocolExchange.export(
                ProtocolTemplate.document,
                source: .init(collective: "Casa", version: 3, status: "adopted", savedAt: now)), as: UTF8.self)
    }

    @Test("a shared protocol carries the exported file and is read with the file reader")
    func protocolShare() throws {
        let share = ProtocolShare(version: 3, adoptedAt: Self.now, file: Self.template)
        let read = try StrictJSON.decode(ProtocolShare.self, from: JSONEncoder().encode(share))
        #expect(try read.document(now: Self.now) == ProtocolTemplate.document)
        #expect(read.adoptionDate == Self.now)
        // Unknown fields, a file that is not a valid protocol, a version of 0: refused.
        var object = try Self.json(share)
        object["extra"] = 1
        #expect(throws: StrictJSON.Problem.unknownField("extra")) {
            try StrictJSON.decode(ProtocolShare.self, from: Self.data(object))
        }
        #expect(throws: StrictJSON.Problem.invalid) {
            try ProtocolShare(version: 3, adoptedAt: Self.now, file: #"{"format":"tejido.protocol"}"#).document(now: Self.now)
        }
        #expect(throws: StrictJSON.Problem.invalid) {
            try ProtocolShare(version: 0, adoptedAt: Self.now, file: Self.template).document(now: Self.now)
        }
        var marked = ProtocolTemplate.document
        marked.title = LocalizedText(en: "<script>alert(1)</script>", es: "Protocolo")
        let markup = String(decoding: try ProtocolExchange.export(marked, source: nil), as: UTF8.self)
        #expect(throws: StrictJSON.Problem.invalid) {
            try ProtocolShare(version: 3, adoptedAt: Self.now, file: markup).document(now: Self.now)
        }
        // Adopted a week from now: not something a real peer sends.
        #expect(throws: StrictJSON.Problem.invalid) {
            try ProtocolShare(version: 3, adoptedAt: Self.now.addingTimeInterval(7 * 86_400), file: Self.template)
                .document(now: Self.now)
        }
    }

    static let entry = DirectoryEntry(
        kind: .survivorSupport, name: "Red de apoyo", description: "Escucha y acompañamiento.\nSin policía.", city: "Oaxaca",
        languages: ["es", "zap"], website: "https://red.example.org", safety: SafetyNotes(mayInvolvePolice: .no),
        lastVerified: now, verifiedBy: "ana", isPublic: true)

    @Test("a shared directory entry keeps its details and when it was checked, never who checked it")
    func entryRoundTrip() throws {
        let id = UUID()
        let share = DirectoryShare(entries: [SharedDirectoryEntry(id: id, entry: Self.entry)])
        let encoded = try JSONEncoder().encode(share)
        #expect(!String(decoding: encoded, as: UTF8.self).contains("ana"), "the person who checked stays at the source")
        let read = try StrictJSON.decode(DirectoryShare.self, from: encoded).checked(now: Self.now)
        #expect(read.count == 1 && read[0].source == id)
        #expect(read[0].entry.name == "Red de apoyo" && read[0].entry.lastVerified == Self.now)
        #expect(read[0].entry.safety.mayInvolvePolice == .no && read[0].entry.languages == ["es", "zap"])
        #expect(read[0].entry.verifiedBy == "" && !read[0].entry.isPublic, "not public here, checked by nobody here")
    }

    @Test(
        "bad text in a shared entry refuses the whole message",
        arguments: [
            ("name", "Red\u{0007}"), ("name", "Red \u{202E}odnum"), ("city", "<b>Oaxaca</b>"), ("website", "javascript:alert(1)"),
            ("kind", "police"), ("reach", "everywhere"), ("mayInvolvePolice", "maybe"), ("name", ""),
            ("name", String(repeating: "a", count: 201)),
        ])
    func badEntry(field: String, value: String) throws {
        var object = try Self.json(SharedDirectoryEntry(id: UUID(), entry: Self.entry))
        object[field] = value
        let body = try Self.data(["entries": [object, try Self.json(SharedDirectoryEntry(id: UUID(), entry: Self.entry))]])
        #expect(throws: StrictJSON.Problem.invalid) {
            try StrictJSON.decode(DirectoryShare.self, from: body).checked(now: Self.now)
        }
    }

    @Test("unknown fields, bad languages, repeated ids and a future check date are refused")
    func badShapes() throws {
        var object = try Self.json(SharedDirectoryEntry(id: UUID(), entry: Self.entry))
        object["verifiedBy"] = "ana"
        #expect(throws: StrictJSON.Problem.unknownField("entries[0].verifiedBy")) {
            try StrictJSON.decode(DirectoryShare.self, from: Self.data(["entries": [object]]))
        }
        var languages = try Self.json(SharedDirectoryEntry(id: UUID(), entry: Self.entry))
        languages["languages"] = ["Español"]
        #expect(throws: StrictJSON.Problem.invalid) {
            try StrictJSON.decode(DirectoryShare.self, from: Self.data(["entries": [languages]])).checked(now: Self.now)
        }
        let id = UUID()
        let twice = DirectoryShare(entries: [.init(id: id, entry: Self.entry), .init(id: id, entry: Self.entry)])
        #expect(throws: StrictJSON.Problem.invalid) { try twice.checked(now: Self.now) }
        var future = Self.entry
        future.lastVerified = Self.now.addingTimeInterval(30 * 86_400)
        #expect(throws: StrictJSON.Problem.invalid) {
            try DirectoryShare(entries: [.init(id: UUID(), entry: future)]).checked(now: Self.now)
        }
        #expect(throws: StrictJSON.Problem.invalid) {
            try StrictJSON.decode(DirectoryShare.self, from: Data(#"{"entries":"all"}"#.utf8))
        }
    }

    static let profile = CollectiveProfile(
        about: "Colectiva feminista.\nAcompañamos.", place: "Oaxaca", languages: ["es"], offers: [.training, .mediation],
        contact: "contacto@casa.example.org")

    @Test("a collective's entry is checked as its own form checks it; without one, the receiver forgets it")
    func collectiveShare() throws {
        #expect(Self.profile.offers == [.mediation, .training], "kept in one order")
        let share = CollectiveShare(name: "Casa", entry: Self.profile)
        let read = try StrictJSON.decode(CollectiveShare.self, from: JSONEncoder().encode(share)).checked()
        #expect(read.name == "Casa" && read.entry == Self.profile)
        let withdrawn = try StrictJSON.decode(CollectiveShare.self, from: Data(#"{"name":"Casa"}"#.utf8)).checked()
        #expect(withdrawn.entry == nil)
        #expect(throws: StrictJSON.Problem.invalid) { try CollectiveShare(name: "Ca\u{0000}sa", entry: nil).checked() }
        var markup = Self.profile
        markup.about = "<img src=x onerror=alert(1)>"
        #expect(throws: StrictJSON.Problem.invalid) { try CollectiveShare(name: "Casa", entry: markup).checked() }
        var object = try Self.json(share)
        object["entry"] = ["about": "a", "place": "", "languages": [], "offers": ["policing"], "contact": "c"]
        #expect(throws: StrictJSON.Problem.invalid) { try StrictJSON.decode(CollectiveShare.self, from: Self.data(object)) }
        #expect(CollectiveProfile(about: " ", place: "", languages: [], offers: [], contact: "").problems().count == 2)
    }
}
