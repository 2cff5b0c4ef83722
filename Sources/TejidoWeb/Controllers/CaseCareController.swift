import TejidoCore
import Vapor

/// Care for everyone involved: referrals to emotional and therapeutic support.
struct CaseCareController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.casePattern(.care), use: show)
        routes.post(SiteURL.casePattern(.care), use: refer)
    }

    static let kinds: Set<ResourceKind> = [
        .counselling, .survivorSupport, .crisisLine, .programmeForPeopleWhoHarmed, .masculinityGroup, .transformativeJustice,
    ]

    func show(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .viewCare, logging: .viewed)
        return try await render(req, context, FormState())
    }

    private func render(
        _ req: Request, _ context: CaseContext, _ form: FormState, status: HTTPStatus = .ok
    ) async throws -> Response {
        let services = try await DirectoryQueries(database: req.db).choices(in: context.collective.requireID(), kinds: Self.kinds)
        let referrals = try await req.caseService.careReferrals(context.file, for: context.me)
        let page = CareReferralsPage.build(
            referrals: referrals, reader: context.me.role, authorRole: { context.file.person(id: $0)?.role },
            services: services.map { ($0.id, $0.name) }, mayRefer: req.may(.referToCare, in: context), links: context.links,
            form: form, req.pageContext)
        return req.page(page, titleKey: "case_care_title", status: status)
    }

    func refer(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .referToCare)
        let form = req.plainForm()
        let entry = FormIDs.optional(form, "entry")
        do {
            guard let forWhom = CareReferral.ForWhom(rawValue: form["for_whom"] ?? "") else {
                throw TejidoError.invalid([FieldProblem(field: "for_whom", messageKey: "error_care_for_whom")])
            }
            let offered = Set(
                try await DirectoryQueries(database: req.db).choices(in: context.collective.requireID(), kinds: Self.kinds).map(
                    \.id))
            try await req.caseService.referToCare(
                context.file, CareReferral(forWhom: forWhom, entryID: entry, text: form["text"] ?? ""), offered: offered,
                by: context.me, userID: context.userID)
        } catch TejidoError.invalid(let problems) {
            return try await render(
                req, context, FormState(values: form, problems: problems, request: req), status: .unprocessableEntity)
        }
        return req.redirect(context.url(.care))
    }
}
