import Vapor

/// How logs and metrics name a request: by the route it matched ("GET /join/:token"), never by
/// its real path, which can carry a collective's address, a case id or an invite token.
struct RouteName: Sendable, Equatable, CustomStringConvertible {
    let method: String
    /// The route's pattern, or `RouteName.unmatched` when no route answered (a 404, a static file).
    let pattern: String

    static let unmatched = "(no route)"

    var description: String { "\(method) \(pattern)" }

    /// Methods named as they are when no route matched; any other word a client sends is "OTHER",
    /// so a label or a log line never takes an unbounded value from the request.
    static let commonMethods: [HTTPMethod] = [.GET, .HEAD, .POST, .PUT, .PATCH, .DELETE, .OPTIONS]
}

extension Request {
    var routeName: RouteName {
        guard let route else {
            let method = RouteName.commonMethods.contains(method) ? method.rawValue : "OTHER"
            return RouteName(method: method, pattern: RouteName.unmatched)
        }
        return RouteName(method: route.method.rawValue, pattern: "/" + route.path.map(\.description).joined(separator: "/"))
    }
}
