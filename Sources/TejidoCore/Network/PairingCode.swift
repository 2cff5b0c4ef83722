@preconcurrency import Crypto
import Foundation

/// The checks that make a pairing mutual and explicit.
public enum PairingCode {
    /// Eight digits both admins read to each other over a call before the inviter accepts. They
    /// cover both fingerprints and the connection's id, which the inviter draws at random only
    /// after the other side has sent its keys — so whoever intercepted the invitation cannot choose
    /// keys that produce the code the real admin expects.
    public static func code(_ a: PeerFingerprint, _ b: PeerFingerprint, connection: UUID) -> String {
        let ordered = [a.hex, b.hex].sorted()
        let digest = SHA256.hash(
            data: Data("tejido.pairing-code.v1\n\(ordered[0])\n\(ordered[1])\n\(connection.uuidString.lowercased())".utf8))
        let number = digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) } % 100_000_000
        let digits = String(format: "%08llu", number)
        return digits.prefix(4) + " " + digits.suffix(4)
    }

    /// Proof that the instance asking to pair was given the invitation's secret, bound to the
    /// keys and address it pairs with, so the proof cannot be lifted onto another request.
    public static func proof(secret: String, token: String, requester: PeerFingerprint, base: PeerBaseURL) -> String {
        let message = Data("tejido.pair-proof.v1\n\(token)\n\(requester.hex)\n\(base.value)".utf8)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.utf8)))
        return Data(mac).base64EncodedString()
    }

    public static func proofMatches(
        _ offered: String, secret: String, token: String, requester: PeerFingerprint, base: PeerBaseURL
    ) -> Bool {
        SecretToken.constantTimeEquals(offered, proof(secret: secret, token: token, requester: requester, base: base))
    }
}
