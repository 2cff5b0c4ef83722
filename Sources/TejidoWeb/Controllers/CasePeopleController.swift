import TejidoCore
import Vapor

/// The survivor's side of a case: wishes, who is in it and their pod map, the safety plan, and
/// consent. Each page is for the survivor, or a supporter acting with their consent.
struct CasePeopleController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.casePattern(.wishes), use: showWishes)
        routes.post(SiteURL.casePattern(.wishes), use: saveWishes)
        routes.get(SiteURL.casePattern(.people), use: people)
        routes.post(SiteURL.casePattern(.people), use: addPerson)
        routes.post(SiteURL.casePattern(.person(.placeholder(.itemID))), use: changePerson)
        routes.get(SiteURL.casePattern(.personRemove(.placeholder(.itemID))), use: confirmRemove)
        routes.post(SiteURL.casePattern(.personRemove(.placeholder(.itemID))), use: removePerson)
        routes.post(SiteURL.casePattern(.claimLink), use: claimLink)
        routes.post(SiteURL.casePattern(.pod), use: addToPod)
        routes.post(SiteURL.casePattern(.podRemove(.placeholder(.itemID))), use: removeFromPod)
        routes.get(SiteURL.casePattern(.safety), use: safety)
        routes.post(SiteURL.casePattern(.safety), use: saveSafety)
        routes.get(SiteURL.casePattern(.consents), use: consents)
        routes.post(SiteURL.casePattern(.consents), use: recordConsent)
        routes.post(SiteURL.casePattern(.consentRevoke(.placeholder(.itemID))), use: revokeConsent)
    }

    // MARK: Wishes

    private func renderWishes(
        _ req: Request, _ context: CaseContext, _ form: FormState, status: HTTPStatus = .ok
    ) -> Response {
        req.page(
            WishesPage.build(me: context.me.role, links: context.links, form: form, req.pageContext),
            titleKey: "case_wishes_title", status: status)
    }

    func showWishes(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .editCaseWishes, logging: .viewed)
        return renderWishes(req, context, FormState(values: WishesForm.values(context.file.wishes)))
    }

    func saveWishes(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .editCaseWishes)
        let form = req.plainForm()
        do {
            try await req.caseService.saveWishes(
                context.file, WishesForm.read(form), agreement: AgreementFields.read(form), by: context.userID)
        } catch TejidoError.invalid(let problems) {
            return renderWishes(
                req, context, FormState(values: form, problems: problems, request: req), status: .unprocessableEntity)
        }
        return req.redirect(context.url(.home))
    }

    // MARK: People and pod map

    private func renderPeople(
        _ req: Request, _ context: CaseContext, form: FormState = FormState(), claimLink: String? = nil,
        status: HTTPStatus = .ok
    ) -> Response {
        var page = PeoplePage.build(
            context.file, me: context.me, mayTell: req.may(.tellRespondent, in: context),
            asked: (req.query[String.self, at: "username"], req.query[String.self, at: "role"]), links: context.links,
            form: form, claimLink: claimLink, req.pageContext)
        if req.may(.viewPreparedPeople, in: context) { page.preparedHref = context.href(.prepared) }
        return req.page(page, titleKey: "case_people_title", status: status)
    }

    func people(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .manageCasePeople, logging: .viewedPeople)
        return try await NewLink.showing(req) { renderPeople(req, context, claimLink: $0) }
    }

    func addPerson(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .manageCasePeople)
        let form = req.plainForm()
        do {
            guard let role = CaseRole(rawValue: form["role"] ?? "") else {
                throw TejidoError.invalid([FieldProblem(field: "role", messageKey: "error_case_role")])
            }
            // Telling the respondent has its own rule: the survivor's wish and a standing consent.
            if role == .respondent, !req.may(.tellRespondent, in: context) {
                throw TejidoError.invalid([FieldProblem(field: "role", messageKey: "error_case_respondent_blocked")])
            }
            try await req.caseService.addPerson(
                context.file, username: form["username"] ?? "", role: role, agreement: AgreementFields.read(form),
                by: context.userID)
        } catch TejidoError.invalid(let problems) {
            return renderPeople(
                req, context, form: FormState(values: form, problems: problems, request: req), status: .unprocessableEntity)
        }
        return req.redirect(context.url(.people))
    }

    func changePerson(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .manageCasePeople)
        let form = req.plainForm()
        try await req.caseService.changePerson(
            context.file, try req.itemID(), actsForSurvivor: form["acts_for_survivor"] == "1",
            seesSafetyPlan: form["sees_safety_plan"] == "1", by: context.userID)
        return req.redirect(context.url(.people))
    }

    func confirmRemove(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .manageCasePeople, logging: .viewedPeople)
        let id = try req.itemID()
        guard let person = context.file.person(id: id), person.isActive else { throw TejidoError.notFound }
        return req.page(
            ConfirmPage(
                heading: req.t("case_remove_heading", ["name": person.name]), text: req.t("case_remove_text"),
                action: context.href(.personRemove(id.text)), confirmLabel: req.t("case_remove_confirm"),
                cancelHref: context.href(.people)), titleKey: "case_people_title")
    }

    func removePerson(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .manageCasePeople)
        let id = try req.itemID()
        guard req.plainForm()["confirm"] == "yes" else { return req.redirect(context.url(.personRemove(id.text))) }
        try await req.caseService.removePerson(context.file, id, by: context.userID)
        return req.redirect(context.url(.people))
    }

    func claimLink(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .manageCasePeople)
        let token = try await req.caseService.makeClaimLink(context.file, by: context.userID)
        let link = req.absoluteURL(.caseClaim(slug: context.slug, token: token))
        return NewLink.redirect(req, to: context.href(.people), showing: link)
    }

    func addToPod(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .editPodMap)
        let form = req.plainForm()
        do {
            try await req.caseService.addToPodMap(
                context.file,
                PodMap.Person(
                    name: form["pod_name"] ?? "", ring: PodMap.Ring(rawValue: form["ring"] ?? "") ?? .maybe,
                    username: form["pod_username"] ?? "", note: form["pod_note"] ?? ""), by: context.userID)
        } catch TejidoError.invalid(let problems) {
            return renderPeople(
                req, context,
                form: FormState(
                    values: form, problems: problems.map { FieldProblem(field: "pod_" + $0.field, messageKey: $0.messageKey) },
                    request: req), status: .unprocessableEntity)
        }
        return req.redirect(to: context.href(.people) + "#pod", redirectType: .normal)
    }

    func removeFromPod(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .editPodMap)
        try await req.caseService.removeFromPodMap(context.file, try req.itemID(), by: context.userID)
        return req.redirect(to: context.href(.people) + "#pod", redirectType: .normal)
    }

    // MARK: Safety plan

    private func renderSafety(
        _ req: Request, _ context: CaseContext, _ form: FormState, status: HTTPStatus = .ok
    ) -> Response {
        let readers = context.file.activePeople.filter { CaseReading(participant: $0.id, $0.participation).readsSafetyPlan }
        let page = SafetyPlanPage.build(
            plan: context.file.safetyPlan, readers: readers, mayEdit: req.may(.editSafetyPlan, in: context),
            links: context.links, form: form, req.pageContext)
        return req.page(page, titleKey: "case_safety_title", status: status)
    }

    func safety(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .viewSafetyPlan, logging: .viewedSafetyPlan)
        return renderSafety(req, context, FormState())
    }

    func saveSafety(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .editSafetyPlan)
        let form = req.plainForm()
        do {
            try await req.caseService.saveSafetyPlan(context.file, SafetyPlan(values: form), by: context.userID)
        } catch TejidoError.invalid(let problems) {
            return renderSafety(
                req, context, FormState(values: form, problems: problems, request: req), status: .unprocessableEntity)
        }
        return req.redirect(context.url(.safety))
    }

    // MARK: Consent

    private func renderConsents(
        _ req: Request, _ context: CaseContext, _ form: FormState, status: HTTPStatus = .ok
    ) async throws -> Response {
        let connections = try await alertConnections(req, context)
        let page = ConsentsPage.build(
            context.file, me: context.me.role, mayRecord: req.may(.manageCaseConsents, in: context), now: req.now,
            links: context.links, form: form, connections: connections, req.pageContext)
        return req.page(page, titleKey: "case_consents_title", status: status)
    }

    /// The collectives this one exchanges alerts with, which a consent to send one may name.
    private func alertConnections(_ req: Request, _ context: CaseContext) async throws -> [(id: UUID, name: String)] {
        try await PeerConnections(database: req.db, keys: req.services.keys, now: req.now).all(in: context.file.collectiveID)
            .filter { $0.sends(.alerts) }.map { (id: $0.id, name: $0.details.name) }
    }

    func consents(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .viewCaseConsents, logging: .viewedConsents)
        return try await renderConsents(req, context, FormState())
    }

    func recordConsent(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .manageCaseConsents)
        let form = req.plainForm()
        do {
            guard let scope = CaseConsent.Scope(rawValue: form["scope"] ?? "") else {
                throw TejidoError.invalid([FieldProblem(field: "scope", messageKey: "error_consent_scope")])
            }
            let recipients = form.compactMap { key, value in
                key.hasPrefix("recipient_") && value == "1" ? UUID(uuidString: String(key.dropFirst(10))) : nil
            }
            try await req.caseService.recordConsent(
                context.file, scope: scope, detail: form["detail"] ?? "", agreement: AgreementFields.read(form),
                days: Int((form["days"] ?? "").trimmingCharacters(in: .whitespaces)), recipients: recipients,
                by: context.userID)
        } catch TejidoError.invalid(let problems) {
            return try await renderConsents(
                req, context, FormState(values: form, problems: problems, request: req), status: .unprocessableEntity)
        }
        return req.redirect(context.url(.consents))
    }

    func revokeConsent(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .manageCaseConsents)
        try await req.caseService.revokeConsent(context.file, try req.itemID(), by: context.userID)
        return req.redirect(context.url(.consents))
    }
}
