@preconcurrency import Crypto
import Foundation
import Testing

@testable import TejidoCore

/// The RFC 8941 subset under the signature fields: what it accepts, what it refuses, and that
/// nothing thrown at it crashes.
@Suite("HTTP message signatures: structured fields")
struct HTTPSignatureStructuredFieldTests {
    @Test("a Signature-Input dictionary parses and serializes back to the same text")
    func roundTrip() throws {
        let field = #"sig1=("@method" "content-type");created=1;keyid="a \"b\" \\c";flag;off=?0;t=tok/x:1, b=:AQID:"#
        let parsed = try #require(StructuredField.parseDictionary(field))
        #expect(parsed.map(\.key) == ["sig1", "b"])
        guard case .innerList(let items, let parameters) = parsed[0].member else { throw Unexpected() }
        #expect(items.map(\.value) == [.string("@method"), .string("content-type")])
        #expect(parameters.map(\.key) == ["created", "keyid", "flag", "off", "t"])
        #expect(
            parameters.map(\.value) == [
                .integer(1), .string(#"a "b" \c"#), .boolean(true), .boolean(false), .token("tok/x:1"),
            ])
        guard case .item(let item) = parsed[1].member else { throw Unexpected() }
        #expect(item.value == .byteSequence(Data([1, 2, 3])))
        #expect(StructuredField.serialize(parsed) == field)
    }

    @Test("byte sequences without their = padding are read, as RFC 8941 section 4.2.7 asks")
    func unpadded() {
        let parsed = StructuredField.parseDictionary("a=:AQ:, b=:AQI:")
        #expect(parsed.flatMap { StructuredField.serialize($0) } == "a=:AQ==:, b=:AQI=:")
    }

    @Test("optional whitespace around members and inside inner lists is accepted")
    func whitespace() {
        let parsed = StructuredField.parseDictionary("  a=( \"x\"  \"y\" ) ,\tb=-7 ")
        #expect(parsed.flatMap { StructuredField.serialize($0) } == #"a=("x" "y"), b=-7"#)
    }

    @Test(
        "malformed fields are refused",
        arguments: [
            "a=", "=1", "A=1", "a=1,", "a=1,,b=2", "a=(1", "a=(1)(2)", "a=1 b=2", "a=\"x", "a=\"\\x\"", "a=:AQ",
            "a=:A:", "a=:A=Q=:", "a=:AQ*=:", "a=?2", "a=?", "a=1.5", "a=1234567890123456", "a=-", "a=1;", "a=1;B",
            "a=1;b=", "a=1, a=2", "a=1;b;b", "a=%", "a=\"caf\u{e9}\"", "a=\"\u{7}\"", "a=1\n", "a=(\"x\"\"y\")",
        ])
    func malformed(_ field: String) {
        #expect(StructuredField.parseDictionary(field) == nil)
    }

    @Test("serialization refuses values a field cannot carry")
    func unserializable() {
        #expect(StructuredField.serialize(.string("line\nbreak")) == nil)
        #expect(StructuredField.serialize(.token("1abc")) == nil)
        #expect(StructuredField.serialize(.integer(1_000_000_000_000_000)) == nil)
        #expect(StructuredField.serialize([("Upper", .item(.init(value: .integer(1))))]) == nil)
    }

    /// Random bytes from an alphabet heavy in the characters the grammar cares about, and mutations of
    /// real fields; a fixed seed so a failure can be replayed. Whatever parses must serialize and
    /// parse again to the same text, and verification must refuse rather than crash.
    @Test("random and mutated fields never crash the parser or the verifier")
    func fuzz() throws {
        var random = SeededRandom(seed: 9421)
        let alphabet = Array(#"abcz019-_.*:;=,()"\?/+ AZé@%"#.unicodeScalars) + ["\t", "\u{0}", "\n", "\u{7F}"]
        let key = try Curve25519.Signing.PrivateKey(rawRepresentation: Data(repeating: 3, count: 32))
        var message = SignedMessage(
            method: "POST", targetURI: "https://b.example/peer", headers: ["content-type": "application/json"])
        message.headers["content-digest"] = ContentDigest.header(for: Data())
        let headers = try HTTPSignature.sign(message, parameters: .peer(keyID: "k", created: 100, nonce: "n"), key: key)
        let seeds = [headers.signatureInput, headers.signature, message.headers["content-digest"]!]

        var parsedCount = 0
        for round in 0..<600 {
            var text: String
            if round % 2 == 0 {
                let length = Int(random.next() % 40)
                text = String(
                    String.UnicodeScalarView((0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }))
            } else {
                var scalars = Array(seeds[round % seeds.count].unicodeScalars)
                for _ in 0...Int(random.next() % 3) where !scalars.isEmpty {
                    let at = Int(random.next() % UInt64(scalars.count))
                    switch random.next() % 3 {
                    case 0: scalars.remove(at: at)
                    case 1: scalars.insert(alphabet[Int(random.next() % UInt64(alphabet.count))], at: at)
                    default: scalars[at] = alphabet[Int(random.next() % UInt64(alphabet.count))]
                    }
                }
                text = String(String.UnicodeScalarView(scalars))
            }
            if let parsed = StructuredField.parseDictionary(text) {
                parsedCount += 1
                let serialized = try #require(StructuredField.serialize(parsed), "\(text)")
                #expect(StructuredField.parseDictionary(serialized).flatMap(StructuredField.serialize) == serialized)
            }
            var hostile = message
            hostile.headers[round % 3 == 0 ? "signature" : "signature-input"] = text
            hostile.headers[round % 3 == 0 ? "signature-input" : "signature"] =
                round % 3 == 0 ? headers.signatureInput : headers.signature
            _ = HTTPSignature.verify(hostile, policy: .peer, now: 100) { _ in key.publicKey }
            _ = ContentDigest.matches(text, body: Data())
        }
        // The mutations must reach the parser's deeper paths, not only its first refusal.
        #expect(parsedCount > 30)
    }
}

private struct Unexpected: Error {}

/// SplitMix64: small, fast and reproducible, which is all a fuzz loop needs.
struct SeededRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
