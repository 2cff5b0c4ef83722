@preconcurrency import Crypto
import Foundation

/// Authenticated encryption for everything sensitive at rest: AES-256-GCM with associated data.
///
/// The associated data binds a ciphertext to its place (for example "case:<id>:narrative"), so a
/// ciphertext copied into another row or field fails to open instead of being shown out of context.
/// Sealed boxes carry a one-byte format version so the scheme can change without guessing.
public enum Sealing {
    static let formatVersion: UInt8 = 1

    public static func seal(_ plaintext: Data, with key: SymmetricKey, associatedData: Data) throws -> Data {
        guard key.bitCount == 256 else { throw SealingError.wrongKeySize }
        let box = try AES.GCM.seal(plaintext, using: key, authenticating: associatedData)
        guard let combined = box.combined else { throw SealingError.malformed }
        return Data([formatVersion]) + combined
    }

    public static func open(_ sealed: Data, with key: SymmetricKey, associatedData: Data) throws -> Data {
        guard key.bitCount == 256 else { throw SealingError.wrongKeySize }
        guard sealed.first == formatVersion, sealed.count > 1 + 12 + 16 else { throw SealingError.malformed }
        do {
            let box = try AES.GCM.SealedBox(combined: sealed.dropFirst())
            return try AES.GCM.open(box, using: key, authenticating: associatedData)
        } catch {
            // Wrong key, tampered bytes and wrong associated data are indistinguishable by design.
            throw SealingError.cannotOpen
        }
    }

    public static func seal(_ text: String, with key: SymmetricKey, context: String) throws -> Data {
        try seal(Data(text.utf8), with: key, associatedData: Data(context.utf8))
    }

    public static func openString(_ sealed: Data, with key: SymmetricKey, context: String) throws -> String {
        let data = try open(sealed, with: key, associatedData: Data(context.utf8))
        guard let text = String(data: data, encoding: .utf8) else { throw SealingError.malformed }
        return text
    }
}

public enum SealingError: Error, Equatable, Sendable {
    case wrongKeySize
    case malformed
    case cannotOpen
}
