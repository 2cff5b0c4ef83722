import TejidoCore
import Vapor

/// A reflection on a case that has ended, for anyone who had a place in it; the policy decides
/// who and when (`reflectOnCase`). Opening the page is not written to the case's access log: who
/// reflected is exactly what this feature keeps from everyone.
struct CaseReflectionController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.casePattern(.reflection), use: show)
        routes.post(SiteURL.casePattern(.reflection), use: give)
    }

    func show(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .reflectOnCase)
        return try await render(req, context, FormState())
    }

    private func render(
        _ req: Request, _ context: CaseContext, _ form: FormState, status: HTTPStatus = .ok
    ) async throws -> Response {
        let given = try await Reflections.hasGiven(
            caseID: context.file.id, userID: context.userID, receiptKeys: req.services.reflectionReceiptKeys, on: req.db)
        let page = ReflectionPage.build(given: given, links: context.links, form: form, req.pageContext)
        return req.page(page, titleKey: "reflection_title", status: status)
    }

    func give(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .reflectOnCase)
        let form = req.plainForm()
        do {
            // Already given: say so first, whatever the second form holds.
            if try await Reflections.hasGiven(
                caseID: context.file.id, userID: context.userID, receiptKeys: req.services.reflectionReceiptKeys, on: req.db)
            {
                throw TejidoError.conflict(messageKey: "error_reflection_twice")
            }
            let changes = form.filter { $0.key.hasPrefix("change_") && $0.value == "1" }.map { String($0.key.dropFirst(7)) }
            let reflection = try Reflection.validated(heard: form["heard"], clear: form["clear"], changes: changes)
            try await Reflections.give(
                reflection, side: Reflection.Side(context.me.role), collectiveID: context.collective.requireID(),
                caseID: context.file.id, userID: context.userID, now: req.now, sealingKey: req.services.reflectionKey,
                receiptKeys: req.services.reflectionReceiptKeys, on: req.db)
        } catch TejidoError.invalid(let problems) {
            return try await render(
                req, context, FormState(values: form, problems: problems, request: req), status: .unprocessableEntity)
        } catch TejidoError.conflict(let key) {
            // Sent twice (a second tab, a double click): the first one counts, and the page says so.
            return try await render(
                req, context, FormState(values: form, problems: [FieldProblem(field: "form", messageKey: key)], request: req),
                status: .conflict)
        }
        return req.redirect(context.url(.reflection))
    }
}
