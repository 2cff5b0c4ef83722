@preconcurrency import Crypto
import Foundation

/// The checks that make a pairing mutual and explicit.
public enum PairingCode {
    /// Eight digits both admins read to each other over a call before the inviter accepts. They
    /// cover both fingerprints and a random value from each side, each committed to before the
    /// other's is known: the inviter's is only hashed in the invitation and revealed in its reply,
    /// the joiner's is sent with its request. Nobody in the middle — not even one who swapped the
    /// invitation for their own — can choose anything after seeing what would make two codes agree.
    public static func code(
        inviter: PeerFingerprint, joiner: PeerFingerprint, inviterNonce: String, joinerNonce: String
    ) -> String {
        let digest = SHA256.hash(
            data: Data("tejido.pairing-code.v2\n\(inviter.hex)\n\(joiner.hex)\n\(inviterNonce)\n\(joinerNonce)".utf8))
        let number = digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) } % 100_000_000
        let digits = String(format: "%08llu", number)
        return digits.prefix(4) + " " + digits.suffix(4)
    }

    /// What an invitation carries in place of the inviter's nonce.
    public static func commitment(to nonce: String) -> String {
        SecretToken.base64URL(Data(SHA256.hash(data: Data("tejido.pairing-commitment.v1\n\(nonce)".utf8))))
    }

    /// Proof that the instance asking to pair was given the invitation's secret, bound to the
    /// keys, address and nonce it pairs with, so the proof cannot be lifted onto another request.
    public static func proof(
        secret: String, token: String, requester: PeerFingerprint, base: PeerBaseURL, nonce: String
    ) -> String {
        let message = Data("tejido.pair-proof.v2\n\(token)\n\(requester.hex)\n\(base.value)\n\(nonce)".utf8)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.utf8)))
        return Data(mac).base64EncodedString()
    }

    public static func proofMatches(
        _ offered: String, secret: String, token: String, requester: PeerFingerprint, base: PeerBaseURL, nonce: String
    ) -> Bool {
        SecretToken.constantTimeEquals(
            offered, proof(secret: secret, token: token, requester: requester, base: base, nonce: nonce))
    }
}
