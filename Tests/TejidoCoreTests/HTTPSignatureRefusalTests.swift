@preconcurrency import Crypto
import Foundation
import Testing

@testable import TejidoCore

/// A peer request signed under `.peer`, then every way it must be refused.
@Suite("HTTP message signatures: refusals")
struct HTTPSignatureRefusalTests {
    let key = try! Curve25519.Signing.PrivateKey(rawRepresentation: Data(repeating: 7, count: 32))
    let now = 1_750_000_000
    let body = Data(#"{"kind":"directory-entry"}"#.utf8)

    var unsigned: SignedMessage {
        SignedMessage(
            method: "POST", targetURI: "https://b.example/peer/v1/c/42/protocol",
            headers: ["Content-Type": "application/json", "Content-Digest": ContentDigest.header(for: body)])
    }

    func peerParameters(created: Int? = nil, lifetime: Int = 60) -> SignatureParameters {
        .peer(keyID: "instance-a", created: created ?? now, nonce: "n-0001", lifetime: lifetime)
    }

    func signed(_ parameters: SignatureParameters? = nil, label: String = "sig1") throws -> SignedMessage {
        var message = unsigned
        let headers = try HTTPSignature.sign(message, parameters: parameters ?? peerParameters(), label: label, key: key)
        message.headers[SignatureHeaders.signatureInputName] = headers.signatureInput
        message.headers[SignatureHeaders.signatureName] = headers.signature
        return message
    }

    /// Signs a hand-written Inner List, for what `sign` itself refuses to write.
    func signedByHand(_ innerList: String, components: [String]) throws -> SignedMessage {
        var message = unsigned
        let base = try SignatureBase.build(message, components: components, signatureParams: innerList)
        let signature = try key.signature(for: Data(base.utf8)).base64EncodedString()
        message.headers["Signature-Input"] = "sig1=" + innerList
        message.headers["Signature"] = "sig1=:\(signature):"
        return message
    }

    func verify(
        _ message: SignedMessage, policy: SignaturePolicy = .peer, at time: Int? = nil
    )
        -> Result<VerifiedSignature, SignatureRefusal>
    {
        HTTPSignature.verify(message, policy: policy, now: time ?? now) { [key] in
            $0 == "instance-a" ? key.publicKey : nil
        }
    }

    @Test("a peer request round-trips and reports its label and parameters")
    func roundTrip() throws {
        let parameters = peerParameters()
        #expect(try verify(signed(parameters)) == .success(VerifiedSignature(label: "sig1", parameters: parameters)))
        #expect(parameters.components == ["@method", "@target-uri", "content-type", "content-digest"])
    }

    @Test("no Signature or Signature-Input is unsigned")
    func unsignedRequests() throws {
        #expect(verify(unsigned) == .failure(.unsigned))
        var onlyInput = try signed()
        onlyInput.headers["Signature"] = nil
        #expect(verify(onlyInput) == .failure(.unsigned))
        var emptyFields = unsigned
        emptyFields.headers["Signature-Input"] = ""
        emptyFields.headers["Signature"] = ""
        #expect(verify(emptyFields) == .failure(.unsigned))
    }

    @Test(
        "a hostile Signature-Input is malformed",
        arguments: [
            "", "sig1=", "sig1=(", #"sig1=("@method""#, #"sig1=(@method);created=1;keyid="instance-a""#,
            #"sig1=("@method");created=abc;keyid="instance-a""#, #"sig1=("@method");created="1";keyid="instance-a""#,
            #"sig1=("@method");created=1.5;keyid="instance-a""#, #"sig1=("@method");created=1;created=2;keyid="k""#,
            #"sig1=("@method";sf);created=1;keyid="instance-a""#, #"sig1=("@method" "@method");created=1;keyid="k""#,
            #"sig1=("@status");created=1;keyid="k""#, #"sig1=("Content-Type");created=1;keyid="k""#,
            #"Sig1=("@method");created=1;keyid="k""#, #"sig1=("@method");created=1;keyid="k","#,
            #"sig1=("@method");created=1;keyid="caf\#u{e9}""#, #"sig1=("@method");created=1;keyid=k"#,
            #"sig1=("@method");created=1;keyid="k", sig2=("@method");created=1;keyid="k""#,
            #"sig2=("@method");created=1;keyid="k""#, #"sig1="@method";created=1;keyid="k""#,
            #"sig1=("@method");created=9999999999999999;keyid="k""#, #"sig1=("@method");created=1;keyid="a\"b"#,
        ])
    func hostileSignatureInput(_ field: String) throws {
        var message = try signed()
        message.headers["Signature-Input"] = field
        // An empty Signature-Input beside a Signature is not a missing signature but a broken one.
        #expect(verify(message) == .failure(.malformed))
    }

    @Test(
        "a hostile Signature is malformed",
        arguments: [
            "sig1=:not base64!:", "sig1=:AAAA:", "sig2=:AAAA:", #"sig1="text""#, "sig1=:AAAA", "sig1=(:AAAA:)",
            "sig1=:" + String(repeating: "A", count: 86) + "==:;x=1",
        ])
    func hostileSignature(_ field: String) throws {
        var message = try signed()
        message.headers["Signature"] = field
        #expect(verify(message) == .failure(.malformed))
    }

    @Test("the same header under two spellings is malformed, one spelling in any case is fine")
    func headerCase() throws {
        var message = try signed()
        message.headers["content-type"] = "application/json"
        #expect(verify(message) == .failure(.malformed))
        message = try signed()
        message.headers["CONTENT-TYPE"] = message.headers.removeValue(forKey: "Content-Type")
        #expect(try verify(message).get().label == "sig1")
    }

    @Test("content-digest not covered, or a covered header absent, is a missing component")
    func missingComponents() throws {
        var parameters = peerParameters()
        parameters.components = ["@method", "@target-uri", "content-type"]
        #expect(try verify(signed(parameters)) == .failure(.missingComponent))
        var message = try signed()
        message.headers["Content-Digest"] = nil
        #expect(verify(message) == .failure(.missingComponent))
    }

    @Test("a missing nonce, expires, keyid or tag, a wrong tag, or an algorithm other than ed25519 is refused")
    func missingParameters() throws {
        var noNonce = peerParameters()
        noNonce.nonce = nil
        #expect(try verify(signed(noNonce)) == .failure(.missingParameter))
        var noExpires = peerParameters()
        noExpires.expires = nil
        #expect(try verify(signed(noExpires)) == .failure(.missingParameter))
        var wrongTag = peerParameters()
        wrongTag.tag = "tejido-peer-2"
        #expect(try verify(signed(wrongTag)) == .failure(.missingParameter))
        var noAlgorithm = peerParameters()
        noAlgorithm.algorithm = nil
        #expect(try verify(signed(noAlgorithm)) == .failure(.missingParameter))

        let components = SignaturePolicy.peer.requiredComponents
        let list = #"("@method" "@target-uri" "content-type" "content-digest");created=\#(now);expires=\#(now + 60)"#
        let otherAlgorithm = try signedByHand(
            list + #";nonce="n";keyid="instance-a";alg="rsa-pss-sha512";tag="tejido-peer""#, components: components)
        #expect(verify(otherAlgorithm) == .failure(.missingParameter))
        #expect(verify(otherAlgorithm, policy: .rfcExample) == .failure(.missingParameter))
        let noKeyID = try signedByHand(list + #";nonce="n";alg="ed25519";tag="tejido-peer""#, components: components)
        #expect(verify(noKeyID) == .failure(.missingParameter))
    }

    @Test("parameters in the signer's own order, and ones we do not know, are verified as written")
    func receivedOrderKept() throws {
        let list =
            #"("@method" "@target-uri" "content-type" "content-digest");tag="tejido-peer";keyid="instance-a";"#
            + #"alg="ed25519";nonce="n";expires=\#(now + 60);created=\#(now);later"#
        let message = try signedByHand(list, components: SignaturePolicy.peer.requiredComponents)
        #expect(try verify(message).get().parameters == peerParameters().with(nonce: "n"))
    }

    @Test("an unknown key is refused before any signature check")
    func unknownKey() throws {
        let result = HTTPSignature.verify(try signed(), policy: .peer, now: now) { _ in nil }
        #expect(result == .failure(.unknownKey))
    }

    @Test("changing the target, method, content type or digest breaks the signature")
    func tampering() throws {
        var message = try signed()
        message.targetURI = "https://b.example/peer/v1/c/43/protocol"
        #expect(verify(message) == .failure(.badSignature))
        message = try signed()
        message.method = "PUT"
        #expect(verify(message) == .failure(.badSignature))
        message = try signed()
        message.headers["Content-Type"] = "text/plain"
        #expect(verify(message) == .failure(.badSignature))
        message = try signed()
        message.headers["Content-Digest"] = ContentDigest.header(for: Data("{}".utf8))
        #expect(verify(message) == .failure(.badSignature))

        // Another key's signature under our key id is as bad as a forged one.
        let other = try Curve25519.Signing.PrivateKey(rawRepresentation: Data(repeating: 8, count: 32))
        let wrongKey = HTTPSignature.verify(try signed(), policy: .peer, now: now) { _ in other.publicKey }
        #expect(wrongKey == .failure(.badSignature))
    }

    @Test("expired, future-dated and too-long-lived signatures are refused at the edge of the skew")
    func time() throws {
        let message = try signed()
        #expect(try verify(message, at: now + 60 + 60).get().label == "sig1")
        #expect(verify(message, at: now + 60 + 61) == .failure(.expired))
        #expect(try verify(message, at: now - 60).get().label == "sig1")
        #expect(verify(message, at: now - 61) == .failure(.notYetValid))
        #expect(try verify(signed(peerParameters(lifetime: 300))).get().label == "sig1")
        #expect(try verify(signed(peerParameters(lifetime: 301))) == .failure(.lifetimeTooLong))
    }

    @Test("several signatures are malformed unless the policy names the one to check")
    func severalSignatures() throws {
        var message = try signed()
        let second = try HTTPSignature.sign(message, parameters: peerParameters(), label: "proxy", key: key)
        message.headers["Signature-Input"]! += ", " + second.signatureInput
        message.headers["Signature"]! += ", " + second.signature
        #expect(verify(message) == .failure(.malformed))
        var policy = SignaturePolicy.peer
        policy.label = "proxy"
        #expect(try verify(message, policy: policy).get().label == "proxy")
        policy.label = "absent"
        #expect(verify(message, policy: policy) == .failure(.unsigned))
    }
}

extension SignatureParameters {
    fileprivate func with(nonce: String) -> SignatureParameters {
        var copy = self
        copy.nonce = nonce
        return copy
    }
}
