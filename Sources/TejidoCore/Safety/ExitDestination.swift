import Foundation

/// Where quick exit sends someone. Only absolute http(s) addresses: anything else could be turned
/// into a script or a path back into Tejido.
public enum ExitDestination {
    /// `requireHTTPS`: a page chosen by a collective's admin must be https, so the network between a
    /// person and that page cannot see or rewrite where they went.
    public static func isAcceptable(_ candidate: String, requireHTTPS: Bool = false) -> Bool {
        guard candidate.count <= 500, !candidate.contains(where: \.isWhitespace),
            let url = URLComponents(string: candidate), let scheme = url.scheme?.lowercased(),
            scheme == "https" || (scheme == "http" && !requireHTTPS), let host = url.host, !host.isEmpty
        else { return false }
        return url.user == nil && url.password == nil
    }
}
