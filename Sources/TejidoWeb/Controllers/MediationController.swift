import Fluent
import TejidoCore
import Vapor

/// The outside mediator's side: the single-use link, then the entries shared with them and a
/// way to write back to the case's team. They hold no account.
struct MediationController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.mediate(token: .placeholder(.token)), use: landing)
        routes.post(SiteURL.mediate(token: .placeholder(.token)), use: redeem)
        routes.get(.mediation, use: show)
        routes.post(.mediation, use: write)
    }

    func landing(_ req: Request) async throws -> Response {
        try req.authorize(.usePublicPages, .publicPages)
        let token = req.parameters.get(.token) ?? ""
        guard try await MediationService(database: req.db, keys: req.services.keys, now: req.now).isOpen(token) else {
            throw TejidoError.notFound
        }
        return req.page(MediateLandingPage(action: SiteURL.mediate(token: token).path), titleKey: "mediate_title")
    }

    func redeem(_ req: Request) async throws -> Response {
        try req.authorize(.usePublicPages, .publicPages)
        let token = req.parameters.get(.token) ?? ""
        let browserToken = try await MediationService(database: req.db, keys: req.services.keys, now: req.now).redeem(token)
        let response = req.redirect(.mediation)
        response.cookies[req.services.cookies.mediator] = req.services.cookies.value(browserToken)
        return response
    }

    /// The grant this browser holds, allowed by the access policy for `action`.
    private func grant(_ req: Request, for action: AccessAction) async throws -> MediationService.Held {
        guard let grantID = req.context.actor.mediationGrant,
            let token = req.cookies[req.services.cookies.mediator]?.string,
            let held = try await MediationService(database: req.db, keys: req.services.keys, now: req.now)
                .grant(grantID, token: token)
        else {
            try req.authorize(action, .publicPages)
            throw TejidoError.notFound
        }
        let stage = CaseStage(rawValue: held.record.stage) ?? .deleted
        try req.authorize(
            action,
            .mediation(
                MediationFacts(
                    // A paused, withdrawn or closed case is shown to no mediator.
                    grantID: grantID, collectiveID: held.record.$collective.id,
                    isActive: held.row.isActive(at: req.now) && stage.isOpen)))
        return held
    }

    func show(_ req: Request) async throws -> Response {
        let held = try await grant(req, for: .viewMediation)
        try await req.caseStore.log(.mediatorViewed, box: held.box, userID: nil, at: req.now)
        return render(req, held, FormState())
    }

    private func render(
        _ req: Request, _ held: MediationService.Held, _ form: FormState, status: HTTPStatus = .ok
    ) -> Response {
        let page = MediationPage.build(
            packet: held.packet, expiresAt: held.row.expiresAt, written: req.query[String.self, at: "written"] != nil,
            form: form, req.pageContext)
        return req.page(page, titleKey: "mediation_title", status: status)
    }

    /// The mediator writes to the case's team (everyone in it but the respondent).
    func write(_ req: Request) async throws -> Response {
        let held = try await grant(req, for: .writeAsMediator)
        let text = (req.plainForm()["text"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= EntryBody.textLimit else {
            let problem = FieldProblem(field: "text", messageKey: text.isEmpty ? "error_note_empty" : "error_text_long")
            return render(
                req, held, FormState(values: ["text": text], problems: [problem], request: req), status: .unprocessableEntity)
        }
        try await MediationService(database: req.db, keys: req.services.keys, now: req.now)
            .write(text, label: held.packet.label, into: held)
        return req.redirect(to: SiteURL.mediation.path + "?written=1", redirectType: .normal)
    }
}
