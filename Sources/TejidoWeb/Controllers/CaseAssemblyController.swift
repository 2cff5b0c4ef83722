import TejidoCore
import Vapor

/// Taking a case to the assembly: only with the survivor's standing consent, never while they
/// asked that it stay out of it, and only as the summary their side writes and approves.
struct CaseAssemblyController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.casePattern(.assembly), use: show)
        routes.post(SiteURL.casePattern(.assembly), use: raise)
    }

    struct Choice: Encodable {
        let value: String
        let label: String
        let selected: Bool
    }

    struct AssemblyView: Encodable {
        let items: [AgendaRow]
        let action: String?
        /// Why no item can be raised now, when that is so.
        let blockedBy: String?
        /// Where what blocks it can be changed (the wishes, or the consents), for those who may.
        let fixHref: String?
        let fixLabel: String
        let needsApproval: Bool
        /// The responses the protocol reserves to the assembly for this harm, one of which an item may ask for.
        let asks: [Choice]
        let form: FormState
        let backHref: String
    }

    func show(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .viewCaseConsents, logging: .viewed)
        return try await render(req, context, FormState())
    }

    private func render(
        _ req: Request, _ context: CaseContext, _ form: FormState, status: HTTPStatus = .ok
    ) async throws
        -> Response
    {
        let queries = try req.assemblyQueries(context.collective)
        let entries = try await queries.entries(caseID: context.file.id)
        let meetings = try await queries.meetings()
        let rows = AgendaRow.rows(req, context.collective, entries, meetings: meetings)
        let mayRaise = req.may(.raiseCaseAtAssembly, in: context)
        var blockedBy: String?
        var fixHref: String?
        // Said to the person harmed as "you", to others in the third person, with a link to the
        // page where the thing in the way can be changed: the wishes, or the consents.
        let ownCase = context.me.role == .survivor
        let byWish = context.file.wishes.limits.contains(.notToAssembly)
        if !mayRaise {
            if req.context.actor.role(in: context.file.collectiveID) == nil {
                // She kept her case after leaving the collective; its assembly is no longer hers.
                blockedBy = req.t("case_assembly_blocked_outside")
            } else if byWish {
                blockedBy = req.t(ownCase ? "case_assembly_blocked_wish_yours" : "case_assembly_blocked_wish")
            } else if context.me.participation.speaksForSurvivor {
                blockedBy = req.t(ownCase ? "case_assembly_blocked_consent_yours" : "case_assembly_blocked_consent")
            } else {
                blockedBy = req.t("case_assembly_blocked_not_yours")
            }
            if context.me.participation.speaksForSurvivor, req.context.actor.role(in: context.file.collectiveID) != nil {
                fixHref = context.href(byWish ? .wishes : .consents)
            }
        }
        let reserved = try await req.caseService.responseRules(context.file)?.needsAssembly ?? []
        let asks = reserved.map {
            Choice(
                value: $0.rawValue, label: ProtocolVocabulary.name(of: $0, in: req.context.language),
                selected: form.values["asks"] == $0.rawValue)
        }
        return try await req.page(
            "pages/case-assembly", titleKey: "case_assembly_title",
            AssemblyView(
                items: rows, action: mayRaise ? context.href(.assembly) : nil, blockedBy: blockedBy,
                fixHref: fixHref, fixLabel: req.t(byWish ? "case_link_wishes" : "case_link_consents"),
                needsApproval: context.me.role != .survivor, asks: asks, form: form, backHref: context.href(.home)),
            status: status)
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
