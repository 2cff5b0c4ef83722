import Fluent
import TejidoCore
import Vapor

/// Reading a collective's protocol: the version in force, its history, differences between
/// versions, the print view, exports, and the public page of a published protocol.
struct ProtocolReadingController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.protocolHomePattern, use: home)
        routes.get(SiteURL.protocolVersionPattern, use: version)
        routes.get(SiteURL.protocolPrintPattern, use: print)
        routes.get(SiteURL.protocolExportPattern, use: export)
        routes.get(SiteURL.publicProtocolPattern, use: publicPage)
    }

    func home(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .viewProtocol)
        let queries = ProtocolQueries(database: req.db, collectiveID: try collective.requireID())
        let adopted = try await queries.adopted()
        guard let latest = try await queries.latest() else {
            // A collective from before protocols existed: nothing to read yet.
            let start = req.may(.editProtocol, in: collective) ? SiteURL.protocolDraftStart(slug: collective.slug).path : nil
            return req.page(ProtocolNonePage(startHref: start), titleKey: "protocol_title")
        }
        let shown = adopted?.version ?? latest
        return try await render(req, collective, shown, adopted: adopted, latest: latest)
    }

    func version(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .viewProtocol)
        guard let number = req.parameters.get(.number, as: Int.self) else { throw TejidoError.notFound }
        let shown = try await req.protocolVersion(of: collective, number: number)
        let queries = ProtocolQueries(database: req.db, collectiveID: try collective.requireID())
        guard let latest = try await queries.latest() else { throw TejidoError.notFound }
        return try await render(
            req, collective, shown, adopted: try await queries.adopted(), latest: latest)
    }

    private func render(
        _ req: Request, _ collective: CollectiveRecord, _ shown: ProtocolVersionRecord,
        adopted: (version: ProtocolVersionRecord, decision: DecisionRecord)?, latest: ProtocolVersionRecord
    ) async throws -> Response {
        let document = try shown.document()
        var acknowledged: Bool?
        if let adopted, let user = req.context.user {
            acknowledged = try await AgreementService(database: req.db, now: req.now)
                .hasAcknowledged(versionID: adopted.version.requireID(), userID: user.id)
        }
        let proposal = try await ProtocolQueries(database: req.db, collectiveID: collective.requireID()).openProposal()
        let offers = ProtocolHomePage.Offers(
            editProtocol: req.may(.editProtocol, in: collective), viewConcerns: req.may(.viewProtocolConcerns, in: collective),
            viewAcknowledgements: req.may(.viewAcknowledgements, in: collective),
            publish: req.may(.publishProtocol, in: collective))
        let page = ProtocolHomePage.build(
            collective: collective, shown: shown, document: document, language: req.protocolLanguage(for: document),
            adopted: adopted, latest: latest, offers: offers, acknowledged: acknowledged, proposalOpen: proposal != nil,
            concernSent: req.query[String.self, at: "concern"] != nil, path: req.url.path, req.pageContext)
        return req.page(page, titleKey: "protocol_title")
    }

    func print(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .viewProtocol)
        let shown = try await req.protocolVersion(of: collective)
        let document = try shown.document()
        let paper = req.query[String.self, at: "paper"] == "letter" ? "letter" : "a4"
        let page = ProtocolPrintPage.build(
            collective: collective, shown: shown, document: document, language: req.protocolLanguage(for: document),
            paper: paper, req.pageContext)
        return req.page(page, titleKey: "protocol_title")
    }

    func export(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .viewProtocol)
        let format = req.parameters.get(.format)
        guard format == "json" || format == "markdown" else { throw TejidoError.notFound }
        let shown = try await req.protocolVersion(of: collective)
        let source = try await ProtocolExport.source(of: shown, collective: collective, on: req.db)
        let document = try shown.document()
        let language = req.query[String.self, at: "lang"].flatMap(Language.init(rawValue:)).flatMap {
            document.languages.contains($0) ? $0 : nil
        }
        let response = Response(status: .ok)
        if format == "json" {
            response.body = .init(data: try ProtocolExchange.export(document, source: source, language: language))
            response.headers.contentType = .json
            response.headers.contentDisposition = .init(.attachment, filename: "protocol-v\(shown.number).json")
        } else {
            let text = ProtocolMarkdown.render(document, in: language ?? req.protocolLanguage(for: document), source: source)
            response.body = .init(string: text)
            response.headers.replaceOrAdd(name: .contentType, value: "text/markdown; charset=utf-8")
            response.headers.contentDisposition = .init(.attachment, filename: "protocol-v\(shown.number).md")
        }
        return response
    }

    /// A published protocol, for anyone. Only the version in force; never drafts or history.
    func publicPage(_ req: Request) async throws -> Response {
        guard let slug = req.parameters.get(.slug), CollectiveName.isPlausibleSlug(slug),
            let collective = try await CollectiveService(database: req.db, now: req.now).find(slug: slug)
        else { throw TejidoError.notFound }
        let id = try collective.requireID()
        try req.authorize(.viewPublishedProtocol, .publishedProtocol(collectiveID: id, isPublished: collective.protocolPublished))
        guard let adopted = try await ProtocolQueries(database: req.db, collectiveID: id).adopted() else {
            throw TejidoError.notFound
        }
        let document = try adopted.version.document()
        let page = ProtocolPublicPage.build(
            collectiveName: collective.name, adopted: adopted, document: document,
            language: req.protocolLanguage(for: document), path: req.url.path, req.pageContext)
        return req.page(page, titleKey: "protocol_title")
    }
}

enum ProtocolExport {
    /// Where an exported version comes from, for the file's header.
    static func source(
        of version: ProtocolVersionRecord, collective: CollectiveRecord, on db: any Database
    ) async throws -> ProtocolExchange.Source {
        let adopted = try await ProtocolQueries(database: db, collectiveID: collective.requireID()).adoptionDecisions()
            .contains { $0.subjectID == version.id && $0.outcome == .adopted }
        return ProtocolExchange.Source(
            collective: collective.name, version: version.number, status: adopted ? "adopted" : "draft",
            savedAt: version.createdAt)
    }
}
