@preconcurrency import Crypto
import Foundation

/// Data keys (one per case, later) are stored only wrapped by a key-encryption key derived from
/// the instance key. Rotating the instance key then means re-wrapping small keys, not
/// re-encrypting every record; and a database copied without the key file yields nothing.
public enum KeyWrapping {
    public static func newDataKey() -> SymmetricKey { SymmetricKey(size: .bits256) }

    /// `label` names what the key protects (for example "case:<id>"); unwrapping under another
    /// label fails, so a wrapped key cannot be moved to another record.
    public static func wrap(_ dataKey: SymmetricKey, with kek: SymmetricKey, label: String) throws -> Data {
        let raw = dataKey.withUnsafeBytes { Data($0) }
        return try Sealing.seal(raw, with: kek, associatedData: Data("tejido.wrap.v1:\(label)".utf8))
    }

    public static func unwrap(_ wrapped: Data, with kek: SymmetricKey, label: String) throws -> SymmetricKey {
        let raw = try Sealing.open(wrapped, with: kek, associatedData: Data("tejido.wrap.v1:\(label)".utf8))
        guard raw.count == 32 else { throw SealingError.malformed }
        return SymmetricKey(data: raw)
    }
}
