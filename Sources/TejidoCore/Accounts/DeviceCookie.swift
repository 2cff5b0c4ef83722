@preconcurrency import Crypto
import Foundation

/// Proof that this browser signed in to an account before (the "device cookie" OWASP describes for
/// lock-outs). With it, a person's attempts are counted apart from everyone else's failures on
/// their name, so someone hammering a known username cannot keep its owner out from a device she
/// has used before. It names no account in clear: a random nonce and a keyed MAC over it and the
/// account it was issued for (the caller's binding: its name and current passphrase hash), which
/// only the server can check.
public enum DeviceCookie {
    /// How long a browser stays known after its last sign-in.
    public static let lifetimeDays = 180

    public static func issue(forAccount account: String, key: SymmetricKey) -> String {
        let nonce = SecretToken.generate().value
        return nonce + "." + mac(nonce, account, key)
    }

    /// The cookie's nonce when it proves an earlier sign-in to `account`, else nil.
    public static func verify(_ value: String?, forAccount account: String, key: SymmetricKey) -> String? {
        guard let value, value.count <= 200 else { return nil }
        let parts = value.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty,
            SecretToken.constantTimeEquals(parts[1], mac(parts[0], account, key))
        else { return nil }
        return parts[0]
    }

    private static func mac(_ nonce: String, _ account: String, _ key: SymmetricKey) -> String {
        KeyDerivation.pseudonym(for: "device:\(account):\(nonce)", key: key)
    }
}
