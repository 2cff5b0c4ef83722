import Foundation

/// The address at which an instance answers its peers. Tejido only ever calls the base URLs of
/// its paired peers (and, while pairing, the invitation an admin pasted); it never follows a
/// redirect or an address a peer sends inside a message.
public struct PeerBaseURL: Sendable, Hashable, Codable, CustomStringConvertible {
    public let value: String

    /// Accepts `https://host[:port][/prefix]` (plain `http://` only when `allowPlainHTTP`, a test
    /// setting), with no user, query or fragment; lower-cases scheme and host, drops a final `/`.
    public init?(_ text: String, allowPlainHTTP: Bool) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count <= 300, let parts = URLComponents(string: trimmed),
            let scheme = parts.scheme?.lowercased(), let host = parts.host?.lowercased(), !host.isEmpty,
            parts.user == nil, parts.password == nil, parts.query == nil, parts.fragment == nil,
            scheme == "https" || (scheme == "http" && allowPlainHTTP),
            host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-._[]:".contains($0)) })
        else { return nil }
        var path = parts.percentEncodedPath
        while path.hasSuffix("/") { path.removeLast() }
        guard path.allSatisfy({ $0.isASCII && !$0.isWhitespace && $0 != "?" && $0 != "#" }) else { return nil }
        let port = parts.port.map { ":\($0)" } ?? ""
        value = "\(scheme)://\(host)\(port)\(path)"
    }

    /// The full address of one peer endpoint: `base/peer/v1/` followed by `path`.
    public func endpoint(_ path: String) -> String { value + "/peer/v1/" + path }

    public var description: String { value }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let url = PeerBaseURL(text, allowPlainHTTP: true) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a base URL"))
        }
        self = url
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
