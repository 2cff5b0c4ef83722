@preconcurrency import Crypto
import Foundation

/// The instance key and, during a rotation, the keys it replaced. New data keys are wrapped with
/// the first; each wrapped key records which key wrapped it (by a short, one-way id), so keys
/// wrapped before a rotation still open until `tejido keys rotate` has re-wrapped them all.
public struct InstanceKeyRing: Sendable {
    public let keys: [InstanceKey]

    public init(_ keys: [InstanceKey]) {
        precondition(!keys.isEmpty, "a key ring holds at least one key")
        self.keys = keys
    }

    public var current: InstanceKey { keys[0] }

    /// A one-way name for a key, stored next to what it wrapped. Reveals nothing of the key.
    public static func id(of key: InstanceKey) -> String {
        let kek = key.derived(.keyWrapping)
        let mac = HMAC<SHA256>.authenticationCode(for: Data("tejido.kek-id.v1".utf8), using: kek)
        return Data(mac).prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    public var currentID: String { Self.id(of: current) }

    public func key(id: String) -> InstanceKey? { keys.first { Self.id(of: $0) == id } }

    public func wrap(_ dataKey: SymmetricKey, label: String) throws -> (wrapped: Data, keyID: String) {
        (try KeyWrapping.wrap(dataKey, with: current.derived(.keyWrapping), label: label), currentID)
    }

    public func unwrap(_ wrapped: Data, keyID: String, label: String) throws -> SymmetricKey {
        guard let key = key(id: keyID) else { throw SealingError.cannotOpen }
        return try KeyWrapping.unwrap(wrapped, with: key.derived(.keyWrapping), label: label)
    }

    /// The outer lock on every stored wrap of a case key (for a person or a link): whatever opens
    /// the inner wrap, a database copied without the key file still yields nothing.
    public func lock(_ data: Data, label: String) throws -> (locked: Data, keyID: String) {
        (
            try Sealing.seal(data, with: current.derived(.keyWrapping), associatedData: Data("tejido.lock.v1:\(label)".utf8)),
            currentID
        )
    }

    public func unlock(_ locked: Data, keyID: String, label: String) throws -> Data {
        guard let key = key(id: keyID) else { throw SealingError.cannotOpen }
        return try Sealing.open(locked, with: key.derived(.keyWrapping), associatedData: Data("tejido.lock.v1:\(label)".utf8))
    }

    /// The key file's text: one key per line, the current one first.
    public var fileContents: String { keys.map(\.fileContents).joined() }

    public init(fileContents: String) throws {
        let lines = fileContents.split(whereSeparator: \.isNewline).map(String.init)
            .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        guard !lines.isEmpty else { throw InstanceKeyError.malformed }
        self.init(try lines.map { try InstanceKey(fileContents: $0) })
    }
}
