import Foundation
import TejidoCore
import Vapor

/// Consent-given alerts from inside a case (issue 18, item 7): the case's care team prepares one,
/// someone else of it confirms, and it goes to the connected collectives the person harmed named.
/// Only when the case's recorded outcome is a limit, a suspension or an expulsion, and while her
/// consent stands; revoking it retracts the alert everywhere (`CaseService.revokeConsent`).
struct CaseAlertsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.casePattern(.alerts), use: list)
        routes.post(SiteURL.casePattern(.alerts), use: prepare)
        routes.get(SiteURL.casePattern(.alert(.placeholder(.itemID))), use: edit)
        routes.post(SiteURL.casePattern(.alert(.placeholder(.itemID))), use: update)
        routes.post(SiteURL.casePattern(.alertConfirm(.placeholder(.itemID))), use: confirm)
        routes.post(SiteURL.casePattern(.alertRetract(.placeholder(.itemID))), use: retract)
    }

    /// What the case allows now: its outcome, the standing consent, its harms, where it may go.
    struct Situation {
        var outcome: CaseOutcome?
        var consent: CaseFile.ConsentRow?
        var harms: [(key: String, name: String)] = []
        var connections: [PeerConnection] = []
        var keptInCollective = true
        var rules: ResponseRules?
        /// An adopted assembly decision on this case asks for an alert.
        var assemblyDecided = false

        var offered: [PeerConnection] {
            let named = Set(consent?.consent.recipients ?? [])
            return connections.filter { named.contains($0.id) && $0.sends(.alerts) }
        }

        /// Why no alert may be prepared now, as a catalog key; nil when one may.
        var blocked: String? {
            AlertConsentRule.blocked(
                outcome: outcome?.kind, keptInCollective: keptInCollective, rules: rules, assemblyDecided: assemblyDecided,
                consentStands: consent != nil, openConnections: offered.count)?.rawValue
        }
    }

    private func situation(_ req: Request, _ context: CaseContext) async throws -> Situation {
        var situation = Situation()
        let service = req.caseService
        situation.outcome = try await service.outcomes(context.file).last?.outcome
        situation.keptInCollective = context.file.wishes.limits.contains(.keepInCollective)
        situation.rules = try await service.responseRules(context.file)
        situation.assemblyDecided = try await service.adoptedAssemblyItems(context.file).contains {
            $0.words.asks == .alertOtherCollectives
        }
        situation.consent = context.file.consents.last {
            $0.consent.scope == .sendAlert && CaseConsent.stands(until: $0.until, revokedAt: $0.revokedAt, now: req.now)
        }
        if let classification = context.file.classification,
            let version = try await ProtocolQueries(database: req.db, collectiveID: context.file.collectiveID)
                .version(number: classification.protocolVersion)
        {
            let document = try version.document()
            let language = req.protocolLanguage(for: document)
            situation.harms = classification.harms.map { choice in
                (choice.harmType, document.harmType(choice.harmType)?.name.text(in: language) ?? choice.harmType)
            }
        }
        situation.connections = try await PeerConnections(database: req.db, keys: req.services.keys, now: req.now)
            .all(in: context.file.collectiveID)
        return situation
    }

    private func store(_ req: Request) -> SentAlerts { SentAlerts(database: req.db, keys: req.services.keys, now: req.now) }

    private func fields(_ situation: Situation, recipients: Bool) -> AlertFormFields {
        AlertFormFields(
            harms: situation.harms.map { Choice(value: $0.key, label: $0.name) },
            recipients: recipients
                ? situation.offered.map { Choice(value: $0.id.uuidString.lowercased(), label: $0.details.name) } : nil)
    }

    private func render(
        _ req: Request, _ context: CaseContext, _ form: FormState, status: HTTPStatus = .ok
    ) async throws -> Response {
        let situation = try await situation(req, context)
        let store = store(req)
        var sources: [CaseAlertsPage.Source] = []
        for sent in try await store.all(caseID: context.file.id) {
            sources.append(CaseAlertsPage.Source(sent: sent, waiting: try await store.waiting(sent.id)))
        }
        let people = context.file.people
        let page = CaseAlertsPage.build(
            alerts: sources, me: context.userID,
            names: { id in people.first { $0.userID == id }?.name ?? req.t("alert_someone") },
            connections: Dictionary(situation.connections.map { ($0.id, $0.details.name) }) { a, _ in a },
            blocked: situation.blocked.map { req.t($0) }, fields: fields(situation, recipients: true), links: context.links,
            form: form, req.pageContext)
        return req.page(page, titleKey: "case_alerts_title", status: status)
    }

    func list(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .viewCaseAlerts, logging: .viewed)
        return try await render(req, context, FormState())
    }

    func prepare(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .sendCaseAlert)
        let form = req.plainForm()
        let situation = try await situation(req, context)
        do {
            guard situation.blocked == nil, let consent = situation.consent, let outcome = situation.outcome else {
                throw TejidoError.invalid([
                    FieldProblem(field: "form", messageKey: situation.blocked ?? "case_alerts_need_outcome")
                ])
            }
            let chosen = AlertFormFields.recipients(form)
            var problems: [FieldProblem] = []
            if chosen.isEmpty || !AlertConsentRule.unnamed(Set(chosen), consented: Set(situation.offered.map(\.id))).isEmpty {
                problems.append(FieldProblem(field: "recipients", messageKey: "error_alert_recipients"))
            }
            let alert: AlertFields
            do {
                alert = try AlertFormFields.draft(form).validated(
                    harms: Dictionary(situation.harms.map { ($0.key, $0.name) }) { a, _ in a }, outcome: outcome.kind,
                    until: outcome.until, now: req.now)
            } catch TejidoError.invalid(let more) { throw TejidoError.invalid(more + problems) }
            try problems.throwIfAny()
            _ = try await store(req).prepare(
                alert, caseID: context.file.id, collectiveID: context.file.collectiveID, consentID: consent.id,
                recipients: chosen, by: context.userID)
        } catch TejidoError.invalid(let problems) {
            return try await render(
                req, context, FormState(values: form, problems: problems, request: req), status: .unprocessableEntity)
        }
        return req.redirect(context.url(.alerts))
    }

    func confirm(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .sendCaseAlert)
        guard let (record, sent) = try await store(req).find(try req.itemID(), caseID: context.file.id) else {
            throw TejidoError.notFound
        }
        let situation = try await situation(req, context)
        let refusal = AlertTwoPersonRule.check(
            preparedBy: sent.preparedBy, confirmer: context.userID, confirmerIsCareTeam: req.may(.sendCaseAlert, in: context),
            state: sent.state)
        let key: String? =
            switch refusal {
            case .samePerson: "error_alert_same_person"
            case .notCareTeam: "error_alert_not_care_team"
            case .notPrepared: "error_alert_not_prepared"
            // What stood when it was prepared must still stand: her wishes, the assembly, her consent.
            case nil: situation.blocked ?? (situation.consent?.id == sent.consentID ? nil : "case_alerts_need_consent")
            }
        if let key {
            return try await render(
                req, context, FormState(values: [:], problems: [FieldProblem(field: "form", messageKey: key)], request: req),
                status: refusal == .samePerson ? .forbidden : .conflict)
        }
        try await store(req).confirm(record, by: context.userID)
        return req.redirect(context.url(.alerts))
    }

    private func renderEdit(
        _ req: Request, _ context: CaseContext, id: UUID, _ form: FormState, status: HTTPStatus = .ok
    ) async throws -> Response {
        let page = CaseAlertEditPage(
            backHref: context.href(.alerts), action: context.href(.alert(id.text)),
            fields: fields(try await situation(req, context), recipients: false), form: form)
        return req.page(page, titleKey: "case_alerts_title", status: status)
    }

    func edit(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .sendCaseAlert, logging: .viewed)
        guard let (_, sent) = try await store(req).find(try req.itemID(), caseID: context.file.id), sent.state != .retracted
        else { throw TejidoError.notFound }
        return try await renderEdit(req, context, id: sent.id, FormState(values: AlertFormFields.values(sent.fields)))
    }

    func update(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .sendCaseAlert)
        guard let (record, sent) = try await store(req).find(try req.itemID(), caseID: context.file.id), sent.state != .retracted
        else { throw TejidoError.notFound }
        let form = req.plainForm()
        let situation = try await situation(req, context)
        do {
            guard let outcome = situation.outcome else {
                throw TejidoError.invalid([FieldProblem(field: "form", messageKey: "case_alerts_need_outcome")])
            }
            var harms = Dictionary(situation.harms.map { ($0.key, $0.name) }) { a, _ in a }
            harms[sent.fields.harm] = harms[sent.fields.harm] ?? sent.fields.harmName
            let alert = try AlertFormFields.draft(form).validated(
                harms: harms, outcome: outcome.kind, until: outcome.until, now: req.now)
            try await store(req).update(record, alert)
        } catch TejidoError.invalid(let problems) {
            return try await renderEdit(
                req, context, id: sent.id, FormState(values: form, problems: problems, request: req),
                status: .unprocessableEntity)
        }
        return req.redirect(context.url(.alerts))
    }

    func retract(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .sendCaseAlert)
        guard let (record, sent) = try await store(req).find(try req.itemID(), caseID: context.file.id) else {
            throw TejidoError.notFound
        }
        if sent.state != .retracted { try await store(req).retract(record) }
        return req.redirect(context.url(.alerts))
    }
}
