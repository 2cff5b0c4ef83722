import Fluent
import TejidoCore
import Vapor

/// Protocols connected collectives shared with this one (issue 18): the list, reading one inside
/// Tejido, comparing it with ours, and starting a new draft from it, credited to its collective.
struct SharedProtocolsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SharedPath.pattern(.protocols).pathComponents, use: list)
        routes.get(SharedPath.pattern(SharedPath.sharedProtocol).pathComponents, use: read)
        routes.get(SharedPath.pattern(SharedPath.compare).pathComponents, use: compare)
        routes.post(SharedPath.pattern(SharedPath.draftFrom).pathComponents, use: draftFrom)
    }

    /// A received protocol, opened: its record, the collective it came from, and the document.
    struct Received {
        let record: PeerProtocolRecord
        let source: String
        let document: ProtocolDocument
    }

    private func names(_ req: Request, _ collectiveID: UUID) async throws -> [UUID: String] {
        let connections = try await PeerConnections(database: req.db, keys: req.services.keys, now: req.now).all(in: collectiveID)
        return Dictionary(connections.map { ($0.id, $0.details.name) }, uniquingKeysWith: { first, _ in first })
    }

    func list(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .viewSharedProtocols)
        let collectiveID = try collective.requireID()
        let names = try await names(req, collectiveID)
        let records = try await PeerProtocolRecord.query(on: req.db).filter(\.$collectiveID == collectiveID)
            .sort(\.$adoptedAt, .descending).sort(\.$number, .descending).all()
        let page = try SharedProtocolsPage.build(slug: collective.slug, records: records, names: names, req.pageContext)
        return req.page(page, titleKey: "shared_protocols_title")
    }

    private func load(_ req: Request, for action: AccessAction) async throws -> (CollectiveRecord, Received) {
        let collective = try await req.collective(for: action)
        let collectiveID = try collective.requireID()
        guard
            let record = try await PeerProtocolRecord.query(on: req.db).filter(\.$id == req.uuidParameter(.itemID))
                .filter(\.$collectiveID == collectiveID).first(),
            let file = SharedData.open(
                record.fileSealed, context: SharedData.protocolContext(record.connectionID, number: record.number),
                keys: req.services.keys),
            case .success(let document) = ProtocolExchange.read(file)
        else { throw TejidoError.notFound }
        let source = try await names(req, collectiveID)[record.connectionID] ?? ""
        return (collective, Received(record: record, source: source, document: document))
    }

    func read(_ req: Request) async throws -> Response {
        let (collective, received) = try await load(req, for: .viewSharedProtocols)
        let page = SharedProtocolPage.build(
            slug: collective.slug, received: received, language: req.protocolLanguage(for: received.document),
            mayDraft: req.may(.draftFromSharedProtocol, in: collective), req.pageContext)
        return req.page(page, titleKey: "shared_protocols_title")
    }

    func compare(_ req: Request) async throws -> Response {
        let (collective, received) = try await load(req, for: .viewSharedProtocols)
        let ours = try await ProtocolQueries(database: req.db, collectiveID: collective.requireID()).adopted()
        let language = req.context.language
        let diff = try ours.map { ProtocolDiff(from: try $0.version.document(), to: received.document, in: language) }
        let page = SharedProtocolComparePage.build(
            slug: collective.slug, received: received, ours: ours?.version.number, diff: diff, req.pageContext)
        return req.page(page, titleKey: "shared_protocols_title")
    }

    struct ConfirmForm: Content, EmptyInitializable { var confirm: String? }

    /// Replaces our draft with the received protocol, after a second thought; the new version's
    /// note names the collective it came from, so the history credits it.
    func draftFrom(_ req: Request) async throws -> Response {
        let (collective, received) = try await load(req, for: .draftFromSharedProtocol)
        let id = try received.record.requireID().text
        let values = [
            "name": received.source, "number": "\(received.record.number)",
            "date": req.pageContext.dates.day(received.record.adoptedAt),
        ]
        guard req.form(ConfirmForm.self).confirm == "yes" else {
            return req.page(
                ConfirmPage(
                    heading: req.t("shared_protocol_draft_heading", values), text: req.t("shared_protocol_draft_text"),
                    action: req.url.path, confirmLabel: req.t("shared_protocol_draft_submit"),
                    cancelHref: SiteURL.shared(slug: collective.slug, .sharedProtocol(id)).path, isDestructive: false),
                titleKey: "shared_protocols_title")
        }
        let number = try await ProtocolService(database: req.db, now: req.now).replace(
            collectiveID: collective.requireID(), with: received.document, authorID: try req.requireUser().id,
            note: req.t("shared_protocol_draft_note", values))
        return req.redirect(to: SiteURL.protocolDraft(slug: collective.slug).path + "?saved=\(number)", redirectType: .normal)
    }
}
