import Foundation

/// RFC 9421 section 2.5: one line per covered component, then the `@signature-params` line.
enum SignatureBase {
    static let derivedComponents: Set<String> = [
        "@method", "@target-uri", "@authority", "@scheme", "@request-target", "@path", "@query",
    ]

    /// Refuses component lists a verifier could read two ways: unknown or misspelt names, repeats,
    /// and `@signature-params`, which only ever ends the base.
    static func validate(_ components: [String]) throws(SignatureRefusal) {
        guard Set(components).count == components.count else { throw .malformed }
        for name in components {
            if name.hasPrefix("@") {
                guard derivedComponents.contains(name) else { throw .malformed }
            } else {
                // HTTP field names are tokens; RFC 9421 section 2.1 writes them lowercased.
                guard !name.isEmpty, name.utf8.allSatisfy({ StructuredField.isTokenCharacter($0) }),
                    name == name.lowercased()
                else { throw .malformed }
            }
        }
    }

    /// `signatureParams` is the serialized Inner List: ours when signing, the received one when verifying.
    static func build(
        _ message: SignedMessage, components: [String], signatureParams: String
    ) throws(SignatureRefusal)
        -> String
    {
        try validate(components)
        var lines: [String] = []
        for name in components {
            let value = try self.value(of: name, in: message)
            // A line break in a value would let a sender write extra lines into the base.
            guard !value.contains(where: { $0 == "\n" || $0 == "\r" }) else { throw .malformed }
            lines.append("\"\(name)\": \(value)")
        }
        lines.append("\"@signature-params\": \(signatureParams)")
        return lines.joined(separator: "\n")
    }

    static func value(of name: String, in message: SignedMessage) throws(SignatureRefusal) -> String {
        guard name.hasPrefix("@") else {
            guard let value = try message.header(name) else { throw .missingComponent }
            // Leading and trailing whitespace is not part of a field value (RFC 9421 section 2.1).
            return value.trimmingCharacters(in: CharacterSet(charactersIn: " \t"))
        }
        if name == "@method" {
            guard !message.method.isEmpty, message.method.utf8.allSatisfy(StructuredField.isTokenCharacter) else {
                throw .malformed
            }
            return message.method
        }
        guard let uri = TargetURI(message.targetURI) else { throw .malformed }
        switch name {
        case "@target-uri": return message.targetURI
        case "@authority": return uri.authority
        case "@scheme": return uri.scheme
        case "@path": return uri.path
        case "@query": return "?" + (uri.query ?? "")
        case "@request-target": return uri.path + (uri.query.map { "?" + $0 } ?? "")
        default: throw .malformed
        }
    }
}

/// The pieces of an absolute http(s) URI that the derived components need (RFC 9421 section 2.2).
struct TargetURI: Equatable {
    var scheme: String
    /// Lowercased host, with the port only when it is not the scheme's default.
    var authority: String
    /// Never empty: an empty path is "/".
    var path: String
    var query: String?

    init?(_ text: String) {
        // Visible ASCII only: a request target carries no spaces, controls or raw Unicode.
        guard text.utf8.allSatisfy({ (0x21...0x7E).contains($0) }), !text.contains("#") else { return nil }
        guard let separator = text.range(of: "://") else { return nil }
        scheme = text[..<separator.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }

        let rest = text[separator.upperBound...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        guard let authority = Self.normalizedAuthority(String(rest[..<authorityEnd]), scheme: scheme) else { return nil }
        self.authority = authority

        let pathAndQuery = rest[authorityEnd...]
        if let questionMark = pathAndQuery.firstIndex(of: "?") {
            path = String(pathAndQuery[..<questionMark])
            query = String(pathAndQuery[pathAndQuery.index(after: questionMark)...])
        } else {
            path = String(pathAndQuery)
        }
        if path.isEmpty { path = "/" }
    }

    private static func normalizedAuthority(_ authority: String, scheme: String) -> String? {
        // Userinfo is deprecated for http(s) (RFC 9110 section 4.2.4) and only confuses whose host this is.
        guard !authority.isEmpty, !authority.contains("@") else { return nil }
        var host = authority
        var port: String?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = String(authority[...close])
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return nil }
                port = String(after.dropFirst())
            }
        } else if let colon = authority.firstIndex(of: ":") {
            host = String(authority[..<colon])
            port = String(authority[authority.index(after: colon)...])
        }
        guard !host.isEmpty else { return nil }
        host = host.lowercased()
        guard let port, !port.isEmpty else { return host }
        guard port.utf8.allSatisfy(StructuredField.isDigit), port.count <= 5, let number = Int(port), number <= 65535
        else { return nil }
        let isDefault = (scheme == "http" && number == 80) || (scheme == "https" && number == 443)
        return isDefault ? host : "\(host):\(number)"
    }
}
