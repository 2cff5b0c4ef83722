@preconcurrency import Crypto
import Foundation

/// How this instance proves itself to the instances it is paired with: an Ed25519 key that signs
/// every request it sends and an X25519 key for sealing to it. Both are derived from the instance
/// key (separate HKDF purposes), so they live in the key file, are backed up with it, and change
/// when `tejido keys rotate` puts a new instance key first.
public struct InstanceIdentity: Sendable {
    public let signingKey: Curve25519.Signing.PrivateKey
    public let agreementKey: Curve25519.KeyAgreement.PrivateKey

    public init(instanceKey: InstanceKey) {
        let signingSeed = instanceKey.derived(.peerSigning).withUnsafeBytes { Data($0) }
        let agreementSeed = instanceKey.derived(.peerAgreement).withUnsafeBytes { Data($0) }
        // A 32-byte seed is always a valid key for both curves.
        signingKey = try! Curve25519.Signing.PrivateKey(rawRepresentation: signingSeed)
        agreementKey = try! Curve25519.KeyAgreement.PrivateKey(rawRepresentation: agreementSeed)
    }

    public var publicKeys: PeerPublicKeys {
        PeerPublicKeys(signing: signingKey.publicKey, agreement: agreementKey.publicKey)
    }
}

/// The two public keys an instance shows its peers, and the fingerprint that names them.
public struct PeerPublicKeys: Sendable, Equatable, Codable {
    public let signing: Curve25519.Signing.PublicKey
    public let agreement: Curve25519.KeyAgreement.PublicKey

    public init(signing: Curve25519.Signing.PublicKey, agreement: Curve25519.KeyAgreement.PublicKey) {
        self.signing = signing
        self.agreement = agreement
    }

    /// From their base64 raw forms, as a peer document or request carries them; nil if either is
    /// not a 32-byte key.
    public init?(signing: String, agreement: String) {
        guard let s = Data(base64Encoded: signing), s.count == 32, let a = Data(base64Encoded: agreement), a.count == 32,
            let signingKey = try? Curve25519.Signing.PublicKey(rawRepresentation: s),
            let agreementKey = try? Curve25519.KeyAgreement.PublicKey(rawRepresentation: a)
        else { return nil }
        self.init(signing: signingKey, agreement: agreementKey)
    }

    public var signingBase64: String { signing.rawRepresentation.base64EncodedString() }
    public var agreementBase64: String { agreement.rawRepresentation.base64EncodedString() }

    /// SHA-256 over a label and both keys: one value to compare for the pair, so neither key can be
    /// swapped alone. Used as the key id in every signature.
    public var fingerprint: PeerFingerprint {
        var data = Data("tejido.peer-fingerprint.v1".utf8)
        data.append(signing.rawRepresentation)
        data.append(agreement.rawRepresentation)
        return PeerFingerprint(bytes: Data(SHA256.hash(data: data)))
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.signing.rawRepresentation == rhs.signing.rawRepresentation
            && lhs.agreement.rawRepresentation == rhs.agreement.rawRepresentation
    }

    enum CodingKeys: String, CodingKey { case signing, agreement }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard
            let keys = PeerPublicKeys(
                signing: try container.decode(String.self, forKey: .signing),
                agreement: try container.decode(String.self, forKey: .agreement))
        else {
            throw DecodingError.dataCorruptedError(forKey: .signing, in: container, debugDescription: "not a key")
        }
        self = keys
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(signingBase64, forKey: .signing)
        try container.encode(agreementBase64, forKey: .agreement)
    }
}

/// A fingerprint: 32 bytes, written as 64 lower-case hex digits, shown to people in sixteen groups
/// of four so two admins can read it to each other.
public struct PeerFingerprint: Sendable, Hashable, Codable, CustomStringConvertible {
    public let hex: String

    init(bytes: Data) { hex = bytes.map { String(format: "%02x", $0) }.joined() }

    /// Accepts the hex form with or without the spaces of the readable one.
    public init?(_ text: String) {
        let compact = text.lowercased().filter { !$0.isWhitespace }
        guard compact.count == 64, compact.allSatisfy({ $0.isHexDigit && $0.isASCII }) else { return nil }
        hex = compact
    }

    public var readable: String {
        stride(from: 0, to: hex.count, by: 4).map { offset -> String in
            let start = hex.index(hex.startIndex, offsetBy: offset)
            return String(hex[start..<hex.index(start, offsetBy: 4)])
        }.joined(separator: " ")
    }

    public var description: String { hex }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = PeerFingerprint(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a fingerprint"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }
}

extension InstanceKeyRing {
    /// The identity of the current key, which signs everything sent.
    public var identity: InstanceIdentity { InstanceIdentity(instanceKey: current) }

    /// Every identity the key file still holds, current first: a peer that has not yet heard of a
    /// rotation still reaches us under the previous one.
    public var identities: [InstanceIdentity] { keys.map(InstanceIdentity.init(instanceKey:)) }
}
