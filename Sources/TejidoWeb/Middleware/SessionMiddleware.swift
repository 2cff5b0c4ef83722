import Fluent
import TejidoCore
import Vapor

/// Reads the session cookie, checks the session is still alive, and fills the request context with
/// the actor, their memberships and their language. An expired or unknown token is a visitor.
struct SessionMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        // The immediate-help page stores nothing: no session is read (so none is refreshed), and
        // its language comes from its address alone.
        // Another instance's request carries no session: it is judged by its signature alone.
        if PeerPath.isPeerPath(request.url.path) { return try await next.respond(to: request) }
        if SiteURL.isStoreless(request.url.path) {
            request.context.language = ["/ayuda", "/preocupa"].contains { request.url.path.hasPrefix($0) } ? .es : .en
            return try await next.respond(to: request)
        }
        try await SessionStore.load(into: request)
        try await MediatorAccess.load(into: request)
        request.context.language = LanguageChoice.resolve(for: request)
        return try await next.respond(to: request)
    }
}

/// The reader's language: their account's choice, else the language cookie, else the browser's.
enum LanguageChoice {
    static func resolve(for request: Request) -> Language {
        if let chosen = request.context.user?.language { return chosen }
        if let cookie = request.cookies[request.services.cookies.language]?.string, let language = Language(rawValue: cookie) {
            return language
        }
        return Language.preferred(fromAcceptLanguage: request.headers.first(name: .acceptLanguage)) ?? .en
    }
}

/// An outside mediator's browser token: it adds that one grant to whoever is asking, so the
/// access policy can open that grant's view and nothing more.
enum MediatorAccess {
    static func load(into request: Request) async throws {
        guard let token = request.cookies[request.services.cookies.mediator]?.string, !token.isEmpty, token.count <= 128,
            let row = try await CaseMediatorRecord.query(on: request.db).filter(\.$sessionHash == SecretToken.hash(token))
                .first(),
            let grantID = row.id
        else { return }
        let actor = request.context.actor
        request.context.actor = Actor(userID: actor.userID, memberships: actor.memberships, mediationGrant: grantID)
    }
}
