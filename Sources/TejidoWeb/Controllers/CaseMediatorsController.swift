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

    private func render(
        _ req: Request, _ context: CaseContext, _ form: FormState, link: String?, status: HTTPStatus = .ok
    ) async throws -> Response {
        let service = req.caseService
        let page = MediatorsPage.build(
            mediators: try await service.mediators(context.file),
            shareable: try await service.shareableEntries(context.file, for: context.me), me: context.me.role,
            wishes: context.file.wishes, mayInvite: req.may(.inviteMediator, in: context), now: req.now, links: context.links,
            form: form, link: link, req.pageContext)
        return req.page(page, titleKey: "case_mediators_title", status: status)
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
