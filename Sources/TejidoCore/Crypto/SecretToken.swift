@preconcurrency import Crypto
import Foundation

/// Random bearer tokens (session cookies, invite links) and their stored form. The database keeps
/// only the SHA-256 of a token, so a copy of the database cannot be replayed as a login or invite.
public struct SecretToken: Sendable, Equatable {
    public let value: String

    public init(value: String) { self.value = value }

    /// 256 random bits, URL-safe base64 without padding.
    public static func generate() -> SecretToken {
        let key = SymmetricKey(size: .bits256)
        let data = key.withUnsafeBytes { Data($0) }
        return SecretToken(value: base64URL(data))
    }

    public var storedHash: String { Self.hash(value) }

    public static func hash(_ value: String) -> String {
        SHA256.hash(data: Data(value.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Compares two secrets in time independent of where they first differ.
    public static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in x.indices { difference |= x[i] ^ y[i] }
        return difference == 0
    }

    public static func base64URL(_ data: Data) -> String {
        data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
