@preconcurrency import Crypto
import Foundation

/// What an admin of collective A passes, outside Tejido, to an admin of collective B: where A
/// answers (a random path, not a discovery address), A's fingerprint, a one-time secret and an
/// expiry. One line of text, so it survives being pasted through a chat or an e-mail.
public struct PairingInvitation: Sendable, Equatable {
    public let base: PeerBaseURL
    /// The random last part of the invitation's address; the inviter stores only its hash.
    public let token: String
    public let fingerprint: PeerFingerprint
    public let secret: String
    /// `PairingCode.commitment` to the inviter's nonce, revealed only when it answers.
    public let commitment: String
    public let expires: Date

    public static let prefix = "tejido-pair-1:"
    /// No invitation lives longer than three days: a secret that waits in someone's inbox for a
    /// month is a secret someone else may have read.
    public static let maximumHours = 72
    public static let defaultHours = 24

    public init(
        base: PeerBaseURL, token: String, fingerprint: PeerFingerprint, secret: String, commitment: String, expires: Date
    ) {
        self.base = base
        self.token = token
        self.fingerprint = fingerprint
        self.secret = secret
        self.commitment = commitment
        self.expires = expires
    }

    /// The address B's instance posts to while pairing.
    public var address: String { base.endpoint("invitations/\(token)") }

    private struct Wire: Codable {
        let url: String
        let fingerprint: String
        let secret: String
        let commitment: String
        let expires: Int
    }

    public var text: String {
        let wire = Wire(
            url: address, fingerprint: fingerprint.hex, secret: secret, commitment: commitment,
            expires: Int(expires.timeIntervalSince1970))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return Self.prefix + SecretToken.base64URL(try! encoder.encode(wire))
    }

    public enum Problem: String, Error, Sendable {
        /// Not something Tejido wrote, or cut short while copying.
        case malformed
        /// Its address is plain http (and this instance does not allow that) or not an address.
        case insecureAddress
        case expired
        /// It claims an expiry further off than any Tejido invitation can have.
        case tooLong
    }

    /// Reads pasted text. What a message wraps around it is ignored: words before the prefix (in
    /// any case), quotes or brackets after it, and words after it. Whitespace inside it (a mail
    /// client's line breaks) is ignored too; since words after it are also separated by
    /// whitespace, the longest run of pieces that decodes to an invitation is the one taken.
    public static func read(_ pasted: String, now: Date, allowPlainHTTP: Bool) -> Result<PairingInvitation, Problem> {
        guard pasted.count < 4000, let start = pasted.range(of: prefix, options: .caseInsensitive) else {
            return .failure(.malformed)
        }
        let pieces = pasted[start.upperBound...].split(whereSeparator: { $0.isWhitespace || $0.isNewline })
        func encoded(_ piece: Substring) -> Substring {
            piece.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        }
        for count in stride(from: min(pieces.count, 40), through: 1, by: -1) {
            // A piece cut short by a quote or a full stop ends the invitation there.
            let parts = pieces.prefix(count)
            guard parts.dropLast().allSatisfy({ encoded($0).count == $0.count }) else { continue }
            let candidate = parts.dropLast().joined() + encoded(parts.last!)
            guard candidate.count < 2000, let data = SecretToken.data(base64URL: candidate),
                (try? StrictJSON.decode(Wire.self, from: data)) != nil
            else { continue }
            return decoded(data, now: now, allowPlainHTTP: allowPlainHTTP)
        }
        return .failure(.malformed)
    }

    private static func decoded(_ data: Data, now: Date, allowPlainHTTP: Bool) -> Result<PairingInvitation, Problem> {
        guard let wire = try? StrictJSON.decode(Wire.self, from: data),
            let fingerprint = PeerFingerprint(wire.fingerprint),
            (32...64).contains(wire.secret.count), wire.secret.allSatisfy(SecretToken.isTokenCharacter),
            (32...64).contains(wire.commitment.count), wire.commitment.allSatisfy(SecretToken.isTokenCharacter)
        else { return .failure(.malformed) }
        let marker = "/peer/v1/invitations/"
        guard let range = wire.url.range(of: marker, options: .backwards) else { return .failure(.malformed) }
        let token = String(wire.url[range.upperBound...])
        guard (32...64).contains(token.count), token.allSatisfy(SecretToken.isTokenCharacter) else {
            return .failure(.malformed)
        }
        guard let base = PeerBaseURL(String(wire.url[..<range.lowerBound]), allowPlainHTTP: allowPlainHTTP) else {
            return .failure(.insecureAddress)
        }
        let expires = Date(timeIntervalSince1970: TimeInterval(wire.expires))
        guard expires > now else { return .failure(.expired) }
        guard expires.timeIntervalSince(now) <= TimeInterval(maximumHours * 3600 + 300) else { return .failure(.tooLong) }
        return .success(
            PairingInvitation(
                base: base, token: token, fingerprint: fingerprint, secret: wire.secret, commitment: wire.commitment,
                expires: expires))
    }

    /// The inviter's hours, checked: a whole number from 1 to 72.
    public static func validatedHours(_ text: String?) -> Int? {
        guard let text, !text.isEmpty else { return defaultHours }
        guard let hours = Int(text.trimmingCharacters(in: .whitespaces)), (1...maximumHours).contains(hours) else {
            return nil
        }
        return hours
    }
}

extension SecretToken {
    public static func isTokenCharacter(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || c == "-" || c == "_")
    }

    /// Decodes unpadded URL-safe base64.
    public static func data(base64URL text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        guard !base64.contains("=") else { return nil }
        while base64.count % 4 != 0 { base64.append("=") }
        return Data(base64Encoded: base64)
    }
}
