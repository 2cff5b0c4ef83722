import Fluent
import TejidoCore
import Vapor

/// "Worried about someone?": a public page for the friends and family of someone who was harmed
/// and for someone afraid they caused harm, in English at /worried and Spanish at /preocupa, for
/// the instance or one collective. Built like the immediate-help page: it stores nothing, sets no
/// cookie and reads no session (`SiteURL.isStoreless`), and shows only directory entries the
/// collective published.
struct WorriedController: RouteCollection {
    static let forHarmed: [ResourceKind] = [.survivorSupport, .counselling]
    static let forWhoHarmed: [ResourceKind] = [.programmeForPeopleWhoHarmed, .masculinityGroup]

    func boot(routes: any RoutesBuilder) throws {
        for language in Language.allCases {
            routes.get(SiteURL.worried(language: language, slug: nil)) { try await self.page($0, language: language, slug: nil) }
            routes.get(SiteURL.worried(language: language, slug: .placeholder(.slug)).pathComponents) {
                try await self.page($0, language: language, slug: $0.parameters.get(.slug))
            }
        }
    }

    func page(_ req: Request, language: Language, slug: String?) async throws -> Response {
        let (collective, owner, ids) = try await req.publicPageScope(slug: slug)
        let queries = DirectoryQueries(database: req.db)
        let p = req.pageContext
        func published(_ kinds: [ResourceKind]) async throws -> [EntryCard] {
            var cards: [EntryCard] = []
            for kind in kinds {
                cards += try await queries.search(DirectorySearch(kind: kind), in: ids, audience: .everyone).entries.map {
                    EntryCard(
                        $0, href: nil, editHref: nil, now: req.now, staleMonths: req.services.config.directoryStaleMonths, p)
                }
            }
            return cards
        }
        let page = WorriedPage.build(
            language: language, slug: slug, collectiveName: collective?.name, forHarmed: try await published(Self.forHarmed),
            forWhoHarmed: try await published(Self.forWhoHarmed), directorySlug: owner?.slug, p)
        return req.page(page, titleKey: "worried_title")
    }
}
