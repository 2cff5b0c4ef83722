@preconcurrency import Crypto
import Foundation

/// RFC 9530 Content-Digest: the hash of the body as sent, so a signature over this field covers the body.
public enum ContentDigest {
    public static let headerName = "Content-Digest"

    /// "sha-256=:BASE64:"
    public static func header(for body: Data) -> String {
        "sha-256=:" + Data(SHA256.hash(data: body)).base64EncodedString() + ":"
    }

    /// True only when the header is a valid RFC 8941 dictionary holding sha-256 or sha-512 and every such
    /// digest matches the body. Algorithms we do not know are passed over, but they alone prove nothing,
    /// so a header with only those is false.
    public static func matches(_ header: String?, body: Data) -> Bool {
        guard let header, let members = StructuredField.parseDictionary(header) else { return false }
        var checked = false
        for (algorithm, member) in members {
            let expected: Data
            switch algorithm {
            case "sha-256": expected = Data(SHA256.hash(data: body))
            case "sha-512": expected = Data(SHA512.hash(data: body))
            default: continue
            }
            guard case .item(let item) = member, case .byteSequence(let digest) = item.value, digest == expected else {
                return false
            }
            checked = true
        }
        return checked
    }
}
