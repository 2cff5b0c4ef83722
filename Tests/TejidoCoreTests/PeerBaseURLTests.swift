import Foundation
import Testing

@testable import TejidoCore

@Suite("Addresses of peers")
struct PeerBaseURLTests {
    @Test("https only, no user, query or fragment; normalised")
    func shape() {
        #expect(PeerBaseURL("HTTPS://Tejido.Example.org/", allowPlainHTTP: false)?.value == "https://tejido.example.org")
        #expect(PeerBaseURL("https://tejido.example.org/red/", allowPlainHTTP: false)?.value == "https://tejido.example.org/red")
        for bad in [
            "http://tejido.example.org", "https://u:p@tejido.example.org", "https://tejido.example.org/?a=1",
            "https://tejido.example.org/#x", "ftp://tejido.example.org", "https://", "tejido.example.org",
        ] {
            #expect(PeerBaseURL(bad, allowPlainHTTP: false) == nil, "\(bad)")
        }
    }

    @Test("never this machine or a private network, outside the test setting")
    func internalAddresses() {
        for host in [
            "localhost", "127.0.0.1", "10.0.0.5:8443", "172.16.3.4", "192.168.1.1", "169.254.169.254", "0.0.0.0",
            "[::1]", "[fd00::1]", "[fe80::1]", "2130706433", "router.local", "100.64.0.1",
        ] {
            #expect(PeerBaseURL("https://\(host)", allowPlainHTTP: false) == nil, "\(host)")
        }
        #expect(PeerBaseURL("https://172.32.0.1", allowPlainHTTP: false) != nil)
        #expect(PeerBaseURL("http://127.0.0.1:8181", allowPlainHTTP: true) != nil, "the test setting allows loopback")
    }
}

@Suite("The pairing code")
struct PairingCodeTests {
    @Test("both sides' nonces and fingerprints change it; the commitment binds the inviter's nonce")
    func code() {
        let a = InstanceIdentity(instanceKey: .generate()).publicKeys.fingerprint
        let b = InstanceIdentity(instanceKey: .generate()).publicKeys.fingerprint
        let base = PairingCode.code(inviter: a, joiner: b, inviterNonce: "x", joinerNonce: "y")
        #expect(base.count == 9 && base.filter(\.isNumber).count == 8)
        #expect(base == PairingCode.code(inviter: a, joiner: b, inviterNonce: "x", joinerNonce: "y"))
        #expect(base != PairingCode.code(inviter: a, joiner: b, inviterNonce: "x2", joinerNonce: "y"))
        #expect(base != PairingCode.code(inviter: a, joiner: b, inviterNonce: "x", joinerNonce: "y2"))
        #expect(base != PairingCode.code(inviter: b, joiner: a, inviterNonce: "x", joinerNonce: "y"))
        #expect(PairingCode.commitment(to: "x") != PairingCode.commitment(to: "x2"))
    }
}

@Suite("Reading a pasted invitation")
struct PairingInvitationReadingTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func invitation() -> PairingInvitation {
        PairingInvitation(
            base: PeerBaseURL("https://tejido.example.org", allowPlainHTTP: false)!, token: SecretToken.generate().value,
            fingerprint: InstanceIdentity(instanceKey: .generate()).publicKeys.fingerprint,
            secret: SecretToken.generate().value, commitment: PairingCode.commitment(to: "n"),
            expires: now.addingTimeInterval(3600))
    }

    @Test("what a message wraps around it is ignored: words before and after, any case, line breaks, quotes and brackets")
    func wrapped() throws {
        let invitation = Self.invitation()
        let text = invitation.text
        let body = String(text.dropFirst(PairingInvitation.prefix.count))
        let half = body.index(body.startIndex, offsetBy: body.count / 2)
        for pasted in [
            text, "  \(text)\n", "Here it is: \(text).", "\"\(text)\"", "<\(text)>",
            "TEJIDO-PAIR-1:" + body, "Tejido-Pair-1: " + body[..<half] + "\n" + body[half...],
            "\(text) thanks, call me", "«\(text)» gracias\nAna", "See: \(text). Bye",
        ] {
            let read = try PairingInvitation.read(pasted, now: Self.now, allowPlainHTTP: false).get()
            #expect(read == invitation, "\(pasted)")
        }
    }

    @Test("cut short, not an invitation, or past its expiry: refused with the reason")
    func refused() {
        let text = Self.invitation().text
        #expect(PairingInvitation.read(String(text.dropLast(12)), now: Self.now, allowPlainHTTP: false) == .failure(.malformed))
        #expect(
            PairingInvitation.read("tejido-pair-2:" + text.dropFirst(14), now: Self.now, allowPlainHTTP: false)
                == .failure(.malformed))
        #expect(PairingInvitation.read("hello", now: Self.now, allowPlainHTTP: false) == .failure(.malformed))
        #expect(
            PairingInvitation.read(text, now: Self.now.addingTimeInterval(7200), allowPlainHTTP: false) == .failure(.expired))
    }
}
