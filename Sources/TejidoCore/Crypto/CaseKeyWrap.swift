@preconcurrency import Crypto
import Foundation

/// A key wrapped for one holder: a person (to their public key, with HPKE), or a link (under a key
/// derived from the link's secret, which the server keeps only as a hash). What it opens is named
/// by `scope` — a case, a collective, a mediator's grant's case — and the scope and the holder are
/// bound into every wrap, so a wrap moved to another scope or another holder fails to open.
public enum CaseKeyWrap {
    static let suite = HPKE.Ciphersuite.Curve25519_SHA256_ChachaPoly
    static let personFormat: UInt8 = 2
    static let linkFormat: UInt8 = 3

    static func info(_ scope: UUID, _ holder: String) -> Data { Data("tejido.case-wrap.v1:\(scope):\(holder)".utf8) }

    public static func wrap(
        _ dataKey: SymmetricKey, scope: UUID, holder: String, to publicKey: Curve25519.KeyAgreement.PublicKey
    ) throws -> Data {
        var sender = try HPKE.Sender(recipientKey: publicKey, ciphersuite: suite, info: info(scope, holder))
        let sealed = try sender.seal(dataKey.withUnsafeBytes { Data($0) })
        return Data([personFormat]) + sender.encapsulatedKey + sealed
    }

    public static func unwrap(_ wrap: Data, scope: UUID, holder: String, with key: PersonalKey) throws -> SymmetricKey {
        guard wrap.first == personFormat, wrap.count == 1 + 32 + 32 + 16 else { throw SealingError.malformed }
        do {
            var recipient = try HPKE.Recipient(
                privateKey: key.privateKey, ciphersuite: suite, info: info(scope, holder),
                encapsulatedKey: Data(wrap.dropFirst().prefix(32)))
            return SymmetricKey(data: try recipient.open(Data(wrap.dropFirst(33))))
        } catch { throw SealingError.cannotOpen }
    }

    public static func wrap(_ dataKey: SymmetricKey, scope: UUID, holder: String, secret: String) throws -> Data {
        Data([linkFormat])
            + (try KeyWrapping.wrap(dataKey, with: linkKey(secret), label: "\(scope):\(holder)"))
    }

    public static func unwrap(_ wrap: Data, scope: UUID, holder: String, secret: String) throws -> SymmetricKey {
        guard wrap.first == linkFormat else { throw SealingError.malformed }
        return try KeyWrapping.unwrap(Data(wrap.dropFirst()), with: linkKey(secret), label: "\(scope):\(holder)")
    }

    static func linkKey(_ secret: String) -> SymmetricKey {
        KeyDerivation.derive(
            from: SymmetricKey(data: Data(secret.utf8)), info: Data("tejido.link-key.v1".utf8), salt: Data("tejido".utf8))
    }
}
