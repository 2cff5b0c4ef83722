import AsyncHTTPClient
@preconcurrency import Crypto
import Foundation
import NIOCore
import NIOHTTP1
import TejidoCore

/// Sends signed requests to other instances. Every request is a POST of JSON, signed with
/// HTTP Message Signatures over the method, the full address, the content type and the body's
/// digest, with a short expiry and a fresh nonce. Redirects are never followed (the client is
/// configured so in `configure`), and a reply is read only up to a limit.
struct PeerClient: Sendable {
    let http: HTTPClient
    let identity: InstanceIdentity
    let now: Date

    /// A signature is good for a minute: long enough for a slow network, short enough that a
    /// captured request is soon useless even before its nonce is checked.
    static let signatureLifetime = 60
    static let replyLimit = 1 << 20

    struct Reply: Sendable {
        let status: Int
        let body: Data
        /// The nonce the request was signed with, which a signed reply is bound to.
        let nonce: String
    }

    enum Problem: Error, Equatable, Sendable {
        /// No answer: the address did not resolve, refused the connection, or timed out.
        case unreachable
        /// The peer answered with this status (404: it does not know us, or has paused or ended).
        case refused(Int)
        /// An answer that is not what the protocol says it should be.
        case badReply
    }

    /// The headers that sign `body` for `url` now.
    func signedHeaders(url: String, body: Data, nonce: String) throws -> [(String, String)] {
        let digest = ContentDigest.header(for: body)
        let message = SignedMessage(
            method: "POST", targetURI: url, headers: ["content-type": "application/json", "content-digest": digest])
        let created = Int(now.timeIntervalSince1970)
        let parameters = SignatureParameters(
            components: SignaturePolicy.peer.requiredComponents, created: created,
            expires: created + Self.signatureLifetime, nonce: nonce, keyID: identity.publicKeys.fingerprint.hex,
            algorithm: "ed25519", tag: "tejido-peer")
        let signature = try HTTPSignature.sign(message, parameters: parameters, label: "sig1", key: identity.signingKey)
        return [
            ("Content-Type", "application/json"), ("Content-Digest", digest),
            ("Signature-Input", signature.signatureInput), ("Signature", signature.signature),
        ]
    }

    func post(_ url: String, body: Data, timeout: TimeAmount = .seconds(20)) async throws -> Reply {
        let nonce = SecretToken.generate().value
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for (name, value) in try signedHeaders(url: url, body: body, nonce: nonce) {
            request.headers.add(name: name, value: value)
        }
        request.headers.add(name: "User-Agent", value: "Tejido")
        request.body = .bytes(ByteBuffer(bytes: body))
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, timeout: timeout)
        } catch {
            throw Problem.unreachable
        }
        let bytes: ByteBuffer
        do {
            bytes = try await response.body.collect(upTo: Self.replyLimit)
        } catch {
            throw Problem.badReply
        }
        let status = Int(response.status.code)
        guard (200..<300).contains(status) else { throw Problem.refused(status) }
        return Reply(status: status, body: Data(bytes.readableBytesView), nonce: nonce)
    }

    /// Posts a message and reads its signed reply, checked against `key`.
    func exchange<T: Codable>(
        _ url: String, body: Data, reply type: T.Type, key: Curve25519.Signing.PublicKey
    ) async throws -> T {
        let reply = try await post(url, body: body)
        guard let signed = try? StrictJSON.decode(SignedReply.self, from: reply.body),
            let value = signed.open(T.self, answering: url, nonce: reply.nonce, key: key)
        else { throw Problem.badReply }
        return value
    }
}
