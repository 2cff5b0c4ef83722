import TejidoCore
import Vapor

/// Taking a case to the assembly: only with the survivor's standing consent, never while they
/// asked that it stay out of it, and only as the summary their side writes and approves.
struct CaseAssemblyController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.casePattern(.assembly), use: show)
        routes.post(SiteURL.casePattern(.assembly), use: raise)
    }

    func show(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .viewCaseConsents, logging: .viewed)
        return try await render(req, context, FormState())
    }

    private func render(
        _ req: Request, _ context: CaseContext, _ form: FormState, status: HTTPStatus = .ok
    ) async throws -> Response {
        let queries = try req.assemblyQueries(context.collective)
        let p = req.pageContext
        let items = AgendaRow.rows(
            p, slug: context.slug, try await queries.entries(caseID: context.file.id), meetings: try await queries.meetings())
        let page = CaseAssemblyPage.build(
            items: items, me: context.me.participation, wishes: context.file.wishes,
            mayRaise: req.may(.raiseCaseAtAssembly, in: context),
            inCollective: req.context.actor.role(in: context.file.collectiveID) != nil,
            reserved: try await req.caseService.responseRules(context.file)?.needsAssembly ?? [], links: context.links,
            form: form, p)
        return req.page(page, titleKey: "case_assembly_title", status: status)
    }

    func raise(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .raiseCaseAtAssembly)
        let form = req.plainForm()
        do {
            // Someone acting for the survivor says the survivor read and approved these words.
            if context.me.role != .survivor, form["approved"] != "1" {
                throw TejidoError.invalid([FieldProblem(field: "approved", messageKey: "error_case_assembly_approved")])
            }
            try await req.assemblyService.raise(
                AgendaText(
                    title: form["title"] ?? "", text: form["text"] ?? "", namesAgreed: form["names_agreed"] == "1",
                    asks: ResponseKind(rawValue: form["asks"] ?? "")),
                from: context.file, in: context.collective, by: context.userID)
        } catch TejidoError.invalid(let problems) {
            return try await render(
                req, context, FormState(values: form, problems: problems, request: req), status: .unprocessableEntity)
        }
        return req.redirect(context.url(.assembly))
    }
}
