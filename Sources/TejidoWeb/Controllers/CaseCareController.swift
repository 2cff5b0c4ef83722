import TejidoCore
import Vapor

/// Care for everyone involved: referrals to emotional and therapeutic support.
struct CaseCareController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.casePattern(.care), use: show)
        routes.post(SiteURL.casePattern(.care), use: refer)
    }

    struct CareView: Encodable {
        struct Row: Encodable {
            let forWhom: String
            let service: String?
            let text: String
            let who: String
            let when: String
        }
        struct Choice: Encodable {
            let value: String
            let label: String
            let selected: Bool
        }
        let backHref: String
        let rows: [Row]
        let action: String?
        let forWhom: [Choice]
        let services: [Choice]
        let form: FormState
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
    ) async throws
        -> Response
    {
        let dates = DateFormatting(language: req.context.language)
        let services = try await DirectoryQueries(database: req.db).choices(in: context.collective.requireID(), kinds: Self.kinds)
        let names = Dictionary(services.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let rows = try await req.caseService.careReferrals(context.file, for: context.me).map { referral, at in
            CareView.Row(
                forWhom: req.t("care_for_\(referral.forWhom.rawValue)"), service: referral.entryID.flatMap { names[$0] },
                text: referral.text,
                who: context.file.person(id: referral.author).map { req.t("case_role_\($0.role.rawValue)") }
                    ?? req.t("case_someone"), when: dates.day(at))
        }
        let mayRefer = req.may(.referToCare, in: context)
        return try await req.page(
            "pages/case-care", titleKey: "case_care_title",
            CareView(
                backHref: context.href(.home), rows: rows, action: mayRefer ? context.href(.care) : nil,
                forWhom: CareReferral.ForWhom.choices(for: context.me.role).map {
                    .init(
                        value: $0.rawValue, label: req.t("care_for_\($0.rawValue)"),
                        selected: form.values["for_whom"] == $0.rawValue)
                },
                services: services.map {
                    .init(value: $0.id.uuidString, label: $0.name, selected: form.values["entry"] == $0.id.uuidString)
                }, form: form), status: status)
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
