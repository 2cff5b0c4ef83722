@preconcurrency import Crypto
import Foundation

/// Sealing to a public key (HPKE, RFC 9180: X25519, HKDF-SHA256, ChaCha20-Poly1305), so that
/// whoever writes cannot read back: only the holder of the private key opens it. The context
/// names the place the bytes belong to, bound both as HPKE's info and as associated data.
public enum PublicSeal {
    /// The first byte of such a box, apart from `Sealing`'s symmetric boxes (1).
    public static let format: UInt8 = 2
    static let suite = HPKE.Ciphersuite.Curve25519_SHA256_ChachaPoly

    public static func seal(_ plaintext: Data, to publicKey: Curve25519.KeyAgreement.PublicKey, context: Data) throws -> Data {
        var sender = try HPKE.Sender(recipientKey: publicKey, ciphersuite: suite, info: context)
        let sealed = try sender.seal(plaintext, authenticating: context)
        return Data([format]) + sender.encapsulatedKey + sealed
    }

    public static func open(_ sealed: Data, with privateKey: Curve25519.KeyAgreement.PrivateKey, context: Data) throws -> Data {
        guard sealed.first == format, sealed.count > 1 + 32 + 16 else { throw SealingError.malformed }
        do {
            var recipient = try HPKE.Recipient(
                privateKey: privateKey, ciphersuite: suite, info: context, encapsulatedKey: Data(sealed.dropFirst().prefix(32)))
            return try recipient.open(Data(sealed.dropFirst(33)), authenticating: context)
        } catch { throw SealingError.cannotOpen }
    }
}
