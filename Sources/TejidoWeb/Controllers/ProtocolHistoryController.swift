import TejidoCore
import Vapor

/// Every saved version of the protocol, who saved it and when, its decisions, and the
/// differences between any two.
struct ProtocolHistoryController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.protocolVersionsPattern, use: versions)
        routes.get(SiteURL.protocolDiffPattern, use: diff)
    }

    func versions(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .viewProtocol)
        let queries = ProtocolQueries(database: req.db, collectiveID: try collective.requireID())
        let page = ProtocolVersionsPage.build(
            slug: collective.slug, versions: try await queries.all(), decisions: try await queries.adoptionDecisions(),
            current: try await queries.adopted()?.version.number, req.pageContext)
        return req.page(page, titleKey: "protocol_versions_title")
    }

    func diff(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .viewProtocol)
        let queries = ProtocolQueries(database: req.db, collectiveID: try collective.requireID())
        guard let latest = try await queries.latest() else { throw TejidoError.notFound }
        let to = req.query[Int.self, at: "to"] ?? latest.number
        let from = req.query[Int.self, at: "from"] ?? max(1, to - 1)
        guard let old = try await queries.version(number: from), let new = try await queries.version(number: to) else {
            throw TejidoError.notFound
        }
        let diff = ProtocolDiff(from: try old.document(), to: try new.document(), in: req.context.language)
        let page = ProtocolDiffPage.build(slug: collective.slug, from: from, to: to, diff: diff, req.pageContext)
        return req.page(page, titleKey: "protocol_diff_title")
    }
}
