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

    struct HomeView: Encodable {
        struct Link: Encodable {
            let label: String
            let href: String
        }
        let collectiveName: String
        let reading: ProtocolReadingView
        let status: String
        let isAdopted: Bool
        let languageLinks: [LanguageLink]
        let links: [Link]
        let acknowledgeHref: String?
        let proposal: String?
        let newerDraft: String?
        let publishedHref: String?
        let concernHref: String
        let publishAction: String?
        let isPublished: Bool
        let notice: String?
    }

    func home(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .viewProtocol)
        let queries = ProtocolQueries(database: req.db, collectiveID: try collective.requireID())
        let adopted = try await queries.adopted()
        guard let latest = try await queries.latest() else {
            // A collective from before protocols existed: nothing to read yet.
            let start = req.may(.editProtocol, in: collective) ? SiteURL.protocolDraftStart(slug: collective.slug).path : nil
            return try await req.page("pages/protocol-none", titleKey: "protocol_title", NoProtocolView(startHref: start))
        }
        let shown = adopted?.version ?? latest
        return try await render(req, collective, shown, adopted: adopted, latest: latest)
    }

    func version(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .viewProtocol)
        guard let number = req.parameters.get(SiteURL.versionParameter, as: Int.self) else { throw TejidoError.notFound }
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
        let slug = collective.slug
        let document = try shown.document()
        let language = req.protocolLanguage(for: document)
        let dates = DateFormatting(language: req.context.language)
        let isCurrent = adopted?.version.number == shown.number
        let values = ["number": "\(shown.number)", "date": dates.day(adopted?.decision.decidedAt ?? shown.createdAt)]
        let status = isCurrent ? req.t("protocol_status_adopted", values) : req.t("protocol_status_version", values)

        var links: [HomeView.Link] = []
        func offer(_ key: String, _ href: String) { links.append(.init(label: req.t(key), href: href)) }
        let versionQuery = "?version=\(shown.number)&lang=\(language.rawValue)"
        offer("protocol_link_agreement", SiteURL.protocolAgreement(slug: slug).path)
        offer("protocol_link_print", SiteURL.protocolPrint(slug: slug).path + versionQuery)
        offer("protocol_link_markdown", SiteURL.protocolExport(slug: slug, format: "markdown").path + versionQuery)
        offer("protocol_link_json", SiteURL.protocolExport(slug: slug, format: "json").path + "?version=\(shown.number)")
        offer("protocol_link_history", SiteURL.protocolVersions(slug: slug).path)
        if req.may(.editProtocol, in: collective) { offer("protocol_link_draft", SiteURL.protocolDraft(slug: slug).path) }
        if req.may(.viewProtocolConcerns, in: collective) {
            offer("protocol_link_concerns", SiteURL.protocolConcerns(slug: slug).path)
        }
        if req.may(.viewAcknowledgements, in: collective) {
            offer("protocol_link_acknowledgements", SiteURL.protocolAcknowledgements(slug: slug).path)
        }

        var acknowledgeHref: String?
        if let adopted, let user = req.context.user {
            let done = try await AgreementService(database: req.db, now: req.now)
                .hasAcknowledged(versionID: adopted.version.requireID(), userID: user.id)
            if !done { acknowledgeHref = SiteURL.protocolAgreement(slug: slug).path }
        }
        let proposal = try await ProtocolQueries(database: req.db, collectiveID: collective.requireID()).openProposal()
        let newerDraft = latest.number > (adopted?.version.number ?? 0) && adopted != nil
        return try await req.page(
            "pages/protocol", titleKey: "protocol_title",
            HomeView(
                collectiveName: collective.name, reading: ProtocolReadingView(document, in: language), status: status,
                isAdopted: isCurrent,
                languageLinks: LanguageLink.links(
                    for: document, current: language, base: req.url.path),
                links: links, acknowledgeHref: acknowledgeHref,
                proposal: proposal.map { _ in req.t("protocol_proposal_open") },
                newerDraft: newerDraft ? req.t("protocol_newer_draft", ["number": "\(latest.number)"]) : nil,
                publishedHref: collective.protocolPublished ? SiteURL.publicProtocol(slug: slug).path : nil,
                concernHref: SiteURL.protocolConcernNew(slug: slug).path,
                publishAction: req.may(.publishProtocol, in: collective) && adopted != nil
                    ? SiteURL.protocolPublish(slug: slug).path : nil,
                isPublished: collective.protocolPublished,
                notice: req.query[String.self, at: "concern"] != nil ? req.t("concern_sent") : nil))
    }

    struct NoProtocolView: Encodable {
        let startHref: String?
    }

    struct PrintView: Encodable {
        let reading: ProtocolReadingView
        let collectiveName: String
        let status: String
        let stylesheet: String
        let paperLinks: [LanguageLink]
        let backHref: String
    }

    func print(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .viewProtocol)
        let shown = try await req.protocolVersion(of: collective)
        let document = try shown.document()
        let language = req.protocolLanguage(for: document)
        let paper = req.query[String.self, at: "paper"] == "letter" ? "letter" : "a4"
        let base = SiteURL.protocolPrint(slug: collective.slug).path + "?version=\(shown.number)&lang=\(language.rawValue)"
        let papers = [("a4", "A4"), ("letter", "Letter")].map {
            LanguageLink(label: $0.1, href: "\(base)&paper=\($0.0)", lang: req.context.language.rawValue, current: $0.0 == paper)
        }
        return try await req.page(
            "pages/protocol-print", titleKey: "protocol_title",
            PrintView(
                reading: ProtocolReadingView(document, in: language), collectiveName: collective.name,
                status: req.t(
                    "protocol_status_version",
                    ["number": "\(shown.number)", "date": DateFormatting(language: req.context.language).day(shown.createdAt)]),
                stylesheet: "/static/print-\(paper).css", paperLinks: papers,
                backHref: SiteURL.protocolHome(slug: collective.slug).path))
    }

    func export(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .viewProtocol)
        let format = req.parameters.get(SiteURL.formatParameter)
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

    struct PublicView: Encodable {
        let collectiveName: String
        let reading: ProtocolReadingView
        let status: String
        let languageLinks: [LanguageLink]
    }

    /// A published protocol, for anyone. Only the version in force; never drafts or history.
    func publicPage(_ req: Request) async throws -> Response {
        guard let slug = req.parameters.get(SiteURL.slugParameter), CollectiveName.isPlausibleSlug(slug),
            let collective = try await CollectiveService(database: req.db, now: req.now).find(slug: slug)
        else { throw TejidoError.notFound }
        let id = try collective.requireID()
        try req.authorize(.viewPublishedProtocol, .publishedProtocol(collectiveID: id, isPublished: collective.protocolPublished))
        guard let adopted = try await ProtocolQueries(database: req.db, collectiveID: id).adopted() else {
            throw TejidoError.notFound
        }
        let document = try adopted.version.document()
        let language = req.protocolLanguage(for: document)
        let date = DateFormatting(language: req.context.language).day(adopted.decision.decidedAt ?? adopted.version.createdAt)
        return try await req.page(
            "pages/protocol-public", titleKey: "protocol_title",
            PublicView(
                collectiveName: collective.name, reading: ProtocolReadingView(document, in: language),
                status: req.t("protocol_status_adopted", ["number": "\(adopted.version.number)", "date": date]),
                languageLinks: LanguageLink.links(
                    for: document, current: language, base: req.url.path)))
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
