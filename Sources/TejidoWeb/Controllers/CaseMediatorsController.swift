import TejidoCore
import Vapor

/// The survivor's side invites an outside mediator to chosen entries, and revokes them.
struct CaseMediatorsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.casePattern(.mediators), use: show)
        routes.post(SiteURL.casePattern(.mediators), use: invite)
        routes.post(SiteURL.casePattern(.mediatorRevoke(.placeholder(.itemID))), use: revoke)
    }

    func show(_ req: Request) async throws -> Response {
        // Seeing and ending invitations works even while the case is paused; inviting does not.
        let context = try await req.caseContext(for: .manageCaseConsents, logging: .viewed)
        return try await NewLink.showing(req) {
            try await render(req, context, FormState(values: ["days": "\(MediatorGrant.defaultDays)"]), link: $0)
        }
    }

    /// Connected collectives a mediator invitation may be addressed to: those that take mediation
    /// requests from us, while this server knows its own public address (the link names it).
    private func collectives(_ req: Request, _ context: CaseContext) async throws -> [PeerConnection] {
        guard req.services.config.publicURL != nil else { return [] }
        return try await PeerConnections(database: req.db, keys: req.services.keys, now: req.now)
            .all(in: context.file.collectiveID).filter { $0.sends(.mediation) }
    }

    private func render(
        _ req: Request, _ context: CaseContext, _ form: FormState, link: String?, status: HTTPStatus = .ok
    ) async throws -> Response {
        let service = req.caseService
        let mediators = try await service.mediators(context.file)
        let connections = try await PeerConnections(database: req.db, keys: req.services.keys, now: req.now)
            .all(in: context.file.collectiveID)
        let names = Dictionary(connections.map { ($0.id, $0.details.name) }) { a, _ in a }
        let requests = MediationRequests(database: req.db, keys: req.services.keys, now: req.now)
        let sent = try await requests.sent(mediators: mediators.map(\.id))
        let problems = try await requests.deliveryProblems()
        let allowed = try await service.responseRules(context.file)?.allowed.contains(.outsideMediation) == true
        let page = MediatorsPage.build(
            mediators: mediators,
            sentTo: sent.mapValues { request in
                let problem = request.id.flatMap { problems[$0] }
                let used = mediators.first { $0.id == request.mediatorID }?.record.redeemedAt != nil
                let status =
                    used
                    ? "mediator_sent_to_used"
                    : request.withdrawnAt != nil
                        ? "mediator_sent_to_withdrawn"
                        : request.deliveredAt != nil
                            ? "mediator_sent_to_delivered"
                            : problem.map { $0.hasPrefix("refused") || $0 == "bad_reply" }.map {
                                $0 ? "mediator_sent_to_refused" : "mediator_sent_to_unreachable"
                            } ?? "mediator_sent_to_waiting"
                return (names[request.connectionID] ?? "", status)
            },
            shareable: try await service.shareableEntries(context.file, for: context.me), me: context.me.role,
            wishes: context.file.wishes, mayInvite: req.may(.inviteMediator, in: context), allowed: allowed,
            collectives: try await collectives(req, context).map { Choice(value: $0.id.text, label: $0.details.name) },
            now: req.now, links: context.links, form: form, link: link, req.pageContext)
        return req.page(page, titleKey: "case_mediators_title", status: status)
    }

    func invite(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .inviteMediator)
        let form = req.plainForm()
        do {
            // Addressed to a connected collective, or passed on by hand: checked before anything is made.
            let chosen = (form["to_collective"] ?? "").trimmingCharacters(in: .whitespaces)
            let collective = try await collectives(req, context).first { $0.id == UUID(uuidString: chosen) }
            if !chosen.isEmpty, collective == nil {
                throw TejidoError.invalid([FieldProblem(field: "to_collective", messageKey: "error_mediator_to_collective")])
            }
            let (grant, days) = try MediatorGrant.validated(
                label: form["label"] ?? "",
                entryIDs: FormIDs.ticked(form, prefix: "entry_"),
                note: form["note"] ?? "", days: form["days"] ?? "")
            let made = try await req.caseService.inviteMediator(
                context.file, grant, days: days, agreement: AgreementFields.read(form), by: context.me,
                userID: context.userID)
            if let collective, let base = req.services.config.publicURL {
                // Sent over the connection, never shown here: one copy of a single-use link.
                try await MediationRequests(database: req.db, keys: req.services.keys, now: req.now).address(
                    link: base.value + SiteURL.mediate(token: made.token).path, note: grant.note,
                    expires: req.now.addingTimeInterval(Double(days) * 86_400), mediatorID: made.id,
                    collectiveID: context.file.collectiveID, connection: collective.id)
                req.application.peerDelivery.kick()
                return req.redirect(context.url(.mediators))
            }
            // The link is shown this once, after a redirect so a reload makes no second one; only
            // its hash is kept.
            return NewLink.redirect(req, to: context.href(.mediators), showing: req.absoluteURL(.mediate(token: made.token)))
        } catch TejidoError.invalid(let problems) {
            return try await render(
                req, context, FormState(values: form, problems: problems, request: req), link: nil,
                status: .unprocessableEntity)
        }
    }

    func revoke(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .manageCaseConsents)
        try await req.caseService.revokeMediator(context.file, try req.itemID(), by: context.userID)
        return req.redirect(context.url(.mediators))
    }
}
