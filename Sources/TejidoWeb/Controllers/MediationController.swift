import Fluent
import TejidoCore
import Vapor

/// The outside mediator's side: the single-use link, then the entries shared with them and a
/// way to write back to the case's team. They hold no account.
struct MediationController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.mediate(token: ":token"), use: landing)
        routes.post(SiteURL.mediate(token: ":token"), use: redeem)
        routes.get(.mediation, use: show)
        routes.post(.mediation, use: write)
    }

    struct LandingView: Encodable {
        let action: String
    }

    func landing(_ req: Request) async throws -> Response {
        try req.authorize(.usePublicPages, .publicPages)
        let token = req.parameters.get(SiteURL.tokenParameter) ?? ""
        guard try await MediationService(database: req.db, keys: req.services.keys, now: req.now).isOpen(token) else {
            throw TejidoError.notFound
        }
        return try await req.page(
            "pages/mediate", titleKey: "mediate_title", LandingView(action: SiteURL.mediate(token: token).path))
    }

    func redeem(_ req: Request) async throws -> Response {
        try req.authorize(.usePublicPages, .publicPages)
        let token = req.parameters.get(SiteURL.tokenParameter) ?? ""
        let browserToken = try await MediationService(database: req.db, keys: req.services.keys, now: req.now).redeem(token)
        let response = req.redirect(.mediation)
        response.cookies[req.services.cookies.mediator] = req.services.cookies.value(browserToken)
        return response
    }

    struct MediationView: Encodable {
        struct Entry: Encodable {
            let when: String
            let who: String
            let kind: String
            let text: String
        }
        let label: String
        let note: String
        let until: String
        let entries: [Entry]
        let action: String
        let form: FormState
        let written: Bool
    }

    /// The grant this browser holds, allowed by the access policy for `action`.
    private func grant(_ req: Request, for action: AccessAction) async throws -> (MediatorGrant, CaseFile, Date) {
        guard let grantID = req.context.actor.mediationGrant,
            let (row, grant, file) = try await MediationService(database: req.db, keys: req.services.keys, now: req.now)
                .grant(grantID)
        else {
            try req.authorize(action, .publicPages)
            throw TejidoError.notFound
        }
        try req.authorize(
            action,
            .mediation(
                MediationFacts(
                    // A paused, withdrawn or closed case is shown to no mediator.
                    grantID: grantID, collectiveID: file.collectiveID, isActive: row.isActive(at: req.now) && file.stage.isOpen)))
        return (grant, file, row.expiresAt)
    }

    func show(_ req: Request) async throws -> Response {
        let (grant, file, until) = try await grant(req, for: .viewMediation)
        try await req.caseStore.log(.mediatorViewed, vault: file.vault, userID: nil, at: req.now)
        return try await render(req, grant, file, until, FormState())
    }

    private func render(
        _ req: Request, _ grant: MediatorGrant, _ file: CaseFile, _ until: Date, _ form: FormState, status: HTTPStatus = .ok
    ) async throws -> Response {
        let dates = DateFormatting(language: req.context.language)
        let shared = Set(grant.entryIDs)
        let rows = try await CaseEntryRecord.query(on: req.db).filter(\.$caseFile.$id == file.id)
            .filter(\.$redactedAt == nil).sort(\.$createdAt).all()
        // Only the chosen entries, never names: the mediator learns each writer's part in the case.
        let entries = rows.compactMap { row -> MediationView.Entry? in
            guard let id = row.id, shared.contains(id),
                let body = file.open(EntryBody.self, row.body, field: "entry", row: id)
            else { return nil }
            let role = file.person(id: body.author)?.role
            return .init(
                when: dates.day(row.createdAt), who: role.map { req.t("case_role_\($0.rawValue)") } ?? req.t("case_someone"),
                kind: req.t("entry_kind_\(body.kind.rawValue)"), text: body.text)
        }
        return try await req.page(
            "pages/mediation", titleKey: "mediation_title",
            MediationView(
                label: grant.label, note: grant.note, until: dates.day(until), entries: entries,
                action: SiteURL.mediation.path, form: form, written: req.query[String.self, at: "written"] != nil),
            status: status)
    }

    /// The mediator writes to the case's team (everyone in it but the respondent).
    func write(_ req: Request) async throws -> Response {
        let (grant, file, until) = try await grant(req, for: .writeAsMediator)
        let text = (req.plainForm()["text"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= EntryBody.textLimit else {
            let problem = FieldProblem(field: "text", messageKey: text.isEmpty ? "error_note_empty" : "error_text_long")
            return try await render(
                req, grant, file, until, FormState(values: ["text": text], problems: [problem], request: req),
                status: .unprocessableEntity)
        }
        let service = req.caseService
        try await service.commit(file, .mediatorWrote, by: nil) { db in
            try await service.appendEntry(
                db, file, author: nil,
                EntryBody(kind: .note, visibility: .caseTeam, text: text, values: ["by_mediator": grant.label]))
        }
        return req.redirect(to: SiteURL.mediation.path + "?written=1", redirectType: .normal)
    }
}
