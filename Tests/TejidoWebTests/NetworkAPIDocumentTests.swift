@preconcurrency import Crypto
import Foundation
import TejidoCore
import Testing
import VaporTesting

@testable import TejidoWeb

/// `docs/peer-api.json` describes what other instances may call. These tests fail when a route, a
/// kind of message or a field changes without the document.
@Suite("The peer API document is true to the code")
struct NetworkAPIDocumentTests {
    static var document: [String: Any] {
        let data = FileManager.default.contents(atPath: packageRoot + "docs/peer-api.json") ?? Data()
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    }

    static var schemas: [String: [String: Any]] {
        ((document["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]]) ?? [:]
    }

    /// One encoded example of every type that crosses between instances, by its schema's name.
    static var samples: [String: Data] {
        let keys = InstanceIdentity(instanceKey: .generate()).publicKeys
        let base = PeerBaseURL("https://tejido.example.org", allowPlainHTTP: false)!
        let encode = { (value: any Encodable) in try! JSONEncoder().encode(value) }
        var samples: [String: Data] = [
            "PeerPublicKeys": encode(keys),
            "PeerHello": encode(PeerHello(keys: keys)),
            "PeerDocument": encode(PeerDocument(keys: keys, collective: "Casa", expires: Date())),
            "PairRequest": encode(
                PairRequest(base: base, keys: keys, collective: "Casa", accepts: [.protocols], nonce: "n", proof: "p")),
            "PairReply": encode(PairReply(connection: UUID(), collective: "Nido", reveal: "r")),
            "ScopesNotice": encode(ScopesNotice(accepts: [.directory])),
            "EndedNotice": encode(EndedNotice()),
            "KeysNotice": encode(KeysNotice(keys: keys, proof: "p")),
            "PeerAck": encode(PeerAck()),
            "SignedReply": encode(try! SignedReply.sign(PeerAck(), answering: "u", nonce: "n", with: .init())),
            "Problem": Data(#"{"error":"unknown_field","field":"x"}"#.utf8),
        ]
        for (name, sample) in PeerWireSamples.all { samples[name] = sample }
        return samples
    }

    @Test("every peer route is in the document, and nothing else is")
    func routes() async throws {
        try await withTejido { app, _ in
            let shape = { (path: String) in
                path.split(separator: "/").map { $0.hasPrefix(":") || $0.hasPrefix("{") ? "{}" : String($0) }.joined(
                    separator: "/")
            }
            let routes = Set(
                app.routes.all.map { "/" + $0.path.map(\.description).joined(separator: "/") }.filter(PeerPath.isPeerPath).map(
                    shape))
            let paths = Self.document["paths"] as? [String: [String: Any]] ?? [:]
            #expect(Set(paths.keys.map(shape)) == routes)
            for route in app.routes.all where PeerPath.isPeerPath("/" + route.path.map(\.description).joined(separator: "/")) {
                #expect(route.method == .POST, "every request between instances is a POST")
            }
            #expect(paths.values.allSatisfy { Set($0.keys) == ["post"] })
        }
    }

    @Test("the kinds of message are the handlers', each with its scope and schema")
    func kinds() throws {
        let message = try #require(
            (Self.document["paths"] as? [String: [String: [String: Any]]])?["/peer/v1/c/{connection}/{kind}"]?["post"])
        let documented = try #require(message["x-tejido-kinds"] as? [String: [String: Any]])
        #expect(Set(documented.keys) == Set(PeerHandlers.all.map(\.kind.rawValue)))
        let parameters = try #require(message["parameters"] as? [[String: Any]])
        let kindEnum = (parameters.first { $0["name"] as? String == "kind" }?["schema"] as? [String: Any])?["enum"] as? [String]
        #expect(Set(kindEnum ?? []) == Set(documented.keys))
        for handler in PeerHandlers.all {
            let entry = try #require(documented[handler.kind.rawValue])
            #expect(entry["scope"] as? String == handler.kind.scope?.rawValue, "\(handler.kind)")
            let schema = try #require(entry["schema"] as? String)
            #expect(Self.schemas[String(schema.split(separator: "/").last!)] != nil, "\(schema) is described")
        }
    }

    @Test("every schema's fields are exactly what the code sends")
    func schemas() throws {
        let samples = Self.samples
        #expect(Set(Self.schemas.keys) == Set(samples.keys))
        for (name, schema) in Self.schemas {
            guard let sample = samples[name] else { continue }
            let object = try #require(try JSONSerialization.jsonObject(with: sample) as? [String: Any], "\(name)")
            let properties = Set((schema["properties"] as? [String: Any] ?? [:]).keys)
            let required = Set(schema["required"] as? [String] ?? [])
            #expect(schema["additionalProperties"] as? Bool == false, "\(name) refuses unknown fields, as the code does")
            #expect(
                Set(object.keys).isSubset(of: properties), "\(name): \(Set(object.keys).subtracting(properties)) undocumented")
            #expect(
                required.isSubset(of: Set(object.keys)), "\(name): \(required.subtracting(object.keys)) documented as required")
        }
    }
}

/// Examples of the wire types features add (protocols, directory entries, collectives, alerts),
/// each under its schema's name in `docs/peer-api.json`.
enum PeerWireSamples {
    static var all: [String: Data] {
        let encode = { (value: any Encodable) in try! JSONEncoder().encode(value) }
        let entry = DirectoryEntry(
            kind: .survivorSupport, name: "Casa", description: "d", languages: ["es"], website: "https://casa.example.org",
            lastVerified: Date())
        let profile = CollectiveProfile(about: "a", place: "p", languages: ["es"], offers: [.mediation], contact: "c")
        return [
            "ProtocolShare": encode(ProtocolShare(version: 1, adoptedAt: Date(), file: "{}")),
            "DirectoryShare": encode(DirectoryShare(entries: [])),
            "SharedDirectoryEntry": encode(SharedDirectoryEntry(id: UUID(), entry: entry)),
            "CollectiveShare": encode(CollectiveShare(name: "Nido", entry: profile)),
            "CollectiveProfile": encode(profile),
            "MediationMessage": encode(
                MediationMessage(
                    request: UUID(), link: "https://casa.example.org/mediate/abc", note: "A note", expires: Date())),
        ].merging(alerts) { a, _ in a }.merging(matching) { a, _ in a }
    }

    /// Every field set, so the schemas are checked against all of them.
    static var matching: [String: Data] {
        let encode = { (value: any Encodable) in try! JSONEncoder().encode(value) }
        let key = MatchingKeys.publicKey(of: MatchingKeys.newKey())
        let member = CircleManifest.Member(
            fingerprint: String(repeating: "a", count: 64), signingKey: "k", roles: [.keyHolder], oprfKey: key)
        let manifest = CircleManifest(circle: UUID(), name: "Red", version: 1, members: [member])
        let circle = CircleMessage(
            step: .complete, circle: UUID(), version: 1, name: "Red", members: [member], limits: .standard, oprfKey: key,
            manifest: manifest, signature: "s", signatures: ["a": "s"], day: "2026-12-04", counts: ["a": 4])
        let tag = MatchTag(bytes: Data(repeating: 1, count: 32))
        let record = BoardMessage.Record(
            id: UUID(), tag: tag, survivor: String(repeating: "b", count: 64), threshold: 2, week: Date(), until: Date())
        let notice = MatchNotice(circle: UUID(), items: [MatchNotice.Item(record: UUID(), match: UUID(), survivors: 2)])
        return [
            "CircleMessage": encode(circle), "CircleManifest": encode(manifest), "CircleMember": encode(member),
            "CircleLimits": encode(CircleManifest.Limits.standard),
            "EvaluationRequest": encode(EvaluationRequest(circle: UUID(), version: 1, blinded: [Data([1])])),
            "EvaluationReply": encode(EvaluationReply(evaluations: [Data([1])], refused: .quota, usedToday: 1, limit: 40)),
            "BoardRecord": encode(record),
            "BoardMessage": encode(BoardMessage(circle: UUID(), version: 1, submit: [record], withdraw: [UUID()])),
            "MatchNoticeItem": encode(notice.items[0]), "MatchNotice": encode(notice),
            "MatchNotices": encode(MatchNotices(notices: [notice])),
        ].merging(contact) { a, _ in a }
    }

    static var contact: [String: Data] {
        let encode = { (value: any Encodable) in try! JSONEncoder().encode(value) }
        let key = Curve25519.KeyAgreement.PrivateKey()
        let card = try! ContactCard(
            circle: UUID(), match: UUID(), key: key.publicKey, collective: "Casa", member: String(repeating: "a", count: 64),
            signingKey: Curve25519.Signing.PrivateKey())
        let note = try! ContactNote("hola", from: key, to: key.publicKey, circle: UUID(), match: UUID())
        let sealed = ContactRelay.SealedCard(key: card.key, sealed: try! card.sealed(to: key.publicKey))
        return [
            "ContactCard": encode(card), "ContactNote": encode(note),
            // Every field set, though a real message carries one of the three.
            "ContactMessage": encode(ContactMessage(circle: UUID(), record: UUID(), card: card, note: note, withdraw: true)),
            "ContactRelaySealedCard": encode(sealed),
            "ContactRelay": encode(
                ContactRelay(circle: UUID(), record: UUID(), cards: [sealed], notes: [note], gone: [card.key])),
        ]
    }

    static var alerts: [String: Data] {
        let fields = AlertFields(
            person: "Ramón", harm: "psychological", harmName: "Psychological harm", response: .limits, until: Date(),
            ongoing: true, contact: "care@casa.example", respondentProcess: "A men's group", expires: Date(), review: Date())
        let message = AlertMessage.current(UUID(), fields)
        return [
            "AlertMessage": try! JSONEncoder().encode(message),
            "AlertMessageFields": try! JSONEncoder().encode(message.fields),
        ]
    }
}
