import TejidoCore
import Vapor

/// Putting the draft to the collective, recording the collective's decision on it, and
/// publishing the protocol in force.
struct ProtocolDecisionController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post(SiteURL.protocolProposePattern, use: propose)
        routes.get(SiteURL.protocolDecisionPattern, use: showDecision)
        routes.post(SiteURL.protocolDecisionPattern, use: decide)
        routes.post(SiteURL.protocolPublishPattern, use: publish)
    }

    func propose(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .proposeProtocolAdoption)
        let user = try req.requireUser()
        let queries = ProtocolQueries(database: req.db, collectiveID: try collective.requireID())
        // The version proposed is the one the person saw, never one saved a moment later.
        guard let number = Int(req.formFields()["version"] ?? ""), let version = try await queries.version(number: number) else {
            throw TejidoError.notFound
        }
        do {
            try await ProtocolService(database: req.db, now: req.now).propose(
                collectiveID: collective.requireID(), version: version, proposerID: user.id)
        } catch is ProtocolFileProblems {
            throw TejidoError.conflict(messageKey: "error_protocol_not_ready")
        }
        return req.redirect(to: SiteURL.protocolDraft(slug: collective.slug).path + "?proposed=1", redirectType: .normal)
    }

    func showDecision(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .decideProtocolAdoption)
        return try await renderDecision(req, collective, form: FormState(values: [:]))
    }

    private func renderDecision(
        _ req: Request, _ collective: CollectiveRecord, form: FormState, status: HTTPStatus = .ok
    ) async throws -> Response {
        let queries = ProtocolQueries(database: req.db, collectiveID: try collective.requireID())
        guard let proposal = try await queries.openProposal(), let version = try await queries.version(id: proposal.subjectID),
            let latest = try await queries.latest()
        else { throw TejidoError.notFound }
        let page = ProtocolDecisionPage.build(
            slug: collective.slug, proposal: proposal, version: version.number,
            adopted: try await queries.adopted()?.version.number, latest: latest.number, form: form, req.pageContext)
        return req.page(page, titleKey: "protocol_decision_title", status: status)
    }

    struct DecisionForm: Content, EmptyInitializable {
        var outcome: String?
        var agree: String?
        var disagree: String?
        var abstain: String?
        var block: String?
        var note: String?
    }

    func decide(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .decideProtocolAdoption)
        let user = try req.requireUser()
        let form = req.form(DecisionForm.self)
        let typed = [
            "outcome": form.outcome ?? "", "agree": form.agree ?? "", "disagree": form.disagree ?? "",
            "abstain": form.abstain ?? "",
            "block": form.block ?? "", "note": form.note ?? "",
        ]
        guard let proposal = try await ProtocolQueries(database: req.db, collectiveID: collective.requireID()).openProposal()
        else {
            throw TejidoError.notFound
        }
        do {
            guard let outcome = form.outcome.flatMap(DecisionOutcome.init(rawValue:)),
                DecisionOutcome.recordable.contains(outcome)
            else {
                throw TejidoError.invalid([FieldProblem(field: "outcome", messageKey: "error_decision_outcome")])
            }
            let counts =
                outcome == .withdrawn
                ? nil
                : try DecisionCounts.validated(
                    agree: typed["agree"]!, disagree: typed["disagree"]!, abstain: typed["abstain"]!, block: typed["block"]!,
                    outcome: outcome)
            try await ProtocolService(database: req.db, now: req.now).decide(
                proposal, outcome: outcome, counts: counts, deciderID: user.id, note: form.note)
        } catch TejidoError.invalid(let problems) {
            return try await renderDecision(
                req, collective, form: FormState(values: typed, problems: problems, request: req), status: .unprocessableEntity)
        }
        return req.redirect(.protocolVersions(slug: collective.slug))
    }

    func publish(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .publishProtocol)
        let published = req.formFields()["published"] == "1"
        try await ProtocolService(database: req.db, now: req.now).setPublished(collective, published)
        return req.redirect(.protocolHome(slug: collective.slug))
    }
}
