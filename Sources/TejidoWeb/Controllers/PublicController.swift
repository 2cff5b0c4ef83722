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

    func home(_ req: Request) async throws -> Response {
        try req.authorize(.usePublicPages, .publicPages)
        if req.context.user != nil {
            if let current = req.context.currentMembership { return req.redirect(.collective(slug: current.slug)) }
            return req.redirect(.collectives)
        }
        let setupOpen = try await SetupService(application: req.application, database: req.db).isOpen()
        let sole = try await CollectiveService(database: req.db, now: req.now).sole()
        // The frame decides neutral titles; the heading follows it.
        let chrome = PageChrome(request: req, titleKey: "home_title")
        let page = HomePage.build(
            neutralName: chrome.neutral ? chrome.siteName : nil, setupOpen: setupOpen,
            setupHere: req.isFromLoopback || req.services.config.setupFromAnyAddress, soleSlug: sole?.slug, req.pageContext)
        return req.page(page, titleKey: "home_title")
    }

    func about(_ req: Request) async throws -> Response {
        try req.authorize(.usePublicPages, .publicPages)
        return req.page(AboutPage(), titleKey: "about_title")
    }
}
