import Foundation

// What instances send each other while pairing and to keep a connection, as JSON. The OpenAPI
// document in `docs/peer-api.json` describes these; a test holds the two together.

/// The first thing a joining instance sends to an invitation's address: who is asking, so the
/// request's signature can be checked before anything is answered.
public struct PeerHello: Codable, Sendable, Equatable {
    public let keys: PeerPublicKeys
    public init(keys: PeerPublicKeys) { self.keys = keys }
}

/// The inviter's signed answer: its keys (whose fingerprint must be the invitation's) and the
/// name of the collective that invites.
public struct PeerDocument: Codable, Sendable, Equatable {
    public let version: Int
    public let keys: PeerPublicKeys
    public let collective: String
    public let expires: Int

    public init(keys: PeerPublicKeys, collective: String, expires: Date) {
        version = 1
        self.keys = keys
        self.collective = collective
        self.expires = Int(expires.timeIntervalSince1970)
    }
}

/// The joining instance asks to pair, proving it holds the invitation's secret.
public struct PairRequest: Codable, Sendable, Equatable {
    public let base: PeerBaseURL
    public let keys: PeerPublicKeys
    public let collective: String
    /// What the joining side takes from the inviter, to begin with.
    public let accepts: [PeerScope]
    /// The joiner's random part of the pairing code.
    public let nonce: String
    public let proof: String

    public init(
        base: PeerBaseURL, keys: PeerPublicKeys, collective: String, accepts: [PeerScope], nonce: String, proof: String
    ) {
        self.base = base
        self.keys = keys
        self.collective = collective
        self.accepts = accepts
        self.nonce = nonce
        self.proof = proof
    }
}

/// The inviter's signed answer to a pair request: the connection's id, drawn by the inviter.
public struct PairReply: Codable, Sendable, Equatable {
    public let connection: UUID
    public let collective: String
    /// The inviter's nonce, whose commitment the invitation carried.
    public let reveal: String

    public init(connection: UUID, collective: String, reveal: String) {
        self.connection = connection
        self.collective = collective
        self.reveal = reveal
    }
}

/// `accepted` and `scopes`: what the sender takes from now on.
public struct ScopesNotice: Codable, Sendable, Equatable {
    public let accepts: [PeerScope]
    public init(accepts: Set<PeerScope>) { self.accepts = accepts.sorted() }
}

/// `ended`: the sender ended the connection. Nothing else to say.
public struct EndedNotice: Codable, Sendable, Equatable {
    public init() {}
}

/// `keys`: the sender rotated its instance key. Signed (as a request) by the old identity; the
/// proof is the new signing key's signature over the connection and the old fingerprint, so
/// both keys vouch for the change.
public struct KeysNotice: Codable, Sendable, Equatable {
    public let keys: PeerPublicKeys
    public let proof: String

    public init(keys: PeerPublicKeys, proof: String) {
        self.keys = keys
        self.proof = proof
    }

    public static func provenBytes(connection: UUID, previous: PeerFingerprint) -> Data {
        Data("tejido.peer-keys.v1\n\(connection.uuidString.lowercased())\n\(previous.hex)".utf8)
    }
}

/// The answer to every message that needs no other: received and applied.
public struct PeerAck: Codable, Sendable, Equatable {
    public let ok: Bool
    public init() { ok = true }
}

/// Text that arrives from another instance (a collective's name, a field of a shared entry):
/// trimmed, no control characters, within a length. Anything else is refused as a bad body.
public enum PeerText {
    public static func checked(_ text: String, maximum: Int, allowNewlines: Bool = false) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= maximum else { return nil }
        let bad = trimmed.unicodeScalars.contains { scalar in
            if allowNewlines, scalar == "\n" { return false }
            return CharacterSet.controlCharacters.contains(scalar) || (0x202A...0x202E).contains(scalar.value)
                || (0x2066...0x2069).contains(scalar.value)
        }
        return bad ? nil : trimmed
    }
}
