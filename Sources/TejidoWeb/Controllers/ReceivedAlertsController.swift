import Foundation
import TejidoCore
import Vapor

/// The receiving side of alerts: the queue for the collective's care team only (admins and members
/// as such do not read it), a note of what they did, and refusing a peer's alerts from now on.
/// Nothing here forwards an alert: there is no route that sends a received one anywhere.
struct ReceivedAlertsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.receivedAlerts(slug: .placeholder(.slug), .queue), use: queue)
        routes.post(SiteURL.receivedAlerts(slug: .placeholder(.slug), .note(.placeholder(.itemID))), use: note)
        routes.post(SiteURL.receivedAlerts(slug: .placeholder(.slug), .refuse(.placeholder(.itemID))), use: refuse)
    }

    private func env(_ req: Request) -> PeerEnvironment {
        PeerEnvironment(database: req.db, keys: req.services.keys, config: req.services.config, now: req.now, logger: req.logger)
    }

    private func render(
        _ req: Request, _ collective: CollectiveRecord, _ form: FormState, status: HTTPStatus = .ok
    ) async throws -> Response {
        let collectiveID = try collective.requireID()
        let alerts = try await ReceivedAlerts(database: req.db, keys: req.services.keys, now: req.now)
            .queue(collectiveID: collectiveID)
        let connections = try await env(req).connections.all(in: collectiveID)
        let page = ReceivedAlertsPage.build(
            alerts: alerts, connections: connections, slug: collective.slug, form: form, req.pageContext)
        return req.page(page, titleKey: "received_alerts_title", status: status)
    }

    func queue(_ req: Request) async throws -> Response {
        try await render(req, try await req.collective(for: .viewReceivedAlerts), FormState())
    }

    func note(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .handleReceivedAlerts)
        let id = try req.uuidParameter(.itemID)
        let text = req.plainForm()["note"] ?? ""
        do {
            try await ReceivedAlerts(database: req.db, keys: req.services.keys, now: req.now)
                .note(id, collectiveID: try collective.requireID(), text: text)
        } catch TejidoError.invalid(let problems) {
            return try await render(
                req, collective, FormState(values: ["alert": id.text, "note": text], problems: problems, request: req),
                status: .unprocessableEntity)
        }
        return req.redirect(
            to: SiteURL.receivedAlerts(slug: collective.slug, .queue).path + "#alert-\(id.text)", redirectType: .normal)
    }

    /// No more alerts from this collective: this side stops taking the `alerts` scope, and the
    /// peer is told; what it sent before stays until it expires or is retracted.
    func refuse(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .handleReceivedAlerts)
        let env = env(req)
        guard let connection = try await env.connections.find(try req.uuidParameter(.itemID), in: try collective.requireID())
        else { throw TejidoError.notFound }
        var accepts = connection.accepts
        accepts.remove(.alerts)
        try await PeerConnectionChanges(env: env).choose(connection, sends: connection.sends, accepts: accepts)
        return req.redirect(to: SiteURL.receivedAlerts(slug: collective.slug, .queue).path, redirectType: .normal)
    }
}
