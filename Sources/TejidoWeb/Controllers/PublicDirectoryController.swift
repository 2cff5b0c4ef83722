import TejidoCore
import Vapor

/// The entries a collective published, for anyone, without an account.
struct PublicDirectoryController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.publicDirectoryPattern, use: list)
    }

    func list(_ req: Request) async throws -> Response {
        let collective = try await req.publicCollective()
        let search = DirectorySearchForm.read(req)
        let page = try await DirectoryQueries(database: req.db).search(search, in: [collective.requireID()], audience: .everyone)
        let action = SiteURL.publicDirectory(slug: collective.slug).path
        let offered = try await DirectoryQueries(database: req.db).languages(
            in: [collective.requireID()], audience: .everyone)
        let p = req.pageContext
        let form = DirectorySearchForm(search, action: action, offered: offered, p)
        let results = DirectoryResults(
            cards: page.entries.map {
                EntryCard($0, href: nil, editHref: nil, now: req.now, staleMonths: req.services.config.directoryStaleMonths, p)
            }, isSearch: form.isSearch,
            previousHref: search.page > 1 ? DirectorySearchForm.pageHref(action, search, page: search.page - 1) : nil,
            nextHref: page.hasMore ? DirectorySearchForm.pageHref(action, search, page: search.page + 1) : nil)
        return req.page(
            PublicDirectoryPage.build(collective: collective, search: form, results: results, p), titleKey: "directory_title")
    }
}

extension Request {
    /// A collective named in a public address: its published entries and help page are for
    /// anyone. Nothing is remembered about the visit.
    func publicCollective() async throws -> CollectiveRecord {
        guard let slug = parameters.get(.slug), CollectiveName.isPlausibleSlug(slug),
            let collective = try await CollectiveService(database: db, now: now).find(slug: slug)
        else { throw TejidoError.notFound }
        try authorize(.viewPublicDirectory, .collective(id: collective.requireID()))
        return collective
    }
}
