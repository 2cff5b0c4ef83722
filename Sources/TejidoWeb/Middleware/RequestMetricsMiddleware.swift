import Vapor

/// Counts and times each request by its route pattern, method and status (`TejidoMetrics`), never
/// its real path. First in the chain, so the time covers every other middleware too.
struct RequestMetricsMiddleware: AsyncMiddleware {
    let metrics: TejidoMetrics

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let started = ContinuousClock.now
        do {
            let response = try await next.respond(to: request)
            metrics.request(request.routeName, status: response.status.code, took: .now - started)
            return response
        } catch {
            // An error that got past the error page is counted as the server error it becomes.
            metrics.request(request.routeName, status: HTTPStatus.internalServerError.code, took: .now - started)
            throw error
        }
    }
}
