@preconcurrency import Crypto
import Foundation

/// Writing into a case without being able to read it. Every case has a key pair of its own; its
/// public half is stored in clear, its private half only sealed with the case's data key. What
/// the server must add to a case while no reader's key is at hand — a refused attempt, a note
/// that someone left the collective, an outside mediator's message — is sealed to the public
/// half (`PublicSeal`), so the server can add it and never read it back. Readers open it with
/// `CaseVault`.
public struct CaseDropBox: Sendable {
    public let caseID: UUID
    let publicKey: Curve25519.KeyAgreement.PublicKey

    public init(caseID: UUID, publicKey: Data) throws {
        self.caseID = caseID
        do { self.publicKey = try Curve25519.KeyAgreement.PublicKey(rawRepresentation: publicKey) } catch {
            throw SealingError.malformed
        }
    }

    public func seal<Value: Encodable>(_ value: Value, field: String, row: UUID? = nil) throws -> Data {
        try PublicSeal.seal(try JSONEncoder().encode(value), to: publicKey, context: CaseVault.context(caseID, field, row))
    }
}
