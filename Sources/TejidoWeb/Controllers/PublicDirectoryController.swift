import TejidoCore
import Vapor

/// The entries a collective published, for anyone, without an account.
struct PublicDirectoryController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.publicDirectoryPattern, use: list)
    }

    struct ListView: Encodable {
        let collectiveName: String
        let search: DirectorySearchForm
        let cards: [EntryCard]
        let previousHref: String?
        let nextHref: String?
        let helpHref: String
    }

    func list(_ req: Request) async throws -> Response {
        let collective = try await req.publicCollective()
        let search = DirectorySearchForm.read(req)
        let page = try await DirectoryQueries(database: req.db).search(search, in: [collective.requireID()], audience: .everyone)
        let action = SiteURL.publicDirectory(slug: collective.slug).path
        let offered = try await DirectoryQueries(database: req.db).languages(
            in: [collective.requireID()], audience: .everyone)
        return try await req.page(
            "pages/directory-public", titleKey: "directory_title",
            ListView(
                collectiveName: collective.name,
                search: DirectorySearchForm(search, action: action, request: req, offered: offered),
                cards: page.entries.map { EntryCard($0, request: req, href: nil, editHref: nil) },
                previousHref: search.page > 1 ? DirectorySearchForm.pageHref(action, search, page: search.page - 1) : nil,
                nextHref: page.hasMore ? DirectorySearchForm.pageHref(action, search, page: search.page + 1) : nil,
                helpHref: SiteURL.help(language: req.context.language, slug: collective.slug).path))
    }
}

extension Request {
    /// A collective named in a public address: its published entries and help page are for
    /// anyone. Nothing is remembered about the visit.
    func publicCollective() async throws -> CollectiveRecord {
        guard let slug = parameters.get(SiteURL.slugParameter), CollectiveName.isPlausibleSlug(slug),
            let collective = try await CollectiveService(database: db, now: now).find(slug: slug)
        else { throw TejidoError.notFound }
        try authorize(.viewPublicDirectory, .collective(id: collective.requireID()))
        return collective
    }
}
