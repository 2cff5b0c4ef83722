import TejidoCore
import Vapor

/// The survivor's side invites an outside mediator to chosen entries, and revokes them.
struct CaseMediatorsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.casePattern(.mediators), use: show)
        routes.post(SiteURL.casePattern(.mediators), use: invite)
        routes.post(SiteURL.casePattern(.mediatorRevoke(":itemID")), use: revoke)
    }

    struct MediatorsView: Encodable {
        struct Row: Encodable {
            let label: String
            let status: String
            let shared: Int
            let revokeAction: String?
        }
        struct Pick: Encodable {
            let value: String
            let label: String
            let checked: Bool
        }
        let backHref: String
        let rows: [Row]
        let newLink: String?
        /// Nil where no one may be invited now (a paused case, a harm the protocol keeps inside).
        let action: String?
        let picks: [Pick]
        let form: FormState
        let agreement: AgreementFields?
        /// The wishes page, while "nothing leaves the collective" stands and so keeps mediators out.
        let keptInCollective: String?
    }

    func show(_ req: Request) async throws -> Response {
        // Seeing and ending invitations works even while the case is paused; inviting does not.
        let context = try await req.caseContext(for: .manageCaseConsents, logging: .viewed)
        return try await NewLink.showing(req) {
            try await render(req, context, FormState(values: ["days": "\(MediatorGrant.defaultDays)"]), link: $0)
        }
    }

    private func render(
        _ req: Request, _ context: CaseContext, _ form: FormState, link: String?, status: HTTPStatus = .ok
    ) async throws -> Response {
        let service = req.caseService
        let dates = DateFormatting(language: req.context.language)
        let rows = try await service.mediators(context.file).map { mediator in
            let record = mediator.record
            let status: String =
                if record.revokedAt != nil {
                    req.t("mediator_status_revoked")
                } else if record.expiresAt <= req.now {
                    req.t("mediator_status_expired")
                } else if record.redeemedAt == nil {
                    req.t("mediator_status_waiting", ["date": dates.day(record.expiresAt)])
                } else {
                    req.t("mediator_status_active", ["date": dates.day(record.expiresAt)])
                }
            return MediatorsView.Row(
                label: mediator.grant.label, status: status, shared: mediator.grant.entryIDs.count,
                revokeAction: record.isActive(at: req.now) ? context.href(.mediatorRevoke(mediator.id.uuidString)) : nil)
        }
        let picks = try await service.shareableEntries(context.file, for: context.me).map { entry in
            let text = entry.body?.text ?? ""
            let short = text.count > 120 ? String(text.prefix(120)) + "…" : text
            return MediatorsView.Pick(
                value: entry.id.uuidString, label: "\(dates.day(entry.createdAt)) — \(short)",
                checked: form.values["entry_\(entry.id.uuidString)"] == "1")
        }
        return try await req.page(
            "pages/case-mediators", titleKey: "case_mediators_title",
            MediatorsView(
                backHref: context.href(.home), rows: rows, newLink: link,
                action: req.may(.inviteMediator, in: context) ? context.href(.mediators) : nil, picks: picks,
                form: form,
                agreement: AgreementFields.make(
                    req, for: context.me, labelKey: "mediator_survivor_agreed", values: form.values),
                keptInCollective: context.file.wishes.limits.contains(.keepInCollective)
                    ? context.href(.wishes) : nil), status: status)
    }

    func invite(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .inviteMediator)
        let form = req.plainForm()
        do {
            let (grant, days) = try MediatorGrant.validated(
                label: form["label"] ?? "",
                entryIDs: FormIDs.ticked(form, prefix: "entry_"),
                note: form["note"] ?? "", days: form["days"] ?? "")
            let token = try await req.caseService.inviteMediator(
                context.file, grant, days: days, agreement: AgreementFields.read(form), by: context.me,
                userID: context.userID)
            // The link is shown this once, after a redirect so a reload makes no second one; only
            // its hash is kept.
            return NewLink.redirect(req, to: context.href(.mediators), showing: req.absoluteURL(.mediate(token: token)))
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
