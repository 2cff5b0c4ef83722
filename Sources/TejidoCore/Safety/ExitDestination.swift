import Foundation

/// Where quick exit sends someone. Only absolute http(s) addresses: anything else could be turned
/// into a script or a path back into Tejido.
public enum ExitDestination {
    public static func isAcceptable(_ candidate: String) -> Bool {
        guard candidate.count <= 500, !candidate.contains(where: \.isWhitespace),
            let url = URLComponents(string: candidate), let scheme = url.scheme?.lowercased(),
            scheme == "https" || scheme == "http", let host = url.host, !host.isEmpty
        else { return false }
        return url.user == nil && url.password == nil
    }
}
