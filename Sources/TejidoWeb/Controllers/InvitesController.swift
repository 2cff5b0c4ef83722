import Fluent
import TejidoCore
import Vapor

/// Invitations: an admin issues a link (shown once), the invited person joins with it.
struct InvitesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.invitesPattern, use: list)
        routes.post(SiteURL.invitesPattern, use: create)
        routes.post(SiteURL.inviteRevokePattern, use: revoke)
        routes.get(SiteURL.joinPattern, use: showJoin)
        routes.post(SiteURL.joinPattern, use: join)
    }

    private func render(
        _ req: Request, _ collective: CollectiveRecord, form: FormState = .empty, newLink: String? = nil,
        resent: Bool = false, status: HTTPStatus = .ok
    ) async throws -> Response {
        let invites = try await InviteService(database: req.db, now: req.now).open(in: collective.requireID())
        let page = try InvitesPage.build(
            collective: collective, invites: invites, form: form, newLink: newLink, resent: resent,
            defaultDays: req.services.config.inviteLifetimeDays, request: SecretToken.generate().value, req.pageContext)
        return req.page(page, titleKey: "invites_title", status: status)
    }

    func list(_ req: Request) async throws -> Response {
        try await render(req, try await req.collective(for: .viewInvites))
    }

    struct CreateForm: Content, EmptyInitializable {
        var role: String?
        var days: String?
        var label: String?
        var request: String?
    }

    func create(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .createInvite)
        let user = try req.requireUser()
        let form = req.form(CreateForm.self)
        let values = ["role": form.role ?? "", "days": form.days ?? "", "label": form.label ?? ""]
        let service = InviteService(database: req.db, now: req.now)
        let nonce = form.request.flatMap { (32...64).contains($0.count) ? $0 : nil }
        if let nonce, try await service.alreadyIssued(requestNonce: nonce, in: collective.requireID()) {
            return try await render(req, collective, resent: true)
        }
        do {
            guard let role = form.role.flatMap(CollectiveRole.init(rawValue:)) else {
                throw TejidoError.invalid([FieldProblem(field: "role", messageKey: "error_role_unknown")])
            }
            let days = try InviteRules.validatedLifetime(days: form.days, default: req.services.config.inviteLifetimeDays)
            let label = try InviteRules.validatedLabel(form.label)
            let issued = try await service.issue(
                collectiveID: collective.requireID(), role: role, days: days, createdBy: user.id, label: label,
                requestNonce: nonce)
            // Shown on this response only: the token is not stored and cannot be shown again.
            return try await render(req, collective, newLink: req.absoluteURL(SiteURL.join(token: issued.token.value)))
        } catch TejidoError.invalid(let problems) {
            return try await render(
                req, collective, form: FormState(values: values, problems: problems, request: req),
                status: .unprocessableEntity)
        }
    }

    func revoke(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .revokeInvite)
        let service = InviteService(database: req.db, now: req.now)
        guard let invite = try await service.find(req.uuidParameter(.inviteID), in: collective.requireID()) else {
            throw TejidoError.notFound
        }
        try req.authorize(.revokeInvite, .invite(collectiveID: invite.$collective.id))
        try await service.revoke(invite)
        return req.redirect(.invites(slug: collective.slug))
    }

    struct JoinForm: Content, EmptyInitializable {
        var username: String?
        var passphrase: String?
        var confirmation: String?
    }

    private func joinPage(
        _ req: Request, _ invite: InviteRecord, token: String, form: FormState = .empty, status: HTTPStatus = .ok
    ) -> Response {
        let page = JoinPage.build(
            collectiveName: invite.collective.name, token: token, username: req.context.user?.username, form: form)
        return req.page(page, titleKey: "join_title", status: status)
    }

    /// Unknown, used, revoked and expired links all get the same answer.
    private func usableInvite(_ req: Request) async throws -> (InviteRecord, String) {
        try req.authorize(.usePublicPages, .publicPages)
        let token = req.parameters.get(.token) ?? ""
        guard let invite = try await InviteService(database: req.db, now: req.now).usable(token: token) else {
            throw TejidoError.inviteUnusable
        }
        return (invite, token)
    }

    func showJoin(_ req: Request) async throws -> Response {
        let (invite, token) = try await usableInvite(req)
        return joinPage(req, invite, token: token)
    }

    func join(_ req: Request) async throws -> Response {
        let (invite, token) = try await usableInvite(req)
        let service = InviteService(database: req.db, now: req.now)
        let collective = invite.collective
        if let user = req.context.user {
            do {
                try await req.db.transaction { db in try await service.redeem(invite, userID: user.id, on: db) }
            } catch TejidoError.conflict(let key) {
                let state = FormState(values: [:], problems: [FieldProblem(field: "form", messageKey: key)], request: req)
                return joinPage(req, invite, token: token, form: state, status: .conflict)
            }
            return req.redirect(.collective(slug: collective.slug))
        }

        let form = req.form(JoinForm.self)
        let accounts = AccountService(database: req.db, services: req.services, application: req.application)
        do {
            let username = try await accounts.validateNewAccount(
                username: form.username ?? "", passphrase: form.passphrase ?? "", confirmation: form.confirmation ?? "")
            let language = req.context.language
            let (user, key) = try await req.db.transaction { db in
                let made = try await accounts.create(username, passphrase: form.passphrase ?? "", language: language, on: db)
                try await service.redeem(invite, userID: made.user.requireID(), on: db)
                return made
            }
            let response = req.redirect(.collective(slug: collective.slug))
            try await SessionStore.start(
                userID: user.requireID(), key: key, collectiveID: collective.requireID(), on: req, response: response)
            return response
        } catch TejidoError.invalid(let problems) {
            let state = FormState(values: ["username": form.username ?? ""], problems: problems, request: req)
            return joinPage(req, invite, token: token, form: state, status: .unprocessableEntity)
        }
    }
}
