import Foundation
import Testing

@testable import TejidoCore

@Suite("Content-Digest (RFC 9530)")
struct ContentDigestTests {
    let body = Data(#"{"hello": "world"}"#.utf8)
    // RFC 9421 Appendix B.2's test request carries this digest of the same body.
    let rfcSHA512 = "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:"

    @Test("the RFC 9530 example body gives the published sha-256 digest")
    func rfcSHA256() {
        #expect(ContentDigest.header(for: body) == "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:")
        #expect(ContentDigest.matches(ContentDigest.header(for: body), body: body))
    }

    @Test("the RFC 9421 test request's sha-512 digest matches its body")
    func rfcSHA512Matches() {
        #expect(ContentDigest.matches(rfcSHA512, body: body))
        #expect(!ContentDigest.matches(rfcSHA512, body: Data(#"{"hello": "world!"}"#.utf8)))
    }

    @Test("several digests must all match; unknown algorithms are passed over but prove nothing alone")
    func severalAlgorithms() {
        let sha256 = ContentDigest.header(for: body)
        #expect(ContentDigest.matches("\(sha256), \(rfcSHA512)", body: body))
        #expect(ContentDigest.matches("md5=:AAAA:, \(sha256)", body: body))
        #expect(!ContentDigest.matches("md5=:AAAA:", body: body))
        #expect(!ContentDigest.matches("\(ContentDigest.header(for: Data("x".utf8))), \(rfcSHA512)", body: body))
    }

    @Test(
        "absent, malformed or mistyped headers never match",
        arguments: [
            nil, "", "sha-256", "sha-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=",
            #"sha-256="X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=""#,
            "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=", "SHA-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:",
            "sha-256=(:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:)",
            "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:, sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:",
        ])
    func refused(_ header: String?) {
        #expect(!ContentDigest.matches(header, body: body))
    }

    @Test("an empty body has a digest too")
    func emptyBody() {
        #expect(ContentDigest.header(for: Data()) == "sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:")
    }
}
