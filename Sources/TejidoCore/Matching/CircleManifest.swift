@preconcurrency import Crypto
import Foundation
@preconcurrency import _CryptoExtras

/// A matching circle: the paired collectives that opt in to repeat-harm matching, who among them
/// holds an oblivious key and who keeps the board, and the limits they agreed. Every member signs
/// the same manifest; any change (a member joins or leaves, a key is replaced) is a new version,
/// signed again by everyone. A member presented with a manifest that differs from the one it
/// signed — by one byte — refuses it.
public struct CircleManifest: Codable, Sendable, Equatable {
    public enum Role: String, Codable, Sendable, CaseIterable {
        /// Holds one P-384 VOPRF key and evaluates blinded elements, within its quota.
        case keyHolder = "key_holder"
        /// Stores tags with random record ids; never a key holder.
        case board
        /// Files entries and hears of matches; every member is one.
        case member
    }

    public struct Member: Codable, Sendable, Equatable {
        /// The instance's fingerprint (over its signing and agreement keys), as paired.
        public let fingerprint: String
        /// Its Ed25519 signing key, base64, which signs the manifest.
        public let signingKey: String
        public let roles: [Role]
        /// For a key holder: its VOPRF public key (RFC 9497 serialization, base64).
        public let oprfKey: String?

        public init(fingerprint: String, signingKey: String, roles: [Role], oprfKey: String? = nil) {
            self.fingerprint = fingerprint
            self.signingKey = signingKey
            self.roles = Role.allCases.filter(roles.contains)
            self.oprfKey = oprfKey
        }
    }

    public struct Limits: Codable, Sendable, Equatable {
        public let evaluationsPerInstancePerDay: Int
        public let entriesPerSurvivor: Int
        public let identifiersPerEntry: Int

        public static let standard = Limits(
            evaluationsPerInstancePerDay: EvaluationQuota.standard.perInstancePerDay,
            entriesPerSurvivor: MatchingEntryLimits.entriesPerSurvivor,
            identifiersPerEntry: MatchingEntryLimits.identifiersPerEntry)
    }

    public let circle: UUID
    public let name: String
    public let version: Int
    /// Key holders in the order the cascade visits them.
    public let members: [Member]
    public let limits: Limits
    /// The version since which the key holders' keys are what they are: a member joining or a
    /// plain member leaving moves the version on but leaves every tag as it was, so entries made
    /// since this version still count. Absent (the first version, or a key replaced) means this
    /// version itself — and an absent field keeps the signed bytes of earlier manifests unchanged.
    public let keysSince: Int?

    public init(
        circle: UUID, name: String, version: Int, members: [Member], limits: Limits = .standard, keysSince: Int? = nil
    ) {
        self.circle = circle
        self.name = name
        self.version = version
        self.members = members
        self.limits = limits
        self.keysSince = keysSince
    }

    /// The first version whose entries still count: every later one made the same tags.
    public var keysVersion: Int { keysSince ?? version }

    /// Whether an entry made at `entryVersion` still counts: made with the keys held now.
    public func keeps(entryOf entryVersion: Int) -> Bool { (keysVersion...version).contains(entryVersion) }

    public enum Problem: String, Error, Sendable, Equatable {
        /// Fewer than two key holders, not exactly one board, a board that holds a key, a key
        /// holder without a key, or a member listed twice.
        case roles
        case limits
        /// A member's signature is missing or does not hold.
        case signature
    }

    /// The bytes every member signs: the manifest as JSON with sorted keys.
    public var signedBytes: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .secondsSince1970
        return try! encoder.encode(self)
    }

    /// Checks the roles and limits the issue sets: at least two key holders, one board that is no
    /// key holder, limits no looser than the standard ones.
    public func validated() throws(Problem) -> CircleManifest {
        let holders = members.filter { $0.roles.contains(.keyHolder) }
        let boards = members.filter { $0.roles.contains(.board) }
        guard holders.count >= 2, boards.count == 1, !boards[0].roles.contains(.keyHolder),
            holders.allSatisfy({ $0.oprfKey.flatMap(Self.oprfKey) != nil }),
            Set(members.map(\.fingerprint)).count == members.count
        else { throw .roles }
        guard limits.evaluationsPerInstancePerDay >= 1,
            limits.evaluationsPerInstancePerDay <= Limits.standard.evaluationsPerInstancePerDay,
            (1...Limits.standard.entriesPerSurvivor).contains(limits.entriesPerSurvivor),
            (1...Limits.standard.identifiersPerEntry).contains(limits.identifiersPerEntry),
            (1...version).contains(keysVersion), version <= CircleMessage.versionLimit
        else { throw .limits }
        return self
    }

    /// The key holders' VOPRF keys, in cascade order.
    public func keyHolderKeys() throws(Problem) -> [P384._VOPRF.PublicKey] {
        try members.filter { $0.roles.contains(.keyHolder) }.map { member throws(Problem) in
            guard let key = member.oprfKey.flatMap(Self.oprfKey) else { throw .roles }
            return key
        }
    }

    public static func oprfKey(_ base64: String) -> P384._VOPRF.PublicKey? {
        Data(base64Encoded: base64).flatMap { try? P384._VOPRF.PublicKey(compressedRepresentation: $0) }
    }

    /// A member's signature over `signedBytes`.
    public func signature(by key: Curve25519.Signing.PrivateKey) throws -> Data {
        try key.signature(for: signedBytes)
    }

    /// Whether every member signed exactly this manifest: `signatures` maps fingerprints to
    /// signatures. A missing one, or one over different bytes, is refused.
    public func verify(signatures: [String: Data]) throws(Problem) {
        _ = try validated()
        let bytes = signedBytes
        for member in members {
            guard let signature = signatures[member.fingerprint],
                let raw = Data(base64Encoded: member.signingKey),
                let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw),
                key.isValidSignature(signature, for: bytes)
            else { throw .signature }
        }
    }
}
