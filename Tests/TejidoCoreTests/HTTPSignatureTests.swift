@preconcurrency import Crypto
import Foundation
import Testing

@testable import TejidoCore

/// RFC 9421's published Ed25519 example, and the derived components our peers sign.
@Suite("HTTP message signatures")
struct HTTPSignatureTests {
    // RFC 9421 Appendix B.1.4, test-key-ed25519, as PKCS#8 and SPKI; the raw key is the last 32 bytes.
    static let rfcPrivateKey = try! Curve25519.Signing.PrivateKey(
        rawRepresentation: Data(base64Encoded: "MC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF")!.suffix(32))
    static let rfcPublicKey = try! Curve25519.Signing.PublicKey(
        rawRepresentation: Data(base64Encoded: "MCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs=")!.suffix(32))

    // RFC 9421 Appendix B.2, the test request: POST /foo?param=Value&Pet=dog with {"hello": "world"}.
    static let rfcRequest = SignedMessage(
        method: "POST", targetURI: "https://example.com/foo?param=Value&Pet=dog",
        headers: [
            "Host": "example.com",
            "Date": "Tue, 20 Apr 2021 02:07:55 GMT",
            "Content-Type": "application/json",
            "Content-Digest":
                "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:",
            "Content-Length": "18",
        ])

    // Appendix B.2.6, with the RFC 8792 line wrapping undone.
    static let rfcParameters = SignatureParameters(
        components: ["date", "@method", "@path", "@authority", "content-type", "content-length"], created: 1_618_884_473,
        keyID: "test-key-ed25519")
    static let rfcBase = """
        "date": Tue, 20 Apr 2021 02:07:55 GMT
        "@method": POST
        "@path": /foo
        "@authority": example.com
        "content-type": application/json
        "content-length": 18
        "@signature-params": ("date" "@method" "@path" "@authority" "content-type" "content-length");\
        created=1618884473;keyid="test-key-ed25519"
        """
    static let rfcHeaders = SignatureHeaders(
        signatureInput:
            #"sig-b26=("date" "@method" "@path" "@authority" "content-type" "content-length");"#
            + #"created=1618884473;keyid="test-key-ed25519""#,
        signature:
            "sig-b26=:wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==:")

    @Test("the B.1.4 private and public test keys belong together")
    func rfcKeysPair() {
        #expect(Self.rfcPrivateKey.publicKey.rawRepresentation == Self.rfcPublicKey.rawRepresentation)
    }

    @Test("our signature base for B.2.6 equals the published one byte for byte")
    func rfcSignatureBase() throws {
        let base = try HTTPSignature.signatureBase(for: Self.rfcRequest, parameters: Self.rfcParameters)
        #expect(base == Self.rfcBase)
        #expect(Array(base.utf8) == Array(Self.rfcBase.utf8))
    }

    @Test("signing B.2.6 reproduces the published Signature-Input and Signature (Ed25519 is deterministic)")
    func rfcSigningReproduces() throws {
        let headers = try HTTPSignature.sign(
            Self.rfcRequest, parameters: Self.rfcParameters, label: "sig-b26", key: Self.rfcPrivateKey)
        #expect(headers == Self.rfcHeaders)
    }

    @Test("the published B.2.6 signature verifies at its own created time")
    func rfcSignatureVerifies() {
        var message = Self.rfcRequest
        message.headers["Signature-Input"] = Self.rfcHeaders.signatureInput
        message.headers["Signature"] = Self.rfcHeaders.signature
        let result = HTTPSignature.verify(message, policy: .rfcExample, now: 1_618_884_473) {
            $0 == "test-key-ed25519" ? Self.rfcPublicKey : nil
        }
        #expect(result == .success(VerifiedSignature(label: "sig-b26", parameters: Self.rfcParameters)))

        message.headers["Date"] = "Tue, 20 Apr 2021 02:07:56 GMT"
        let tampered = HTTPSignature.verify(message, policy: .rfcExample, now: 1_618_884_473) { _ in Self.rfcPublicKey }
        #expect(tampered == .failure(.badSignature))
    }

    @Test("derived components follow RFC 9421 section 2.2")
    func derivedComponents() throws {
        let message = SignedMessage(method: "POST", targetURI: "https://www.example.com/path?param=value", headers: [:])
        let values = try [
            "@method", "@target-uri", "@authority", "@scheme", "@request-target", "@path", "@query",
        ].map { try SignatureBase.value(of: $0, in: message) }
        #expect(
            values == [
                "POST", "https://www.example.com/path?param=value", "www.example.com", "https", "/path?param=value",
                "/path", "?param=value",
            ])
    }

    @Test(
        "authority is lowercased without its default port; an empty path is / and an absent query is ?",
        arguments: [
            ("https://Example.COM:443/x", "example.com", "/x", "?"),
            ("http://a.example:80", "a.example", "/", "?"),
            ("https://a.example:8443/p?", "a.example:8443", "/p", "?"),
            ("HTTP://[2001:DB8::1]:8080/?a=b", "[2001:db8::1]:8080", "/", "?a=b"),
        ])
    func uriNormalization(uri: String, authority: String, path: String, query: String) throws {
        let message = SignedMessage(method: "POST", targetURI: uri, headers: [:])
        #expect(try SignatureBase.value(of: "@authority", in: message) == authority)
        #expect(try SignatureBase.value(of: "@path", in: message) == path)
        #expect(try SignatureBase.value(of: "@query", in: message) == query)
    }

    @Test(
        "target URIs that are not plain absolute http(s) URIs are refused",
        arguments: [
            "/relative", "ftp://a.example/", "https://user@a.example/", "https://a.example/#frag",
            "https://a.example:99999/", "https:// a.example/", "https://a.example/caf\u{e9}", "https:///path",
        ])
    func badTargetURIs(uri: String) {
        let message = SignedMessage(method: "POST", targetURI: uri, headers: [:])
        #expect(throws: SignatureRefusal.malformed) { try SignatureBase.value(of: "@authority", in: message) }
    }

    @Test("header values are trimmed, names match in any case, and a line break in a value is refused")
    func headerValues() throws {
        let message = SignedMessage(method: "POST", targetURI: "https://a.example/", headers: ["X-Thing": " \tone, two \t"])
        let parameters = SignatureParameters(components: ["x-thing"], created: 1, keyID: "k")
        #expect(
            try HTTPSignature.signatureBase(for: message, parameters: parameters)
                == "\"x-thing\": one, two\n\"@signature-params\": (\"x-thing\");created=1;keyid=\"k\"")

        let injected = SignedMessage(
            method: "POST", targetURI: "https://a.example/", headers: ["x-thing": "a\n\"@method\": GET"])
        #expect(throws: SignatureRefusal.malformed) { try HTTPSignature.signatureBase(for: injected, parameters: parameters) }
        let absent = SignedMessage(method: "POST", targetURI: "https://a.example/", headers: [:])
        #expect(throws: SignatureRefusal.missingComponent) {
            try HTTPSignature.signatureBase(for: absent, parameters: parameters)
        }
    }

    @Test("signing refuses what it cannot write truthfully")
    func signingRefusals() {
        let message = Self.rfcRequest
        var parameters = Self.rfcParameters
        #expect(throws: SignatureRefusal.malformed) {
            try HTTPSignature.sign(message, parameters: parameters, label: "Sig", key: Self.rfcPrivateKey)
        }
        parameters.algorithm = "rsa-pss-sha512"
        #expect(throws: SignatureRefusal.missingParameter) {
            try HTTPSignature.sign(message, parameters: parameters, key: Self.rfcPrivateKey)
        }
        parameters = Self.rfcParameters
        parameters.keyID = "caf\u{e9}"
        #expect(throws: SignatureRefusal.malformed) {
            try HTTPSignature.sign(message, parameters: parameters, key: Self.rfcPrivateKey)
        }
        parameters = Self.rfcParameters
        parameters.components = ["@method", "@method"]
        #expect(throws: SignatureRefusal.malformed) {
            try HTTPSignature.sign(message, parameters: parameters, key: Self.rfcPrivateKey)
        }
    }
}
