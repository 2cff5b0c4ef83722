import TejidoCore
import Vapor

/// Concerns: any member can raise one about any part of the protocol; the care team reads them.
extension AgreementController {
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
        req.page(
            ProtocolConcernPage.build(slug: collective.slug, parts: parts, form: form), titleKey: "concern_title",
            status: status)
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

    func concerns(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .viewProtocolConcerns)
        let records = try await AgreementService(database: req.db, now: req.now).concerns(collectiveID: collective.requireID())
        let concerns = try records.map { record in
            ProtocolConcernsPage.Concern(
                id: try record.requireID(),
                parts: ProtocolOutline.parts(of: try record.version.document(), in: req.context.language),
                concern: AgreementService.open(record, keys: req.services.concernKeys),
                author: record.$author.id == nil ? nil : record.author?.username, createdAt: record.createdAt,
                version: record.version.number, isResolved: record.resolvedAt != nil)
        }
        return req.page(
            ProtocolConcernsPage.build(slug: collective.slug, concerns: concerns, req.pageContext), titleKey: "concerns_title")
    }

    func resolve(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .viewProtocolConcerns)
        let id = try req.uuidParameter(.concernID)
        let service = AgreementService(database: req.db, now: req.now)
        guard let concern = try await service.concern(id, collectiveID: collective.requireID()) else {
            throw TejidoError.notFound
        }
        try await service.resolve(concern)
        return req.redirect(.protocolConcerns(slug: collective.slug))
    }
}
