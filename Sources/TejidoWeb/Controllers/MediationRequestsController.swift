import Foundation
import TejidoCore
import Vapor

/// Requests from connected collectives to find an outside mediator (issue 18, item 6), for this
/// collective's care team only: each with the single-use link its case's survivor's side made,
/// to pass to whoever will mediate. The link opens on the sender's server; Tejido never fetches it.
struct MediationRequestsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SharedPath.pattern(.mediationRequests).pathComponents, use: list)
        routes.post(SharedPath.pattern(SharedPath.removeMediationRequest).pathComponents, use: remove)
    }

    private func store(_ req: Request) -> MediationRequests {
        MediationRequests(database: req.db, keys: req.services.keys, now: req.now)
    }

    func list(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .viewMediationRequests)
        let collectiveID = try collective.requireID()
        let connections = try await PeerConnections(database: req.db, keys: req.services.keys, now: req.now)
            .all(in: collectiveID)
        let page = MediationRequestsPage.build(
            requests: try await store(req).queue(collectiveID: collectiveID),
            names: Dictionary(connections.map { ($0.id, $0.details.name) }) { a, _ in a }, slug: collective.slug,
            req.pageContext)
        return req.page(page, titleKey: "mediation_requests_title")
    }

    func remove(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .viewMediationRequests)
        try await store(req).remove(try req.uuidParameter(.itemID), collectiveID: try collective.requireID())
        return req.redirect(to: SiteURL.shared(slug: collective.slug, .mediationRequests).path, redirectType: .normal)
    }
}
