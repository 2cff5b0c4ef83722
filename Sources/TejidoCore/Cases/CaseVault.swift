@preconcurrency import Crypto
import Foundation

/// Seals and opens everything written in one case with that case's own data key. The associated
/// data names the case, the kind of field and the row, so sealed bytes moved to another case,
/// field or row fail to open.
public struct CaseVault: Sendable {
    public let caseID: UUID
    let key: SymmetricKey

    public init(caseID: UUID, key: SymmetricKey) {
        self.caseID = caseID
        self.key = key
    }

    func context(_ field: String, _ rowID: UUID?) -> Data {
        Data("case:\(caseID.uuidString):\(field):\(rowID?.uuidString ?? "-")".utf8)
    }

    public func seal<Value: Encodable>(_ value: Value, field: String, row: UUID? = nil) throws -> Data {
        try Sealing.seal(try JSONEncoder().encode(value), with: key, associatedData: context(field, row))
    }

    public func open<Value: Decodable>(_ type: Value.Type, _ sealed: Data, field: String, row: UUID? = nil) throws -> Value {
        try JSONDecoder().decode(type, from: try Sealing.open(sealed, with: key, associatedData: context(field, row)))
    }

    /// The label a case's wrapped data key is bound to.
    public static func wrapLabel(_ caseID: UUID) -> String { "case:\(caseID.uuidString)" }
}
