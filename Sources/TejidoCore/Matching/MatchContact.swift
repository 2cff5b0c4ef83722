@preconcurrency import Crypto
import Foundation

// After a match: the care teams of two (or more) survivors who named the same person find each
// other, only once each survivor has agreed (issue 19, item 3). Each side makes an X25519 key for
// that match alone and signs a card with its instance key: its collective's name and that key. The
// board, which knows only which records matched, keeps the cards and gives each side the cards of
// the others who agreed, sealed to its match key; notes between the care teams are HPKE-sealed
// from one match key to another, and the board relays them without being able to read them.

/// One side's card for one match, signed by its instance so the board cannot swap the key or the
/// name for its own: the receiver checks the signature against the key the circle's manifest pins.
public struct ContactCard: Codable, Sendable, Equatable {
    public let circle: UUID
    public let match: UUID
    /// The side's X25519 key for this match only, base64.
    public let key: String
    /// The name the collective goes by, as its care team will be known to the other.
    public let collective: String
    /// The instance's fingerprint, as the manifest names it.
    public let member: String
    /// Ed25519, by that member's signing key, over `signedBytes`; base64.
    public let signature: String

    public static let nameLimit = 120

    public init(
        circle: UUID, match: UUID, key: Curve25519.KeyAgreement.PublicKey, collective: String, member: String,
        signingKey: Curve25519.Signing.PrivateKey
    ) throws {
        self.circle = circle
        self.match = match
        self.key = key.rawRepresentation.base64EncodedString()
        self.collective = String(collective.prefix(Self.nameLimit))
        self.member = member
        signature = try signingKey.signature(
            for: Self.signedBytes(circle: circle, match: match, key: self.key, collective: self.collective, member: member)
        ).base64EncodedString()
    }

    static func signedBytes(circle: UUID, match: UUID, key: String, collective: String, member: String) -> Data {
        // Each part but the last has a fixed form or is base64, so joining them cannot be read two ways.
        Data("tejido.match-contact.v1|\(circle.uuidString)|\(match.uuidString)|\(key)|\(member)|\(collective)".utf8)
    }

    /// The card's key, if it is one.
    public var publicKey: Curve25519.KeyAgreement.PublicKey? {
        Data(base64Encoded: key).flatMap { try? Curve25519.KeyAgreement.PublicKey(rawRepresentation: $0) }
    }

    /// Whether this is a card for `match` in this manifest's circle, signed by the member it names.
    public func holds(in manifest: CircleManifest, match: UUID) -> Bool {
        guard circle == manifest.circle, self.match == match, publicKey != nil,
            !collective.isEmpty, collective.count <= Self.nameLimit,
            let member = manifest.member(self.member), let raw = Data(base64Encoded: member.signingKey),
            let signing = try? Curve25519.Signing.PublicKey(rawRepresentation: raw),
            let signature = Data(base64Encoded: signature)
        else { return false }
        return signing.isValidSignature(
            signature, for: Self.signedBytes(circle: circle, match: match, key: key, collective: collective, member: self.member))
    }

    /// As the board hands it to another side: sealed to that side's match key.
    public func sealed(to key: Curve25519.KeyAgreement.PublicKey) throws -> String {
        try PublicSeal.seal(JSONEncoder().encode(self), to: key, context: Self.context(circle: circle, match: match))
            .base64EncodedString()
    }

    public static func open(
        _ sealed: String, with key: Curve25519.KeyAgreement.PrivateKey, circle: UUID, match: UUID
    ) -> ContactCard? {
        guard let data = Data(base64Encoded: sealed),
            let plain = try? PublicSeal.open(data, with: key, context: context(circle: circle, match: match))
        else { return nil }
        return try? JSONDecoder().decode(ContactCard.self, from: plain)
    }

    static func context(circle: UUID, match: UUID) -> Data {
        Data("tejido.match-card.v1|\(circle.uuidString)|\(match.uuidString)".utf8)
    }
}

/// A note from one side's match key to another's: HPKE in authenticated mode, so the receiver
/// knows which card's holder wrote it, and only the holder of `to` can read it.
public struct ContactNote: Codable, Sendable, Equatable {
    public let from: String
    public let to: String
    /// HPKE's encapsulated key followed by the ciphertext, base64.
    public let sealed: String

    /// The longest note a care team may write, in characters, and in bytes (so a note of emoji or
    /// other long characters still fits what the board relays).
    public static let textLimit = 4000
    public static let byteLimit = 16_000

    public static func fits(_ text: String) -> Bool { text.count <= textLimit && text.utf8.count <= byteLimit }
    /// The longest `sealed` the board relays: the longest text in UTF-8, HPKE's overhead, base64.
    public static let sealedLimit = 24 * 1024

    public init(
        _ text: String, from key: Curve25519.KeyAgreement.PrivateKey, to recipient: Curve25519.KeyAgreement.PublicKey,
        circle: UUID, match: UUID
    ) throws {
        let info = Self.context(circle: circle, match: match)
        var sender = try HPKE.Sender(
            recipientKey: recipient, ciphersuite: .Curve25519_SHA256_ChachaPoly, info: info, authenticatedBy: key)
        let ciphertext = try sender.seal(Data(text.utf8), authenticating: info)
        from = key.publicKey.rawRepresentation.base64EncodedString()
        to = recipient.rawRepresentation.base64EncodedString()
        sealed = (sender.encapsulatedKey + ciphertext).base64EncodedString()
    }

    /// The text, if this note was written to `key` by the holder of `from`'s key in this match.
    public func open(with key: Curve25519.KeyAgreement.PrivateKey, circle: UUID, match: UUID) -> String? {
        guard to == key.publicKey.rawRepresentation.base64EncodedString(),
            let fromRaw = Data(base64Encoded: from),
            let sender = try? Curve25519.KeyAgreement.PublicKey(rawRepresentation: fromRaw),
            let data = Data(base64Encoded: sealed), data.count > 32
        else { return nil }
        let info = Self.context(circle: circle, match: match)
        guard
            var recipient = try? HPKE.Recipient(
                privateKey: key, ciphersuite: .Curve25519_SHA256_ChachaPoly, info: info,
                encapsulatedKey: Data(data.prefix(32)), authenticatedBy: sender),
            let plain = try? recipient.open(Data(data.dropFirst(32)), authenticating: info)
        else { return nil }
        return String(data: plain, encoding: .utf8)
    }

    static func context(circle: UUID, match: UUID) -> Data {
        Data("tejido.match-note.v1|\(circle.uuidString)|\(match.uuidString)".utf8)
    }
}

/// `contact`: a home instance tells the board, about one of its matched records, that its survivor
/// agrees to put the care teams in touch (`card`), hands it a note for another side (`note`), or
/// takes her agreement back (`withdraw`). Exactly one of the three.
public struct ContactMessage: Codable, Sendable, Equatable {
    public let circle: UUID
    public let record: UUID
    public let card: ContactCard?
    public let note: ContactNote?
    public let withdraw: Bool

    public init(circle: UUID, record: UUID, card: ContactCard? = nil, note: ContactNote? = nil, withdraw: Bool = false) {
        self.circle = circle
        self.record = record
        self.card = card
        self.note = note
        self.withdraw = withdraw
    }

    /// Exactly one thing asked.
    public var isWellFormed: Bool { [card != nil, note != nil, withdraw].filter { $0 }.count == 1 }
}

/// `relay`: the board hands a home instance, for one of its matched records, the cards of the
/// other sides that agreed (each sealed to the receiver's match key, with that side's key beside it
/// so a resend is recognised without opening it), the notes written to it, and the keys of sides
/// that are gone (her entry withdrawn, or her agreement taken back): nothing more reaches them.
public struct ContactRelay: Codable, Sendable, Equatable {
    public struct SealedCard: Codable, Sendable, Equatable {
        public let key: String
        public let sealed: String
        public init(key: String, sealed: String) {
            self.key = key
            self.sealed = sealed
        }
    }

    public let circle: UUID
    public let record: UUID
    public let cards: [SealedCard]
    public let notes: [ContactNote]
    public let gone: [String]

    public init(circle: UUID, record: UUID, cards: [SealedCard] = [], notes: [ContactNote] = [], gone: [String] = []) {
        self.circle = circle
        self.record = record
        self.cards = cards
        self.notes = notes
        self.gone = gone
    }
}
