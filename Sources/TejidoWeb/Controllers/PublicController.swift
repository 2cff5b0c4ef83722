import Fluent
import Vapor

/// Pages that need no account: the front page, about, and the health check.
struct PublicController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.home, use: home)
        routes.get(.about, use: about)
        routes.get(.healthz) { req in
            try req.authorize(.usePublicPages, .publicPages)
            return Response(status: .ok)
        }
        // Browsers ask for it on their own. No icon is kept: one would mark the site in tabs,
        // bookmarks and history on a watched device.
        routes.get(.favicon) { req in
            try req.authorize(.usePublicPages, .publicPages)
            return Response(status: .noContent)
        }
    }

    struct HomeView: Encodable {
        let setupOpen: Bool
        /// Setup can be done from here (the server itself, or the operator allowed it).
        let setupHere: Bool
        let setupHref: String
        let loginHref: String
        /// The help page, which lists legal and immigration help too.
        let helpHref: String
        /// The instance's collective's public directory, when the instance is one collective's.
        let directoryHref: String?
    }

    func home(_ req: Request) async throws -> Response {
        try req.authorize(.usePublicPages, .publicPages)
        if req.context.user != nil {
            if let current = req.context.currentMembership { return req.redirect(.collective(slug: current.slug)) }
            return req.redirect(.collectives)
        }
        let setupOpen = try await SetupService(application: req.application, database: req.db).isOpen()
        return try await req.page(
            "pages/home", titleKey: "home_title",
            HomeView(
                setupOpen: setupOpen, setupHere: req.isFromLoopback || req.services.config.setupFromAnyAddress,
                setupHref: SiteURL.setup.path, loginHref: SiteURL.login.path,
                helpHref: SiteURL.help(language: req.context.language, slug: nil).path,
                directoryHref: try await CollectiveService(database: req.db, now: req.now).sole().map {
                    SiteURL.publicDirectory(slug: $0.slug).path
                }))
    }

    func about(_ req: Request) async throws -> Response {
        try req.authorize(.usePublicPages, .publicPages)
        return try await req.page("pages/about", titleKey: "about_title", NoContent())
    }
}
