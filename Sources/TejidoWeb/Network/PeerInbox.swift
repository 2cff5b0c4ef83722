@preconcurrency import Crypto
import Foundation
import NIOCore
import TejidoCore
import Vapor

/// Checks a request from another instance, in order: the body within its limit, the signature
/// (RFC 9421, by a key the caller names), the body against its digest (RFC 9530), and the nonce
/// against the replay cache. Any failure is counted and answered 404.
struct PeerInbox {
    let req: Request
    let env: PeerEnvironment

    init(_ req: Request) {
        self.req = req
        env = PeerEnvironment(
            database: req.db, keys: req.services.keys, config: req.services.config, now: req.now, logger: req.logger)
    }

    var ledger: PeerLedger { PeerLedger(database: env.database, now: env.now) }

    /// Counts a refusal; the error to throw, which every peer route answers as a plain 404.
    /// Counting is a write: past a few hundred refusals a minute from one address, the rest of
    /// that minute is answered without counting, so junk cannot be turned into disk work.
    func refuse(_ reason: PeerRefusal, connection: UUID?) async -> any Error {
        if req.application.peerThrottle.allow("refusals:" + req.clientAddress, now: env.now) {
            await ledger.refused(reason, connection: connection)
        }
        return TejidoError.notFound
    }

    /// The address the sender signed: this instance's public address and the path asked for.
    /// Without a public address, this instance is on no network and every peer route is 404.
    private func targetURI() async throws -> String {
        guard let base = env.config.publicURL else { throw await refuse(.unknownConnection, connection: nil) }
        var uri = base.value + req.url.path
        if let query = req.url.query { uri += "?" + query }
        return uri
    }

    private func body(limit: Int, connection: UUID?) async throws -> Data {
        do {
            guard let buffer = try await req.body.collect(max: limit).get() else { return Data() }
            return Data(buffer.readableBytesView)
        } catch {
            throw await refuse(.oversized, connection: connection)
        }
    }

    /// A verified body from a paired peer, whose keys `key` looks up by key id.
    func verified(
        limit: Int, connection: PeerConnection, key: (String) -> Curve25519.Signing.PublicKey?
    ) async throws -> (Data, String) {
        let data = try await body(limit: limit, connection: connection.id)
        let verified = try await check(data, connection: connection.id, key: key)
        return (data, verified.parameters.keyID)
    }

    /// A pairing request, signed by the keys it carries itself: the invitation's address is what
    /// admits it, and the signature binds the request to those keys.
    func selfSigned<T: Codable>(
        _ type: T.Type, limit: Int, keys: (T) -> PeerPublicKeys
    ) async throws -> (T, VerifiedSignature) {
        let data = try await body(limit: limit, connection: nil)
        guard let value = try? StrictJSON.decode(T.self, from: data) else {
            throw await refuse(.invalidBody, connection: nil)
        }
        let offered = keys(value)
        let verified = try await check(data, connection: nil) { keyID in
            keyID == offered.fingerprint.hex ? offered.signing : nil
        }
        return (value, verified)
    }

    private func check(
        _ data: Data, connection: UUID?, key: (String) -> Curve25519.Signing.PublicKey?
    ) async throws -> VerifiedSignature {
        var headers: [String: String] = [:]
        for (name, value) in req.headers {
            let lower = name.lowercased()
            headers[lower] = headers[lower].map { $0 + ", " + value } ?? value
        }
        let message = SignedMessage(method: req.method.rawValue, targetURI: try await targetURI(), headers: headers)
        let verified: VerifiedSignature
        switch HTTPSignature.verify(message, policy: .peer, now: Int(env.now.timeIntervalSince1970), key: key) {
        case .success(let result): verified = result
        case .failure(let refusal): throw await refuse(Self.reason(refusal), connection: connection)
        }
        guard ContentDigest.matches(headers["content-digest"], body: data) else {
            throw await refuse(.digestMismatch, connection: connection)
        }
        guard let nonce = verified.parameters.nonce, let expires = verified.parameters.expires,
            await ledger.firstUse(
                keyID: verified.parameters.keyID, nonce: nonce,
                until: Date(timeIntervalSince1970: TimeInterval(expires + SignaturePolicy.peer.clockSkew)))
        else { throw await refuse(.replay, connection: connection) }
        return verified
    }

    static func reason(_ refusal: SignatureRefusal) -> PeerRefusal {
        switch refusal {
        case .unsigned: .unsigned
        case .malformed, .missingComponent, .missingParameter, .lifetimeTooLong: .malformedSignature
        case .unknownKey: .unknownKey
        case .badSignature: .badSignature
        case .expired: .expired
        case .notYetValid: .notYetValid
        }
    }

    func json(_ data: Data, status: HTTPStatus) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: status, headers: headers, body: .init(data: data))
    }

    /// A reply signed for the request it answers (`SignedReply`).
    func signedReply<T: Encodable>(_ value: T, verified: VerifiedSignature) throws -> Response {
        let reply = try SignedReply.sign(
            value, answering: env.config.publicURL!.value + req.url.path, nonce: verified.parameters.nonce ?? "",
            with: env.keys.current.identity.signingKey)
        return json(try JSONEncoder().encode(reply), status: .ok)
    }
}
