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
        // Outside tests, never an address on this machine or a private network: a peer must not be
        // able to make Tejido call services behind the firewall.
        if !allowPlainHTTP, Self.isInternal(host) { return nil }
        var path = parts.percentEncodedPath
        while path.hasSuffix("/") { path.removeLast() }
        guard path.allSatisfy({ $0.isASCII && !$0.isWhitespace && $0 != "?" && $0 != "#" }) else { return nil }
        let port = parts.port.map { ":\($0)" } ?? ""
        value = "\(scheme)://\(host)\(port)\(path)"
    }

    /// Loopback, private, link-local and unspecified addresses, written as names or literals. A
    /// name that resolves to one is not caught here (see docs/security.md).
    static func isInternal(_ host: String) -> Bool {
        if host == "localhost" || host.hasSuffix(".localhost") || host.hasSuffix(".local") { return true }
        if host.hasPrefix("[") {
            let inner = host.dropFirst().prefix { $0 != "]" }.lowercased()
            return inner == "::1" || inner == "::" || inner.hasPrefix("fc") || inner.hasPrefix("fd")
                || inner.hasPrefix("fe8") || inner.hasPrefix("fe9") || inner.hasPrefix("fea") || inner.hasPrefix("feb")
                || inner.hasPrefix("::ffff:")
        }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false).map { Int($0) }
        guard octets.count == 4, octets.allSatisfy({ $0 != nil && (0...255).contains($0!) }) else {
            // All digits but not four parts (a decimal or short IPv4 form): refused too.
            return host.allSatisfy { $0.isNumber || $0 == "." }
        }
        let a = octets[0]!, b = octets[1]!
        return a == 0 || a == 10 || a == 127 || (a == 169 && b == 254) || (a == 172 && (16...31).contains(b))
            || (a == 192 && b == 168) || (a == 100 && (64...127).contains(b))
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
