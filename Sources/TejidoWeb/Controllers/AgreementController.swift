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
        routes.post(SiteURL.protocolAgreementReview(slug: .placeholder(.slug)), use: setReview)
    }

    /// The agreement of the version in force. Before any adoption there is nothing to acknowledge yet.
    func agreement(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .viewProtocol)
        return try await renderAgreement(req, collective, reviewForm: FormState())
    }

    private func renderAgreement(
        _ req: Request, _ collective: CollectiveRecord, reviewForm: FormState, status: HTTPStatus = .ok
    ) async throws -> Response {
        let user = try req.requireUser()
        let queries = ProtocolQueries(database: req.db, collectiveID: try collective.requireID())
        guard let adopted = try await queries.adopted() else { throw TejidoError.notFound }
        let document = try adopted.version.document()
        let acknowledgedAt = try await queries.acknowledgement(of: adopted.version, by: user.id)
        var page = ProtocolAgreementPage.build(
            slug: collective.slug, number: adopted.version.number, document: document,
            language: req.protocolLanguage(for: document), acknowledgedAt: acknowledgedAt,
            path: SiteURL.protocolAgreement(slug: collective.slug).path, req.pageContext)
        let review = try await AgreementReviews(database: req.db, now: req.now).review(versionID: adopted.version.requireID())
        page.review = AgreementReviewPanel.build(
            reviewOn: review?.reviewOn, adoptedAt: adopted.decision.decidedAt ?? adopted.version.createdAt, now: req.now,
            mayEdit: req.may(.setAgreementReview, in: collective),
            action: SiteURL.protocolAgreementReview(slug: collective.slug).path, form: reviewForm, req.pageContext)
        return req.page(page, titleKey: "agreement_title", status: status)
    }

    /// The care team or an admin sets when the agreement in force is reviewed.
    func setReview(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .setAgreementReview)
        let user = try req.requireUser()
        guard let adopted = try await ProtocolQueries(database: req.db, collectiveID: collective.requireID()).adopted() else {
            throw TejidoError.notFound
        }
        let form = req.plainForm()
        do {
            let day = try AgreementReview.validated(form["review_on"] ?? "", today: req.now, calendar: .utc)
            try await AgreementReviews(database: req.db, now: req.now).set(
                day, collectiveID: collective.requireID(), versionID: adopted.version.requireID(), by: user.id)
        } catch TejidoError.invalid(let problems) {
            return try await renderAgreement(
                req, collective, reviewForm: FormState(values: form, problems: problems, request: req),
                status: .unprocessableEntity)
        }
        return req.redirect(to: SiteURL.protocolAgreement(slug: collective.slug).path + "#review-h", redirectType: .normal)
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
        let counts = try await AgreementService(database: req.db, now: req.now)
            .acknowledgementCounts(collectiveID: collective.requireID(), versionID: adopted.version.requireID())
        let page = ProtocolAcknowledgementsPage(
            number: adopted.version.number, done: counts.acknowledged, total: counts.members,
            agreementHref: SiteURL.protocolAgreement(slug: collective.slug).path)
        return req.page(page, titleKey: "acknowledgements_title")
    }
}
