import Vapor

/// Fails closed: a route that answers without having asked the access policy is a bug, and its
/// answer is withheld rather than risk showing what the policy would have refused. Denials
/// (thrown errors) pass through untouched; only successful answers need a recorded decision.
struct PolicyConsultedMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        if request.route != nil, !request.context.policyConsulted {
            throw UnauthorizedRoute()
        }
        return response
    }
}

struct UnauthorizedRoute: Error {}
