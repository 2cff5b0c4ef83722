@preconcurrency import Crypto
import Foundation

/// What the whole collective must read from a case — an assembly summary the survivor's side
/// approved — is sealed to the collective's own key pair. The public half is in clear, so anyone
/// raising an item can seal to it; the private half is wrapped for each member's key (and, while
/// an instance upgrades, for the instance key alone), so only members open what is sealed to it.
public struct CollectiveKey: Sendable {
    public let collectiveID: UUID
    let privateKey: Curve25519.KeyAgreement.PrivateKey

    public init(collectiveID: UUID, privateKey raw: Data) throws {
        self.collectiveID = collectiveID
        do { privateKey = try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: raw) } catch { throw SealingError.malformed }
    }

    public static func generate(collectiveID: UUID) -> CollectiveKey {
        // A fresh key's raw form always makes a key again.
        try! CollectiveKey(collectiveID: collectiveID, privateKey: Curve25519.KeyAgreement.PrivateKey().rawRepresentation)
    }

    public var publicKey: Data { privateKey.publicKey.rawRepresentation }
    /// The private half as a 32-byte key, to wrap for a member like a case's data key.
    public var wrappable: SymmetricKey { SymmetricKey(data: privateKey.rawRepresentation) }

    static func context(_ collectiveID: UUID, _ field: String, _ row: UUID?) -> Data {
        Data("collective:\(collectiveID.text):\(field):\(row?.text ?? "-")".utf8)
    }

    public static func seal<Value: Encodable>(
        _ value: Value, to publicKey: Data, collectiveID: UUID, field: String, row: UUID? = nil
    ) throws -> Data {
        let key: Curve25519.KeyAgreement.PublicKey
        do { key = try Curve25519.KeyAgreement.PublicKey(rawRepresentation: publicKey) } catch { throw SealingError.malformed }
        return try PublicSeal.seal(try JSONEncoder().encode(value), to: key, context: context(collectiveID, field, row))
    }

    public func open<Value: Decodable>(_ type: Value.Type, _ sealed: Data, field: String, row: UUID? = nil) throws -> Value {
        try JSONDecoder().decode(
            type, from: try PublicSeal.open(sealed, with: privateKey, context: Self.context(collectiveID, field, row)))
    }
}
