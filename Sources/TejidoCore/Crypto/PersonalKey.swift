@preconcurrency import Crypto
import Foundation
import _CryptoExtras

/// How hard a passphrase is stretched into the key that opens a person's own key: scrypt's
/// parameters and the salt, stored beside what they sealed so they can be raised later without
/// locking anyone out (the next sign-in re-seals under the new ones).
public struct KeyStretch: Codable, Sendable, Equatable {
    /// log2 of scrypt's N (its memory and time cost).
    public var logRounds: Int
    public var blockSize: Int
    public var parallelism: Int
    public var salt: Data

    public init(logRounds: Int, blockSize: Int = 8, parallelism: Int = 1, salt: Data) {
        self.logRounds = logRounds
        self.blockSize = blockSize
        self.parallelism = parallelism
        self.salt = salt
    }

    /// About 125 ms and 64 MiB on one of these machines' cores (N = 2^16, r = 8): measured, see the README.
    public static let standardLogRounds = 16
    /// For tests only, where thousands of sign-ins must not take minutes.
    public static let testLogRounds = 10

    public static func fresh(logRounds: Int) -> KeyStretch {
        KeyStretch(logRounds: logRounds, salt: SymmetricKey(size: .bits128).withUnsafeBytes { Data($0) })
    }

    /// The passphrase stretched into a 256-bit key. Composed and decomposed accents give the same key.
    public func key(for passphrase: String) throws -> SymmetricKey {
        guard (10...20).contains(logRounds), (1...32).contains(blockSize), (1...16).contains(parallelism),
            salt.count >= 16
        else { throw SealingError.malformed }
        return try KDF.Scrypt.deriveKey(
            from: Data(passphrase.precomposedStringWithCanonicalMapping.utf8), salt: salt, outputByteCount: 32,
            rounds: 1 << logRounds, blockSize: blockSize, parallelism: parallelism)
    }
}

/// A person's own key pair: X25519, used through HPKE (RFC 9180) to receive each case's key. The
/// private half is stored only sealed — under their passphrase (stretched), under their recovery
/// code if they made one, and for the length of a session under a secret only their cookie holds.
public struct PersonalKey: Sendable {
    public let privateKey: Curve25519.KeyAgreement.PrivateKey
    public var publicKey: Curve25519.KeyAgreement.PublicKey { privateKey.publicKey }

    public init(privateKey: Curve25519.KeyAgreement.PrivateKey) { self.privateKey = privateKey }

    /// Someone's public key, as others wrap case keys for them.
    public struct Public: Sendable {
        public let key: Curve25519.KeyAgreement.PublicKey
        public init(_ raw: Data) throws {
            do { key = try Curve25519.KeyAgreement.PublicKey(rawRepresentation: raw) } catch { throw SealingError.malformed }
        }
        public var fingerprint: String { PersonalKey.fingerprint(key.rawRepresentation) }
    }

    public static func generate() -> PersonalKey { PersonalKey(privateKey: Curve25519.KeyAgreement.PrivateKey()) }

    /// A short, one-way name for a public key, kept with each wrap made for it: a wrap whose name
    /// is not the person's current key's was made for a key they no longer hold.
    public static func fingerprint(_ publicKey: Data) -> String {
        SHA256.hash(data: publicKey).prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    public var fingerprint: String { Self.fingerprint(publicKey.rawRepresentation) }

    /// What ties a sealed copy to its owner and its kind, so a copy moved to another account or
    /// another column does not open.
    static func context(_ owner: UUID, _ kind: String) -> Data { Data("tejido.personal-key.v1:\(kind):\(owner)".utf8) }

    /// Sealed under a key stretched from a passphrase or recovery code.
    public func sealed(under stretch: KeyStretch, secret: String, owner: UUID, kind: String) throws -> Data {
        try Sealing.seal(
            privateKey.rawRepresentation, with: try stretch.key(for: secret), associatedData: Self.context(owner, kind))
    }

    public static func open(_ sealed: Data, stretch: KeyStretch, secret: String, owner: UUID, kind: String) throws -> PersonalKey
    {
        try open(sealed, with: try stretch.key(for: secret), owner: owner, kind: kind)
    }

    /// Sealed for one session under a key derived from the session's cookie token, which the
    /// server keeps only as a hash: the stored copy opens only with the cookie in hand.
    public func sealedForSession(token: String, owner: UUID) throws -> Data {
        try Sealing.seal(
            privateKey.rawRepresentation, with: Self.sessionKey(token), associatedData: Self.context(owner, "session"))
    }

    public static func openSession(_ sealed: Data, token: String, owner: UUID) throws -> PersonalKey {
        try open(sealed, with: sessionKey(token), owner: owner, kind: "session")
    }

    static func sessionKey(_ token: String) -> SymmetricKey {
        KeyDerivation.derive(
            from: SymmetricKey(data: Data(token.utf8)), info: Data("tejido.session-key.v1".utf8), salt: Data("tejido".utf8))
    }

    private static func open(_ sealed: Data, with key: SymmetricKey, owner: UUID, kind: String) throws -> PersonalKey {
        let raw = try Sealing.open(sealed, with: key, associatedData: context(owner, kind))
        do {
            return PersonalKey(privateKey: try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: raw))
        } catch { throw SealingError.malformed }
    }
}

/// A recovery code: 20 random letters and digits in groups of four, easy to copy by hand, shown
/// once. It opens a second sealed copy of the person's key, and so restores it after a lost passphrase.
public enum RecoveryCode {
    /// No 0/O, 1/I/L: nothing that reads as something else on paper.
    static let alphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")

    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let characters = (0..<20).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
        return stride(from: 0, to: 20, by: 4).map { String(characters[$0..<$0 + 4]) }.joined(separator: "-")
    }

    /// What was typed, in the form it was made: upper case, without spaces or dashes.
    public static func normalized(_ typed: String) -> String {
        String(typed.uppercased().filter { alphabet.contains($0) })
    }
}
