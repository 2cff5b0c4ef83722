@preconcurrency import Crypto
import Foundation

/// The instance key: 256 random bits in a file of its own, readable only by the service account.
/// Every other key is derived from it. Without it, encrypted content in the database cannot be
/// read — which is why it is backed up apart from the database, and why losing it loses the data.
public struct InstanceKey: Sendable {
    public let key: SymmetricKey

    public init(key: SymmetricKey) { self.key = key }

    static let header = "tejido-instance-key-v1:"

    public static func generate() -> InstanceKey { InstanceKey(key: SymmetricKey(size: .bits256)) }

    public func derived(_ purpose: KeyPurpose) -> SymmetricKey {
        KeyDerivation.derive(from: key, purpose: purpose)
    }

    /// The file's text: a versioned header and the key in base64, so an operator can print it.
    public var fileContents: String {
        Self.header + key.withUnsafeBytes { Data($0) }.base64EncodedString() + "\n"
    }

    public init(fileContents: String) throws {
        let line = fileContents.trimmingCharacters(in: .whitespacesAndNewlines)
        guard line.hasPrefix(Self.header),
            let data = Data(base64Encoded: String(line.dropFirst(Self.header.count))), data.count == 32
        else { throw InstanceKeyError.malformed }
        self.key = SymmetricKey(data: data)
    }
}

public enum InstanceKeyError: Error, Equatable, Sendable, CustomStringConvertible {
    case missing(path: String)
    case malformed
    case readableByOthers(path: String, mode: Int)
    case alreadyExists(path: String)

    public var description: String {
        switch self {
        case .missing(let path):
            "The key file \(path) does not exist. Create it with `tejido keygen`, then back it up somewhere other than where the database is backed up."
        case .malformed:
            "The key file is not a Tejido instance key. Restore it from your key backup."
        case .readableByOthers(let path, let mode):
            "The key file \(path) has mode \(String(mode, radix: 8)); it must be readable by its owner only. Fix it with: chmod 600 \(path)"
        case .alreadyExists(let path):
            "A key file already exists at \(path). Tejido never overwrites a key: doing so would make existing data unreadable."
        }
    }
}
