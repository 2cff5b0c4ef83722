@preconcurrency import Crypto
import Foundation

/// Separate keys for separate jobs, all derived from the one instance key with HKDF-SHA256, so
/// that a key used for one purpose (say, hashing client addresses for throttling) never doubles
/// as another (wrapping case keys).
public enum KeyPurpose: String, Sendable, CaseIterable {
    case keyWrapping = "tejido.kek.v1"
    case throttleKeys = "tejido.throttle.v1"
    case protocolConcerns = "tejido.concerns.v1"
    case memberRemovals = "tejido.removals.v1"
    /// Keyed pseudonyms beside refusals in a case's access log, to count repeats without reading.
    case accessLog = "tejido.access-log.v1"
    /// Reflections on ended cases, which the server opens only to count them.
    case reflections = "tejido.reflections.v1"
    /// Keyed receipts that a person gave a case's reflection, without saying which answers.
    case reflectionReceipts = "tejido.reflection-receipts.v1"
    /// Published lessons and practice scenarios, which every member of their collective reads.
    case lessons = "tejido.lessons.v1"
    /// The instance's identity towards paired instances (issue 18): its Ed25519 signing key and
    /// X25519 agreement key. Derived, so they live in the key file and change with `keys rotate`.
    case peerSigning = "tejido.peer-signing.v1"
    case peerAgreement = "tejido.peer-agreement.v1"
    /// What this instance keeps about its peers (their addresses, keys, names) and pairing secrets.
    case peers = "tejido.peers.v1"
    /// Alerts sent and received between collectives, held sealed at rest.
    case alerts = "tejido.alerts.v1"
}

public enum KeyDerivation {
    public static func derive(
        from inputKey: SymmetricKey, purpose: KeyPurpose, salt: Data = Data("tejido".utf8)
    ) -> SymmetricKey {
        derive(from: inputKey, info: Data(purpose.rawValue.utf8), salt: salt)
    }

    public static func derive(from inputKey: SymmetricKey, info: Data, salt: Data) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: inputKey, salt: salt, info: info, outputByteCount: 32)
    }

    /// A keyed, one-way name for a value we must recognise again but never want to store
    /// (a client address, a typed username in the throttle table).
    public static func pseudonym(for value: String, key: SymmetricKey) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(value.utf8), using: key)
        return Data(mac).map { String(format: "%02x", $0) }.joined()
    }
}
