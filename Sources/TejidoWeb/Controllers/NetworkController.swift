import Fluent
import TejidoCore
import Vapor

/// A collective's connections to collectives on other instances (issue 18), for its admins.
struct NetworkController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.network(slug: .placeholder(.slug), .home), use: home)
        routes.post(SiteURL.network(slug: .placeholder(.slug), .invitations), use: invite)
        routes.post(SiteURL.network(slug: .placeholder(.slug), .withdrawInvitation(.placeholder(.itemID))), use: withdraw)
        routes.post(SiteURL.network(slug: .placeholder(.slug), .join), use: join)
        routes.get(NetworkPath.pattern(NetworkPath.connection), use: connection)
        routes.post(NetworkPath.pattern(NetworkPath.accept), use: accept)
        routes.post(NetworkPath.pattern(NetworkPath.pause), use: pause)
        routes.post(NetworkPath.pattern(NetworkPath.resume), use: resume)
        routes.post(NetworkPath.pattern(NetworkPath.end), use: end)
        routes.post(NetworkPath.pattern(NetworkPath.scopes), use: scopes)
    }

    private func env(_ req: Request) -> PeerEnvironment {
        PeerEnvironment(database: req.db, keys: req.services.keys, config: req.services.config, now: req.now, logger: req.logger)
    }

    private func render(
        _ req: Request, _ collective: CollectiveRecord, newInvitation: (text: String, expires: Date?)? = nil,
        inviteForm: FormState = .empty, joinForm: FormState = .empty, status: HTTPStatus = .ok
    ) async throws -> Response {
        let env = env(req)
        let collectiveID = try collective.requireID()
        let connections = try await env.connections.all(in: collectiveID)
        let page = try NetworkPage.build(
            collective: collective, fingerprint: env.keys.current.identity.publicKeys.fingerprint,
            canInvite: env.config.publicURL != nil, connections: connections,
            invitations: try await PairingService(env: env).openInvitations(in: collectiveID),
            refusals: try await PeerLedger(database: req.db, now: req.now).counts(connections: connections.map(\.id)),
            newInvitation: newInvitation, inviteForm: inviteForm, joinForm: joinForm, req.pageContext)
        return req.page(page, titleKey: "network_title", status: status)
    }

    func home(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .viewNetwork)
        return try await NewLink.showing(req) { text in
            // The invitation just made, carried over the redirect; read back for its expiry.
            let made = text.map { text in
                let read = try? PairingInvitation.read(text, now: req.now, allowPlainHTTP: true).get()
                return (text: text, expires: read?.expires)
            }
            return try await render(req, collective, newInvitation: made)
        }
    }

    struct InviteForm: Content, EmptyInitializable { var hours: String? }

    func invite(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .manageNetwork)
        let form = req.form(InviteForm.self)
        guard let hours = PairingInvitation.validatedHours(form.hours) else {
            return try await render(
                req, collective,
                inviteForm: FormState(
                    values: ["hours": form.hours ?? ""],
                    problems: [FieldProblem(field: "hours", messageKey: "network_error_hours")], request: req),
                status: .unprocessableEntity)
        }
        // Shown once, on the page the form redirects to (so a reload makes no second one): the
        // secret is sealed and the token kept as a hash.
        guard
            let invitation = try await PairingService(env: env(req)).invite(
                collectiveID: try collective.requireID(), hours: hours, by: try req.requireUser().id)
        else { return try await render(req, collective) }
        return NewLink.redirect(
            req, to: SiteURL.network(slug: collective.slug, .home).path, showing: invitation.text,
            anchor: "#new-invitation-heading")
    }

    func withdraw(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .manageNetwork)
        try await PairingService(env: env(req)).withdraw(
            invitation: try req.uuidParameter(.itemID), in: try collective.requireID())
        return req.redirect(to: SiteURL.network(slug: collective.slug, .home).path, redirectType: .normal)
    }

    struct JoinForm: Content, EmptyInitializable { var invitation: String? }

    func join(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .manageNetwork)
        let pasted = req.form(JoinForm.self).invitation ?? ""
        let result = try await PairingService(env: env(req)).join(
            pasted: pasted, collective: collective, http: req.application.http.client.shared)
        switch result {
        case .success(let connection):
            return req.redirect(
                to: SiteURL.network(slug: collective.slug, .connection(connection.id.text)).path, redirectType: .normal)
        case .failure(let problem):
            return try await render(
                req, collective,
                joinForm: FormState(
                    values: ["invitation": String(pasted.prefix(2000))],
                    problems: [FieldProblem(field: "invitation", messageKey: problem.rawValue)], request: req),
                status: .unprocessableEntity)
        }
    }

    /// The connection in the address, if it is this collective's (another's is 404).
    private func load(_ req: Request, for action: AccessAction) async throws -> (CollectiveRecord, PeerConnection) {
        let collective = try await req.collective(for: action)
        guard
            let connection = try await env(req).connections.find(
                try req.uuidParameter(.itemID), in: try collective.requireID())
        else { throw TejidoError.notFound }
        return (collective, connection)
    }

    func connection(_ req: Request) async throws -> Response {
        let (collective, connection) = try await load(req, for: .viewNetwork)
        let env = env(req)
        let page = ConnectionPage.build(
            collective: collective, connection: connection, ours: env.keys.current.identity.publicKeys.fingerprint,
            waiting: try await env.outbox.waiting(for: connection.id),
            refusals: try await PeerLedger(database: req.db, now: req.now).counts(connections: [connection.id]),
            saved: req.query[String.self, at: "saved"] == "1", req.pageContext)
        return req.page(page, titleKey: "network_connection_title")
    }

    /// Runs a change, asks for delivery, and goes back to the connection's page.
    private func change(
        _ req: Request, saved: Bool = false, _ body: (PeerConnection, PeerEnvironment) async throws -> Void
    ) async throws -> Response {
        let (collective, connection) = try await load(req, for: .manageNetwork)
        try await body(connection, env(req))
        req.application.peerDelivery.kick()
        return req.redirect(
            to: SiteURL.network(slug: collective.slug, .connection(connection.id.text)).path + (saved ? "?saved=1" : ""),
            redirectType: .normal)
    }

    func accept(_ req: Request) async throws -> Response {
        try await change(req) { connection, env in try await PairingService(env: env).accept(connection) }
    }

    func pause(_ req: Request) async throws -> Response {
        try await change(req) { connection, env in try await PeerConnectionChanges(env: env).pause(connection) }
    }

    func resume(_ req: Request) async throws -> Response {
        try await change(req) { connection, env in try await PeerConnectionChanges(env: env).resume(connection) }
    }

    func end(_ req: Request) async throws -> Response {
        try await change(req) { connection, env in try await PeerConnectionChanges(env: env).end(connection, notify: true) }
    }

    func scopes(_ req: Request) async throws -> Response {
        let fields = req.plainForm()
        let sends = Set(PeerScope.offered.filter { fields["send_\($0.rawValue)"] == "1" })
        let accepts = Set(PeerScope.offered.filter { fields["accept_\($0.rawValue)"] == "1" })
        return try await change(req, saved: true) { connection, env in
            try await PeerConnectionChanges(env: env).choose(connection, sends: sends, accepts: accepts)
        }
    }
}
