import TejidoCore
import Vapor

/// The draft: an overview of its parts with their editors, and starting again from the template,
/// an empty protocol or a file another collective shared.
struct ProtocolDraftController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.protocolDraftPattern, use: overview)
        routes.get(SiteURL.protocolDraftGeneralPattern) { try await $0.showEditor(ProtocolGeneralEditor()) }
        routes.post(SiteURL.protocolDraftGeneralPattern) { try await $0.saveEditor(ProtocolGeneralEditor()) }
        routes.get(SiteURL.protocolDraftAgreementPattern) { try await $0.showEditor(ProtocolAgreementEditor()) }
        routes.post(SiteURL.protocolDraftAgreementPattern) { try await $0.saveEditor(ProtocolAgreementEditor()) }
        routes.get(SiteURL.protocolDraftHarmsPattern) { try await $0.showEditor(ProtocolHarmsEditor()) }
        routes.post(SiteURL.protocolDraftHarmsPattern) { try await $0.saveEditor(ProtocolHarmsEditor()) }
        routes.get(SiteURL.protocolDraftBlockPattern) { try await $0.showEditor(try Self.blockEditor($0)) }
        routes.post(SiteURL.protocolDraftBlockPattern) { try await $0.saveEditor(try Self.blockEditor($0)) }
        routes.get(SiteURL.protocolDraftHarmPattern) { try await $0.showEditor(try Self.harmEditor($0)) }
        routes.post(SiteURL.protocolDraftHarmPattern) { try await $0.saveEditor(try Self.harmEditor($0)) }
        routes.get(SiteURL.protocolDraftStartPattern, use: showStart)
        routes.post(SiteURL.protocolDraftStartPattern, use: start)
    }

    static func blockEditor(_ req: Request) throws -> ProtocolBlockEditor {
        guard let kind = req.parameters.get(.block).flatMap(BlockKind.init(rawValue:)) else {
            throw TejidoError.notFound
        }
        return ProtocolBlockEditor(kind: kind)
    }

    static func harmEditor(_ req: Request) throws -> ProtocolHarmEditor {
        guard let id = req.parameters.get(.harm), ProtocolValidator.isIdentifier(id) else {
            throw TejidoError.notFound
        }
        return ProtocolHarmEditor(harmID: id)
    }

    func overview(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .editProtocol)
        // A collective from before protocols existed has none yet: it starts here.
        if try await ProtocolQueries(database: req.db, collectiveID: collective.requireID()).latest() == nil {
            return req.redirect(.protocolDraftStart(slug: collective.slug))
        }
        let draft = try await req.draft()
        let queries = ProtocolQueries(database: req.db, collectiveID: try draft.collective.requireID())
        let proposal = try await queries.openProposal()
        let notice: ProtocolDraftPage.Notice? =
            if let saved = req.query[Int.self, at: "saved"] {
                .saved(saved)
            } else if req.query[String.self, at: "unchanged"] != nil {
                .unchanged
            } else if req.query[String.self, at: "proposed"] != nil { .proposed } else { nil }
        let author = try await draft.latest.$author.id.asyncMap { try await UserQueries(database: req.db).find($0) } ?? nil
        let page = ProtocolDraftPage.build(
            slug: draft.collective.slug, latest: draft.latest, author: author?.username, document: draft.document,
            notice: notice, proposed: try await proposal.asyncMap { try await queries.version(id: $0.subjectID)?.number ?? 0 },
            adopted: try await queries.adopted()?.version.number,
            mayPropose: req.may(.proposeProtocolAdoption, in: draft.collective),
            mayDecide: req.may(.decideProtocolAdoption, in: draft.collective), req.pageContext)
        return req.page(page, titleKey: "protocol_draft_title")
    }

    struct StartForm: Content, EmptyInitializable {
        var start: String?
        var json: String?
        var file: File?
    }

    func showStart(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .editProtocol)
        return try await renderStart(req, collective, form: FormState(values: ["start": "template"]))
    }

    private func renderStart(
        _ req: Request, _ collective: CollectiveRecord, form: FormState, status: HTTPStatus = .ok
    ) async throws -> Response {
        let page = ProtocolStartPage(
            action: req.url.path, form: form, backHref: SiteURL.protocolHome(slug: collective.slug).path)
        return req.page(page, titleKey: "protocol_start_title", status: status)
    }

    /// Replaces the draft with a whole protocol. Earlier versions stay in the history.
    func start(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .editProtocol)
        let form = req.form(StartForm.self)
        let document: ProtocolDocument
        var note: String
        switch form.start {
        case "template":
            document = ProtocolTemplate.document
            note = req.t("protocol_note_template")
        case "empty":
            document = ProtocolTemplate.empty
            note = req.t("protocol_note_empty")
        case "import":
            let uploaded = form.file.flatMap { $0.data.readableBytes > 0 ? Data(buffer: $0.data) : nil }
            let data = uploaded ?? Data((form.json ?? "").utf8)
            switch ProtocolExchange.read(data) {
            case .success(let imported): document = imported
            case .failure(let failure):
                let state = FormState(values: ["start": "import", "json": uploaded == nil ? form.json ?? "" : ""])
                return try await renderStart(
                    req, collective, form: state.listingAll(failure.problems, req.context.language), status: .unprocessableEntity)
            }
            note = req.t("protocol_note_import")
        default:
            return try await renderStart(
                req, collective,
                form: FormState(
                    values: [:], problems: [FieldProblem(field: "start", messageKey: "error_protocol_start")], request: req),
                status: .unprocessableEntity)
        }
        let user = try req.requireUser()
        let number = try await ProtocolService(database: req.db, now: req.now).replace(
            collectiveID: collective.requireID(), with: document, authorID: user.id, note: note)
        return req.redirect(
            to: SiteURL.protocolDraft(slug: collective.slug).path + "?saved=\(number)", redirectType: .normal)
    }
}

extension FormState {
    /// For a file import: each problem listed in the summary with its place in the file.
    func listingAll(_ problems: [ProtocolProblem], _ language: Language) -> FormState {
        var state = self
        state.summary = problems.map {
            Problem(
                field: "json", anchor: "#json",
                message: $0.path.isEmpty ? $0.message(in: language) : "\($0.path): \($0.message(in: language))")
        }
        state.hasErrors = !state.summary.isEmpty
        return state
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
