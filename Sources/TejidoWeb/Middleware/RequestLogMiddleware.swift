import Vapor

/// Logs each request by its route pattern ("GET /join/:token"), never its actual path: paths
/// carry invite tokens and collective names, and logs must carry neither.
struct RequestLogMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        request.logger.info("\(request.routeName) \(response.status.code)")
        return response
    }
}
