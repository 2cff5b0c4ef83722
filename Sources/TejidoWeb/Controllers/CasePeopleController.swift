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
        routes.post(SiteURL.casePattern(.person(":itemID")), use: changePerson)
        routes.get(SiteURL.casePattern(.personRemove(":itemID")), use: confirmRemove)
        routes.post(SiteURL.casePattern(.personRemove(":itemID")), use: removePerson)
        routes.post(SiteURL.casePattern(.claimLink), use: claimLink)
        routes.post(SiteURL.casePattern(.pod), use: addToPod)
        routes.post(SiteURL.casePattern(.podRemove(":itemID")), use: removeFromPod)
        routes.get(SiteURL.casePattern(.safety), use: safety)
        routes.post(SiteURL.casePattern(.safety), use: saveSafety)
        routes.get(SiteURL.casePattern(.consents), use: consents)
        routes.post(SiteURL.casePattern(.consents), use: recordConsent)
        routes.post(SiteURL.casePattern(.consentRevoke(":itemID")), use: revokeConsent)
    }

    struct Option: Encodable {
        let value: String
        let label: String
        let selected: Bool
    }

    // MARK: Wishes

    struct WishesView: Encodable {
        let action: String
        let backHref: String
        let form: FormState
        let wants: [WishesForm.Choice]
        let limits: [WishesForm.Choice]
        let agreement: AgreementFields?
    }

    private func renderWishes(
        _ req: Request, _ context: CaseContext, _ form: FormState, status: HTTPStatus = .ok
    ) async throws -> Response {
        let (wants, limits) = WishesForm.choices(req, form.values)
        return try await req.page(
            "pages/case-wishes", titleKey: "case_wishes_title",
            WishesView(
                action: context.href(.wishes), backHref: context.href(.home), form: form, wants: wants, limits: limits,
                agreement: AgreementFields.make(
                    req, for: context.me, labelKey: "case_wishes_survivor_agreed", values: form.values)),
            status: status)
    }

    func showWishes(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .editCaseWishes, logging: .viewed)
        return try await renderWishes(req, context, FormState(values: WishesForm.values(context.file.wishes)))
    }

    func saveWishes(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .editCaseWishes)
        let form = req.plainForm()
        do {
            try await req.caseService.saveWishes(
                context.file, WishesForm.read(form), agreement: AgreementFields.read(form), by: context.userID)
        } catch TejidoError.invalid(let problems) {
            return try await renderWishes(
                req, context, FormState(values: form, problems: problems, request: req), status: .unprocessableEntity)
        }
        return req.redirect(context.url(.home))
    }

    // MARK: People and pod map

    struct PeopleView: Encodable {
        struct Row: Encodable {
            let name: String
            let role: String
            let isSurvivor: Bool
            let isSupporter: Bool
            let hasAccount: Bool
            /// Their account no longer belongs to the collective.
            let outsideCollective: Bool
            let actsForSurvivor: Bool
            let seesSafetyPlan: Bool
            let changeAction: String?
            let removeHref: String?
        }
        struct PodPerson: Encodable {
            let name: String
            let username: String
            let note: String
            let addHref: String?
            let removeAction: String
        }
        let backHref: String
        let rows: [Row]
        let addAction: String
        let roles: [Option]
        let agreement: AgreementFields?
        let speaksAsSurvivor: Bool
        let respondentBlockedReason: String?
        let form: FormState
        let solid: [PodPerson]
        let maybe: [PodPerson]
        let podAction: String
        let claimAction: String?
        let claimLink: String?
    }

    private func renderPeople(
        _ req: Request, _ context: CaseContext, form: FormState = FormState(), claimLink: String? = nil,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let file = context.file
        let t = { (key: String) in req.t(key) }
        let rows = file.activePeople.map { person in
            PeopleView.Row(
                name: person.name, role: t("case_role_\(person.role.rawValue)"), isSurvivor: person.role == .survivor,
                isSupporter: person.role == .supporter, hasAccount: person.userID != nil,
                outsideCollective: !person.inCollective,
                actsForSurvivor: person.participation.actsForSurvivor, seesSafetyPlan: person.participation.seesSafetyPlan,
                changeAction: person.role == .survivor || person.role == .respondent
                    ? nil : context.href(.person(person.id.uuidString)),
                removeHref: person.role == .survivor || person.id == context.me.id
                    ? nil : context.href(.personRemove(person.id.uuidString)))
        }
        let mayTell = req.may(.tellRespondent, in: context)
        // The accountability pod works with the respondent, so it is offered only once they may be told.
        var roles: [CaseRole] = [.supporter, .facilitator]
        if !file.wishes.limits.contains(.doNotTellRespondent) { roles.append(.accountability) }
        if mayTell { roles.append(.respondent) }
        let chosenRole = form.values["role"] ?? req.query[String.self, at: "role"] ?? CaseRole.supporter.rawValue
        var blocked: String?
        if !mayTell {
            blocked =
                file.wishes.limits.contains(.doNotTellRespondent)
                ? t("case_respondent_blocked_wish") : t("case_respondent_blocked_consent")
        }
        let mayAddFromPod = { (person: PodMap.Person) -> String? in
            person.username.isEmpty || file.activePeople.contains { $0.username == person.username.lowercased() }
                ? nil
                : context.href(.people)
                    + "?username=\(person.username.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")#add"
        }
        let pod = file.podMap.people.map { person in
            (
                person.ring,
                PeopleView.PodPerson(
                    name: person.name, username: person.username, note: person.note, addHref: mayAddFromPod(person),
                    removeAction: context.href(.podRemove(person.id.uuidString)))
            )
        }
        var values = form.values
        if values["username"] == nil { values["username"] = req.query[String.self, at: "username"] ?? "" }
        var shown = form
        shown.values = values
        return try await req.page(
            "pages/case-people", titleKey: "case_people_title",
            PeopleView(
                backHref: context.href(.home), rows: rows, addAction: context.href(.people),
                roles: roles.map {
                    Option(value: $0.rawValue, label: t("case_role_\($0.rawValue)"), selected: $0.rawValue == chosenRole)
                },
                agreement: AgreementFields.make(req, for: context.me, labelKey: "case_add_survivor_agreed", values: values),
                speaksAsSurvivor: context.me.role == .survivor, respondentBlockedReason: blocked, form: shown,
                solid: pod.filter { $0.0 == .solid }.map(\.1), maybe: pod.filter { $0.0 == .maybe }.map(\.1),
                podAction: context.href(.pod),
                claimAction: file.survivor?.userID == nil ? context.href(.claimLink) : nil, claimLink: claimLink),
            status: status)
    }

    func people(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .manageCasePeople, logging: .viewedPeople)
        return try await NewLink.showing(req) { try await renderPeople(req, context, claimLink: $0) }
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
            return try await renderPeople(
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
                action: context.href(.personRemove(id.uuidString)), confirmLabel: req.t("case_remove_confirm"),
                cancelHref: context.href(.people)), titleKey: "case_people_title")
    }

    func removePerson(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .manageCasePeople)
        let id = try req.itemID()
        guard req.plainForm()["confirm"] == "yes" else { return req.redirect(context.url(.personRemove(id.uuidString))) }
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
            return try await renderPeople(
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

    struct SafetyView: Encodable {
        struct Field: Encodable {
            let name: String
            let label: String
            let hint: String
            let value: String
            let error: String?
        }
        struct Reader: Encodable {
            let name: String
            let role: String
        }
        let backHref: String
        let fields: [Field]
        let mayEdit: Bool
        let action: String
        let readers: [Reader]
        let peopleHref: String
        let form: FormState
    }

    private func renderSafety(
        _ req: Request, _ context: CaseContext, _ form: FormState, status: HTTPStatus = .ok
    ) async throws -> Response {
        let values = form.values.isEmpty ? context.file.safetyPlan.values : form.values
        let fields = SafetyPlan.fields.map {
            SafetyView.Field(
                name: $0, label: req.t("safety_\($0)"), hint: req.t("safety_\($0)_hint"), value: values[$0] ?? "",
                error: form.errors[$0])
        }
        let readers = context.file.activePeople.filter { CaseReading(participant: $0.id, $0.participation).readsSafetyPlan }
            .map { SafetyView.Reader(name: $0.name, role: req.t("case_role_\($0.role.rawValue)")) }
        return try await req.page(
            "pages/case-safety", titleKey: "case_safety_title",
            SafetyView(
                backHref: context.href(.home), fields: fields, mayEdit: req.may(.editSafetyPlan, in: context),
                action: context.href(.safety), readers: readers, peopleHref: context.href(.people), form: form),
            status: status)
    }

    func safety(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .viewSafetyPlan, logging: .viewedSafetyPlan)
        return try await renderSafety(req, context, FormState())
    }

    func saveSafety(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .editSafetyPlan)
        let form = req.plainForm()
        do {
            try await req.caseService.saveSafetyPlan(context.file, SafetyPlan(values: form), by: context.userID)
        } catch TejidoError.invalid(let problems) {
            return try await renderSafety(
                req, context, FormState(values: form, problems: problems, request: req), status: .unprocessableEntity)
        }
        return req.redirect(context.url(.safety))
    }

    // MARK: Consent

    struct ConsentsView: Encodable {
        struct Row: Encodable {
            let scope: String
            let detail: String
            let givenBy: String
            let manner: String
            let recordedBy: String?
            let given: String
            let until: String?
            let status: String
            let standing: Bool
            let revokeAction: String?
        }
        let backHref: String
        let rows: [Row]
        let mayRecord: Bool
        let action: String
        let scopes: [Option]
        let agreement: AgreementFields?
        let form: FormState
    }

    private func renderConsents(
        _ req: Request, _ context: CaseContext, _ form: FormState, status: HTTPStatus = .ok
    ) async throws -> Response {
        let file = context.file
        let dates = DateFormatting(language: req.context.language)
        let mayRecord = req.may(.manageCaseConsents, in: context)
        let rows = file.consents.reversed().map { row in
            let standing = CaseConsent.stands(until: row.until, revokedAt: row.revokedAt, now: req.now)
            let status =
                row.revokedAt.map { req.t("consent_revoked_on", ["date": dates.day($0)]) }
                ?? (standing ? req.t("consent_standing") : req.t("consent_expired"))
            // Adding someone is recorded by the system as "name · role"; the role is shown in the
            // reader's language rather than as stored.
            var detail = row.consent.detail
            if row.consent.scope == .addPerson, let person = file.person(id: row.consent.participantID) {
                detail = "\(person.name) · \(req.t("case_role_\(person.role.rawValue)"))"
            }
            if let shared = row.consent.entriesShared {
                detail += " · " + req.t("consent_entries_shared", ["count": String(shared)])
            }
            return ConsentsView.Row(
                scope: req.t("consent_scope_\(row.consent.scope.rawValue)"), detail: detail,
                givenBy: row.consent.givenBy, manner: req.t("manner_\(row.consent.manner.rawValue)"),
                recordedBy: file.person(id: row.recordedBy)?.name, given: dates.day(row.createdAt),
                until: row.until.map(dates.day), status: status, standing: standing,
                revokeAction: mayRecord && standing ? context.href(.consentRevoke(row.id.uuidString)) : nil)
        }
        let scope = form.values["scope"] ?? ""
        var shown = form
        if shown.values["days"] == nil { shown.values["days"] = String(CaseConsent.defaultDays) }
        return try await req.page(
            "pages/case-consents", titleKey: "case_consents_title",
            ConsentsView(
                backHref: context.href(.home), rows: Array(rows), mayRecord: mayRecord, action: context.href(.consents),
                scopes: CaseConsent.Scope.recordable.map {
                    Option(value: $0.rawValue, label: req.t("consent_scope_\($0.rawValue)"), selected: $0.rawValue == scope)
                },
                agreement: AgreementFields.make(
                    req, for: context.me, labelKey: "consent_survivor_agreed", values: form.values), form: shown),
            status: status)
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
            try await req.caseService.recordConsent(
                context.file, scope: scope, detail: form["detail"] ?? "", agreement: AgreementFields.read(form),
                days: Int((form["days"] ?? "").trimmingCharacters(in: .whitespaces)), by: context.userID)
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
