@preconcurrency import Crypto
import Foundation

/// The body of a reply that carries something the asker must be able to trust (the peer document
/// while pairing, the connection id the inviter drew). Requests are signed with HTTP Message
/// Signatures; a reply is signed here instead, bound to the request it answers by the request's
/// address and nonce, so a reply cannot be replayed to another request.
public struct SignedReply: Codable, Sendable, Equatable {
    /// The reply's JSON, base64, exactly as signed.
    public let payload: String
    public let signature: String

    static func signedBytes(payload: Data, requestURI: String, requestNonce: String) -> Data {
        Data("tejido.peer-reply.v1\n\(requestURI)\n\(requestNonce)\n".utf8) + payload
    }

    public static func sign<T: Encodable>(
        _ value: T, answering requestURI: String, nonce: String, with key: Curve25519.Signing.PrivateKey
    ) throws -> SignedReply {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let payload = try encoder.encode(value)
        let signature = try key.signature(for: signedBytes(payload: payload, requestURI: requestURI, requestNonce: nonce))
        return SignedReply(payload: payload.base64EncodedString(), signature: signature.base64EncodedString())
    }

    /// The payload, decoded strictly, if and only if `key` signed it for this request.
    public func open<T: Codable>(
        _ type: T.Type, answering requestURI: String, nonce: String, key: Curve25519.Signing.PublicKey
    ) -> T? {
        guard let payload = Data(base64Encoded: payload), let signature = Data(base64Encoded: signature),
            key.isValidSignature(signature, for: Self.signedBytes(payload: payload, requestURI: requestURI, requestNonce: nonce))
        else { return nil }
        return try? StrictJSON.decode(T.self, from: payload)
    }

    /// The payload before its signature is checked: only to learn the key it claims to be signed
    /// with (the peer document), which the caller then checks against a fingerprint it already had.
    public func unverifiedPayload<T: Codable>(_ type: T.Type) -> T? {
        Data(base64Encoded: payload).flatMap { try? StrictJSON.decode(T.self, from: $0) }
    }
}
