import TejidoCore
import Vapor

/// The cases a person is in, opening a new one, taking over one opened for them, and their own
/// "what needs me" page.
struct CasesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.casesPattern, use: list)
        routes.get(SiteURL.caseNewPattern, use: showNew)
        routes.post(SiteURL.caseNewPattern, use: open)
        routes.get(SiteURL.casePattern(.draft), use: showDraft)
        routes.post(SiteURL.casePattern(.draft), use: saveDraft)
        routes.get(SiteURL.caseClaimPattern, use: showClaim)
        routes.post(SiteURL.caseClaimPattern, use: claim)
        routes.get(SiteURL.needsMePattern, use: needsMe)
    }

    func list(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .openCase)
        let user = try req.requireUser()
        let page = CasesListPage.build(
            try await req.caseStore.cases(of: user.id, in: collective.requireID()), slug: collective.slug,
            deleted: req.query[String.self, at: "deleted"] == "1", req.pageContext)
        return req.page(page, titleKey: "cases_title")
    }

    // MARK: Disclosure

    /// New disclosures start with the limits that keep the most closed: the respondent not told,
    /// nothing to the assembly. The person unticks what they are ready to open.
    static let startingValues = WishesForm.values(CaseWishes())

    func showNew(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .openCase)
        var values = Self.startingValues
        values["for"] = req.query[String.self, at: "for"] == "other" ? "other" : "self"
        return render(
            req, action: SiteURL.caseNew(slug: collective.slug).path, isDraft: false, form: FormState(values: values))
    }

    func render(
        _ req: Request, action: String, isDraft: Bool, form: FormState, status: HTTPStatus = .ok
    ) -> Response {
        req.page(
            DisclosurePage.build(action: action, isDraft: isDraft, form: form, req.pageContext), titleKey: "case_open_title",
            status: status)
    }

    static func opening(_ form: [String: String]) -> CaseService.Opening {
        CaseService.Opening(
            forSomeoneElse: form["for"] == "other", survivorName: form["survivor_name"] ?? "",
            agreedTo: form["agreed_to"] ?? "",
            manner: CaseConsent.Manner(rawValue: form["manner"] ?? "") ?? .spoken, narrative: form["narrative"] ?? "",
            narrativeVisibility: EntryVisibility(rawValue: form["narrative_visibility"] ?? "")
                .flatMap { Disclosure.visibilityChoices.contains($0) ? $0 : nil } ?? .survivorSide,
            wishes: WishesForm.read(form), finished: form["finish"] == "1")
    }

    func open(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .openCase)
        let user = try req.requireUser()
        let form = req.plainForm()
        do {
            let caseID = try await req.caseService.open(
                Self.opening(form), collectiveID: collective.requireID(), openerID: user.id)
            let page: CasePage = form["finish"] == "1" ? .home : .draft
            return req.redirect(.casePage(slug: collective.slug, caseID: caseID.text, page))
        } catch TejidoError.invalid(let problems) {
            return render(
                req, action: SiteURL.caseNew(slug: collective.slug).path, isDraft: false,
                form: FormState(values: form, problems: problems, request: req), status: .unprocessableEntity)
        }
    }

    func showDraft(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .editCaseWishes, logging: .viewed)
        guard context.file.stage == .draft else { return req.redirect(context.url(.home)) }
        var values = WishesForm.values(context.file.wishes)
        values["narrative"] = context.file.disclosure?.narrative ?? ""
        values["for"] = context.file.disclosure?.forSomeoneElse == true ? "other" : "self"
        values["narrative_visibility"] = context.file.disclosure?.visibility.rawValue
        return render(req, action: context.href(.draft), isDraft: true, form: FormState(values: values))
    }

    func saveDraft(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .editCaseWishes)
        guard context.file.stage == .draft else { return req.redirect(context.url(.home)) }
        var form = req.plainForm()
        // The person it is for was settled when the draft began; only the rest is edited.
        form["for"] = "self"
        do {
            // Outside the collective a draft stays hers to keep or delete, but is sent to nobody.
            if form["finish"] == "1", req.context.actor.role(in: context.file.collectiveID) == nil {
                throw TejidoError.invalid([FieldProblem(field: "form", messageKey: "error_draft_outside_collective")])
            }
            try await req.caseService.updateDraft(context.file, Self.opening(form), by: context.userID)
            return req.redirect(context.url(form["finish"] == "1" ? .home : .draft))
        } catch TejidoError.invalid(let problems) {
            return render(
                req, action: context.href(.draft), isDraft: true,
                form: FormState(values: form, problems: problems, request: req), status: .unprocessableEntity)
        }
    }

    // MARK: Taking over a case opened for you

    func showClaim(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .openCase)
        let token = req.parameters.get(.token) ?? ""
        guard try await req.caseService.claimIsOpen(token: token, collectiveID: collective.requireID()) else {
            throw TejidoError.notFound
        }
        return req.page(
            ConfirmPage(
                heading: req.t("case_claim_heading"), text: req.t("case_claim_text"),
                action: SiteURL.caseClaim(slug: collective.slug, token: token).path, confirmLabel: req.t("case_claim_confirm"),
                cancelHref: SiteURL.collective(slug: collective.slug).path, isDestructive: false), titleKey: "case_claim_title")
    }

    func claim(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .openCase)
        let user = try req.requireUser()
        let token = req.parameters.get(.token) ?? ""
        let caseID = try await req.caseService.claim(token: token, collectiveID: collective.requireID(), userID: user.id)
        return req.redirect(.casePage(slug: collective.slug, caseID: caseID.text, .home))
    }

    // MARK: What needs me

    func needsMe(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .viewOwnWork)
        let user = try req.requireUser()
        let dates = DateFormatting(language: req.context.language)
        var rows: [NeedsMePage.Row] = []
        var commitments: [(NeedsMePage.Reminder, Date?)] = []
        let today = Calendar.utc.startOfDay(for: req.now)
        for (file, me) in try await req.caseStore.cases(of: user.id, in: collective.requireID())
        where file.stage.isOpen {
            // Each person sees the commitments that are theirs to meet or watch, and only what the
            // policy lets them read (the respondent only while the consent to tell them stands).
            if [.facilitator, .respondent, .accountability].contains(me.role),
                AccessPolicy.decide(req.context.actor, .viewProposal, .caseFile(file.facts(now: req.now))).isAllowed
            {
                for row in try await req.caseService.commitments(file) {
                    let state = row.state(today: today)
                    guard let reason = CommitmentReminder.reason(for: me.role, state: state, dueOn: row.dueOn, today: today)
                    else { continue }
                    commitments.append(
                        (
                            NeedsMePage.Reminder(
                                title: row.commitment.title, reason: req.t("reminder_\(reason.rawValue)"),
                                due: row.dueOn.map(dates.day), overdue: state == .missed,
                                href: SiteURL.casePage(slug: collective.slug, caseID: file.id.text, .commitments).path
                                    + "#commitment-\(row.id.text)"), row.dueOn
                        ))
                }
            }
            for task in try await req.caseService.tasks(file, for: me) where task.doneAt == nil && task.assignee?.id == me.id {
                let page = { (p: CasePage) in SiteURL.casePage(slug: collective.slug, caseID: file.id.text, p).path }
                rows.append(
                    NeedsMePage.Row(
                        title: task.body.title, isCheckIn: task.body.isCheckIn, due: task.dueOn.map(dates.day),
                        overdue: task.dueOn.map { $0 < Calendar.utc.startOfDay(for: req.now) } ?? false,
                        caseHref: page(.home), doneAction: page(.taskDone(task.id.text))))
            }
        }
        rows.sort { ($0.due == nil ? 1 : 0, $0.overdue ? 0 : 1) < ($1.due == nil ? 1 : 0, $1.overdue ? 0 : 1) }
        // Soonest first; those with no date last.
        let reminders = commitments.sorted { ($0.1 ?? .distantFuture) < ($1.1 ?? .distantFuture) }.map(\.0)
        let agreement = try await AgreementService(database: req.db, now: req.now).pending(
            collectiveID: collective.requireID(), userID: user.id)
        var page = NeedsMePage(rows: rows, commitments: reminders)
        if let agreement {
            page.agreementHref = SiteURL.protocolAgreement(slug: collective.slug).path
            page.agreementNewcomer = agreement.newcomer
        }
        return req.page(page, titleKey: "needs_me_title")
    }
}
