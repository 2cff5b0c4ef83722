import Fluent
import TejidoCore
import Vapor

/// The co-existence agreement: reading and acknowledging it, who has acknowledged, and concerns
/// members raise about any part of the protocol.
struct AgreementController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.protocolAgreementPattern, use: agreement)
        routes.post(SiteURL.protocolAgreementPattern, use: acknowledge)
        routes.get(SiteURL.protocolAcknowledgementsPattern, use: acknowledgements)
        routes.get(SiteURL.protocolConcernNewPattern, use: newConcern)
        routes.post(SiteURL.protocolConcernNewPattern, use: raiseConcern)
        routes.get(SiteURL.protocolConcernsPattern, use: concerns)
        routes.post(SiteURL.protocolConcernResolvePattern, use: resolve)
    }

    /// The agreement of the version in force. Before any adoption there is nothing to acknowledge yet.
    func agreement(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .viewProtocol)
        let user = try req.requireUser()
        let queries = ProtocolQueries(database: req.db, collectiveID: try collective.requireID())
        guard let adopted = try await queries.adopted() else { throw TejidoError.notFound }
        let document = try adopted.version.document()
        let acknowledgedAt = try await queries.acknowledgement(of: adopted.version, by: user.id)
        let page = ProtocolAgreementPage.build(
            slug: collective.slug, number: adopted.version.number, document: document,
            language: req.protocolLanguage(for: document), acknowledgedAt: acknowledgedAt, path: req.url.path,
            req.pageContext)
        return req.page(page, titleKey: "agreement_title")
    }

    func acknowledge(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .acknowledgeAgreement)
        let user = try req.requireUser()
        guard let adopted = try await ProtocolQueries(database: req.db, collectiveID: collective.requireID()).adopted() else {
            throw TejidoError.notFound
        }
        // The form names the version read; acknowledging a version nobody saw means nothing.
        guard req.formFields()["version"] == "\(adopted.version.number)" else {
            throw TejidoError.conflict(messageKey: "error_agreement_changed")
        }
        try await AgreementService(database: req.db, now: req.now).acknowledge(
            collectiveID: collective.requireID(), versionID: adopted.version.requireID(), userID: user.id)
        return req.redirect(.protocolAgreement(slug: collective.slug))
    }

    func acknowledgements(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .viewAcknowledgements)
        guard let adopted = try await ProtocolQueries(database: req.db, collectiveID: collective.requireID()).adopted() else {
            throw TejidoError.notFound
        }
        let acknowledgements = try await AgreementService(database: req.db, now: req.now)
            .acknowledgements(collectiveID: collective.requireID(), versionID: adopted.version.requireID())
        let page = ProtocolAcknowledgementsPage.build(
            number: adopted.version.number, acknowledgements: acknowledgements, req.pageContext)
        return req.page(page, titleKey: "acknowledgements_title")
    }
}
