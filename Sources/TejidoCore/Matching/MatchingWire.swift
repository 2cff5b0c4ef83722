@preconcurrency import Crypto
import Foundation
@preconcurrency import _CryptoExtras

// What instances send each other for repeat-harm matching, besides forming the circle
// (`CircleMessage`). All under the `matching` scope of a connection, signed as every peer message.

/// `evaluate`: a home instance asks a key holder to evaluate an entry's blinded elements (one
/// per identifier, all at once). Each answer's proof is checked against the key the manifest pins,
/// so a wrong key or a forged answer stops the cascade; the reply says how many evaluations the
/// asking instance has used today (each element counts as one).
public struct EvaluationRequest: Codable, Sendable, Equatable {
    public let circle: UUID
    public let version: Int
    /// The blinded elements, base64 (RFC 9497 serialization): one entry's worth at most.
    public let blinded: [String]

    public init(circle: UUID, version: Int, blinded: [Data]) {
        self.circle = circle
        self.version = version
        self.blinded = blinded.map { $0.base64EncodedString() }
    }

    public static let elementLimit = MatchingEntryLimits.identifiersPerEntry
}

public struct EvaluationReply: Codable, Sendable, Equatable {
    /// The blind evaluations with their proofs, base64, in the request's order; nil when refused
    /// (`refused` says why).
    public let evaluations: [String]?
    public let refused: Refusal?
    public let usedToday: Int
    public let limit: Int

    public enum Refusal: String, Codable, Sendable {
        /// The asking instance used its evaluations for today.
        case quota
        /// The circle, or this version of it, is not active here.
        case circle
        /// A blinded element did not parse, or there were none, or more than an entry's worth.
        case element
    }

    public init(evaluations: [Data]?, refused: Refusal?, usedToday: Int, limit: Int) {
        self.evaluations = evaluations?.map { $0.base64EncodedString() }
        self.refused = refused
        self.usedToday = usedToday
        self.limit = limit
    }
}

/// `board`: a home instance's records for the board, and the ones it withdraws. Records carry no
/// case, no survivor's account and no identifier: a random id, a tag, a pseudonym for the survivor
/// that only this circle's board sees, her threshold, the week it was filed and when her consent
/// ends (the board forgets the record then, even if the home instance is gone).
public struct BoardMessage: Codable, Sendable, Equatable {
    public struct Record: Codable, Sendable, Equatable {
        public let id: UUID
        public let tag: String
        public let survivor: String
        public let threshold: Int
        /// Monday (UTC) of the week it was filed, as seconds since 1970: the finest time the board keeps.
        public let week: Int
        public let until: Int

        public init(id: UUID, tag: MatchTag, survivor: String, threshold: Int, week: Date, until: Date) {
            self.id = id
            self.tag = tag.hex
            self.survivor = survivor
            self.threshold = threshold
            self.week = Int(week.timeIntervalSince1970)
            self.until = Int(until.timeIntervalSince1970)
        }
    }

    public let circle: UUID
    public let version: Int
    public let submit: [Record]
    public let withdraw: [UUID]

    public init(circle: UUID, version: Int, submit: [Record], withdraw: [UUID]) {
        self.circle = circle
        self.version = version
        self.submit = submit
        self.withdraw = withdraw
    }

    /// A home instance never sends more than one entry's worth at once.
    public static let recordLimit = 64
}

/// `match`: the board tells a home instance which of its records matched, once a week. Each
/// match has an id shared by every record in it, so the two care teams can later find each other
/// through the board if both survivors agree; and how many survivors named the same person.
public struct MatchNotice: Codable, Sendable, Equatable {
    public struct Item: Codable, Sendable, Equatable {
        public let record: UUID
        public let match: UUID
        public let survivors: Int

        public init(record: UUID, match: UUID, survivors: Int) {
            self.record = record
            self.match = match
            self.survivors = survivors
        }
    }

    public let circle: UUID
    public let items: [Item]

    public init(circle: UUID, items: [Item]) {
        self.circle = circle
        self.items = items
    }
}

/// The body of `match`: one notice per circle the board keeps for the receiver.
public struct MatchNotices: Codable, Sendable, Equatable {
    public let notices: [MatchNotice]
    public init(notices: [MatchNotice]) { self.notices = notices }
}

/// A key holder's VOPRF keys, as stored and as pinned in a manifest.
public enum MatchingKeys {
    public static func newKey() -> P384._VOPRF.PrivateKey { P384._VOPRF.PrivateKey() }

    public static func publicKey(of key: P384._VOPRF.PrivateKey) -> String {
        key.publicKey.compressedRepresentation.base64EncodedString()
    }

    public static func privateKey(_ raw: Data) -> P384._VOPRF.PrivateKey? {
        try? P384._VOPRF.PrivateKey(rawRepresentation: raw)
    }

    /// A survivor's pseudonym for one purpose: HMAC of who she is in this collective (her account,
    /// or her place in a case for someone without one) under the collective's secret for the
    /// circle. The board gets one purpose's, the home instance counts entries by another's, so the
    /// two never read alike.
    public static func pseudonym(of survivor: String, purpose: String, secret: Data) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(purpose)|\(survivor)".utf8), using: SymmetricKey(data: secret))
        return Data(mac).map { String(format: "%02x", $0) }.joined()
    }
}
