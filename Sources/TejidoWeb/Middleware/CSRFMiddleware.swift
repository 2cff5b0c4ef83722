import TejidoCore
import Vapor

/// Cross-site request forgery protection for every state-changing request: the form must carry a
/// token equal to the one in this browser's own cookie (which another site can neither read nor
/// set), and a browser that says the request came from another site is refused outright.
struct CSRFMiddleware: AsyncMiddleware {
    static let fieldName = "_csrf"
    static let maximumFormSize = 256 * 1024
    /// A whole protocol file (up to 1 MB of JSON) sent as a form, only where one is expected — and
    /// only to someone signed in with the right to edit, which the route checks next.
    static let maximumFileFormSize = 2 * 1024 * 1024

    static func limit(for path: String) -> Int {
        path.hasSuffix("/protocol/draft/start") || path.hasSuffix("/directory/import") ? maximumFileFormSize : maximumFormSize
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        // Requests between instances carry no cookie for a forger to ride on; each is signed.
        if PeerPath.isPeerPath(request.url.path) { return try await next.respond(to: request) }
        let cookieName = request.services.cookies.formToken
        var issued: String?
        if let existing = request.cookies[cookieName]?.string, existing.count >= 32 {
            request.context.csrfToken = existing
        } else {
            issued = SecretToken.generate().value
            request.context.csrfToken = issued!
        }

        // Quick exit only ever ends a session — the safe direction — and must work even from a page
        // whose token went stale (another tab signed in again): it is never refused.
        if ![.GET, .HEAD, .OPTIONS].contains(request.method), request.url.path != SiteURL.exit.path {
            try await check(request, hadCookie: issued == nil)
        }

        let response = try await next.respond(to: request)
        // The help pages store nothing; quick exit forgets the token along with everything else.
        if SiteURL.isStoreless(request.url.path) || request.url.path == SiteURL.exit.path { return response }
        if issued != nil || request.context.csrfToken != request.cookies[cookieName]?.string {
            response.cookies[cookieName] = request.services.cookies.value(request.context.csrfToken)
        }
        return response
    }

    private func check(_ request: Request, hadCookie: Bool) async throws {
        // Browsers say where a request came from; only this very origin may change anything
        // (not even a sibling subdomain, which shares "site" with us).
        if let site = request.headers.first(name: "Sec-Fetch-Site"), site != "same-origin" { throw TejidoError.forbidden }
        // Collect the body here so the handler can decode it afterwards.
        let limit = Self.limit(for: request.url.path)
        let body = try await request.body.collect(max: limit).get()
        // A body that arrived already collected skips collect's limit; check it here as well.
        if (body?.readableBytes ?? 0) > limit { throw Abort(.payloadTooLarge) }
        let sent = (try? request.content.get(String.self, at: Self.fieldName)) ?? ""
        guard hadCookie, SecretToken.constantTimeEquals(sent, request.context.csrfToken) else {
            throw FormExpired()
        }
    }

    /// A new token for a newly signed-in (or signed-out) browser.
    static func rotate(on request: Request) {
        request.context.csrfToken = SecretToken.generate().value
    }
}

/// The form's token did not match: usually a page left open too long, or opened in two tabs
/// across a sign-in. Shown as a friendly "please try again", never as a crash.
struct FormExpired: Error {}
