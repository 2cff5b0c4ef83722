@preconcurrency import Crypto
import Foundation

/// Seals and opens everything written in one case with that case's own data key. The associated
/// data names the case, the kind of field and the row, so sealed bytes moved to another case,
/// field or row fail to open. It also opens what was dropped into the case by `CaseDropBox`, with
/// the case's private key (itself sealed with the data key).
public struct CaseVault: Sendable {
    public let caseID: UUID
    let key: SymmetricKey
    /// The case's own private key, when the case has one (every case after the first migration
    /// that made them), as bytes; it opens what was written without reading. Made into a key
    /// only when something dropped is opened: making one works out its public half, which most
    /// pages never need.
    let privateKeyBytes: Data?

    var privateKey: Curve25519.KeyAgreement.PrivateKey? {
        privateKeyBytes.flatMap { try? Curve25519.KeyAgreement.PrivateKey(rawRepresentation: $0) }
    }

    public init(caseID: UUID, key: SymmetricKey, privateKey: Curve25519.KeyAgreement.PrivateKey? = nil) {
        self.caseID = caseID
        self.key = key
        self.privateKeyBytes = privateKey?.rawRepresentation
    }

    /// The case's public key as stored, so writing into the case needs no key arithmetic.
    var storedPublicKey: Data?

    /// Opens the case's sealed private key with the data key and returns a vault that holds both.
    public init(caseID: UUID, key: SymmetricKey, sealedPrivateKey: Data?, publicKey: Data? = nil) throws {
        self.caseID = caseID
        self.key = key
        self.storedPublicKey = publicKey
        if let sealedPrivateKey {
            let raw = try Sealing.open(sealedPrivateKey, with: key, associatedData: Self.context(caseID, "case_key", nil))
            // Any 32 bytes are an X25519 private key; anything else is not one.
            guard raw.count == 32 else { throw SealingError.malformed }
            self.privateKeyBytes = raw
        } else {
            self.privateKeyBytes = nil
        }
    }

    /// A new key pair for the case: its public half in clear, its private half sealed with the data key.
    public func newCaseKeyPair() throws -> (publicKey: Data, sealedPrivateKey: Data) {
        let pair = Curve25519.KeyAgreement.PrivateKey()
        return (
            pair.publicKey.rawRepresentation,
            try Sealing.seal(pair.rawRepresentation, with: key, associatedData: Self.context(caseID, "case_key", nil))
        )
    }

    /// Where the server writes what it may not read back.
    public var dropBox: CaseDropBox? {
        guard privateKeyBytes != nil else { return nil }
        if let storedPublicKey { return try? CaseDropBox(caseID: caseID, publicKey: storedPublicKey) }
        guard let privateKey else { return nil }
        return try? CaseDropBox(caseID: caseID, publicKey: privateKey.publicKey.rawRepresentation)
    }

    /// The data key itself, only to wrap it for a new reader of the case.
    public var dataKey: SymmetricKey { key }

    static func context(_ caseID: UUID, _ field: String, _ rowID: UUID?) -> Data {
        Data("case:\(caseID.text):\(field):\(rowID?.text ?? "-")".utf8)
    }

    func context(_ field: String, _ rowID: UUID?) -> Data { Self.context(caseID, field, rowID) }

    public func seal<Value: Encodable>(_ value: Value, field: String, row: UUID? = nil) throws -> Data {
        try Sealing.seal(try JSONEncoder().encode(value), with: key, associatedData: context(field, row))
    }

    /// The only fields the server may write without reading. Anyone who can write the database
    /// can seal to the case's public key too, so nothing that decides who reads the case or what
    /// she wished (people, consents, wishes, the record's fields) is ever accepted in that form.
    public static let droppable: Set<String> = ["access", "entry"]

    /// Whether `sealed` was written without reading (by the server, or by anyone able to).
    public static func wasDropped(_ sealed: Data) -> Bool { sealed.first == PublicSeal.format }

    public func open<Value: Decodable>(_ type: Value.Type, _ sealed: Data, field: String, row: UUID? = nil) throws -> Value {
        let context = context(field, row)
        if Self.wasDropped(sealed) {
            guard let privateKey, Self.droppable.contains(field) else { throw SealingError.cannotOpen }
            return try JSONDecoder().decode(type, from: try PublicSeal.open(sealed, with: privateKey, context: context))
        }
        return try JSONDecoder().decode(type, from: try Sealing.open(sealed, with: key, associatedData: context))
    }

    /// The label a case's instance-wrapped data key is bound to.
    public static func wrapLabel(_ caseID: UUID) -> String { "case:\(caseID.text)" }
}
