import TejidoCore
import Vapor

/// Concerns: any member can raise one about any part of the protocol; the care team reads them.
extension AgreementController {
    struct ConcernView: Encodable {
        struct Option: Encodable {
            let value: String
            let label: String
        }
        let parts: [Option]
        let action: String
        let form: FormState
        let backHref: String
    }

    struct ConcernForm: Content, EmptyInitializable {
        var part: String?
        var text: String?
        var anonymous: String?
    }

    /// Concerns are about the version in force, or the draft when nothing is adopted yet.
    private func concernTarget(
        _ req: Request, _ collective: CollectiveRecord
    ) async throws -> (ProtocolVersionRecord, [ProtocolOutline.Part]) {
        let version = try await req.protocolVersion(of: collective)
        return (version, ProtocolOutline.parts(of: try version.document(), in: req.context.language))
    }

    func newConcern(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .raiseProtocolConcern)
        let (_, parts) = try await concernTarget(req, collective)
        let part = req.query[String.self, at: "part"] ?? ""
        return try await renderConcern(req, collective, parts, form: FormState(values: ["part": part]))
    }

    private func renderConcern(
        _ req: Request, _ collective: CollectiveRecord, _ parts: [ProtocolOutline.Part], form: FormState, status: HTTPStatus = .ok
    ) async throws -> Response {
        try await req.page(
            "pages/protocol-concern", titleKey: "concern_title",
            ConcernView(
                parts: parts.map { .init(value: $0.key, label: $0.label) },
                action: SiteURL.protocolConcernNew(slug: collective.slug).path,
                form: form, backHref: SiteURL.protocolHome(slug: collective.slug).path), status: status)
    }

    func raiseConcern(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .raiseProtocolConcern)
        let user = try req.requireUser()
        let (version, parts) = try await concernTarget(req, collective)
        let form = req.form(ConcernForm.self)
        let typed = ["part": form.part ?? "", "text": form.text ?? "", "anonymous": form.anonymous ?? ""]
        do {
            guard let part = form.part, parts.contains(where: { $0.key == part }) else {
                throw TejidoError.invalid([FieldProblem(field: "part", messageKey: "error_concern_part")])
            }
            try await AgreementService(database: req.db, now: req.now).raiseConcern(
                collectiveID: collective.requireID(), versionID: version.requireID(), part: part, text: form.text ?? "",
                authorID: form.anonymous == "1" ? nil : user.id, key: req.services.concernKey)
        } catch TejidoError.invalid(let problems) {
            return try await renderConcern(
                req, collective, parts, form: FormState(values: typed, problems: problems, request: req),
                status: .unprocessableEntity)
        }
        return req.redirect(to: SiteURL.protocolHome(slug: collective.slug).path + "?concern=1", redirectType: .normal)
    }

    struct ConcernsView: Encodable {
        struct Row: Encodable {
            let part: String
            let text: String
            let author: String?
            let date: String
            let version: Int
            let resolved: Bool
            let resolveAction: String
        }
        let open: [Row]
        let resolved: [Row]
    }

    func concerns(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .viewProtocolConcerns)
        let records = try await AgreementService(database: req.db, now: req.now).concerns(collectiveID: collective.requireID())
        let dates = DateFormatting(language: req.context.language)
        let rows = try records.map { record -> ConcernsView.Row in
            let id = try record.requireID()
            let parts = ProtocolOutline.parts(of: try record.version.document(), in: req.context.language)
            let concern = AgreementService.open(record, keys: req.services.concernKeys)
            return ConcernsView.Row(
                part: parts.first { $0.key == concern?.part }?.label ?? concern?.part ?? "",
                text: concern?.text ?? req.t("concern_unreadable"),
                author: record.$author.id == nil ? nil : record.author?.username, date: dates.day(record.createdAt),
                version: record.version.number, resolved: record.resolvedAt != nil,
                resolveAction: SiteURL.protocolConcernResolve(slug: collective.slug, concernID: id.uuidString).path)
        }
        return try await req.page(
            "pages/protocol-concerns", titleKey: "concerns_title",
            ConcernsView(open: rows.filter { !$0.resolved }, resolved: rows.filter(\.resolved)))
    }

    func resolve(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .viewProtocolConcerns)
        let id = try req.uuidParameter(SiteURL.concernParameter)
        let service = AgreementService(database: req.db, now: req.now)
        guard let concern = try await service.concern(id, collectiveID: collective.requireID()) else {
            throw TejidoError.notFound
        }
        try await service.resolve(concern)
        return req.redirect(.protocolConcerns(slug: collective.slug))
    }
}
