import Fluent
import TejidoCore
import Vapor

/// The respondent's proposal for change and the commitments it becomes. The respondent writes;
/// the accountability pod and facilitators comment; the survivor's side reads only when they
/// choose to, and sees progress only as far as the survivor chose.
struct CaseAccountabilityController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.casePattern(.proposal), use: showProposal)
        routes.post(SiteURL.casePattern(.proposal), use: writeProposal)
        routes.post(SiteURL.casePattern(.proposalComment(.placeholder(.itemID))), use: comment)
        routes.post(SiteURL.casePattern(.proposalAccept(.placeholder(.itemID))), use: accept)
        routes.get(SiteURL.casePattern(.commitments), use: showCommitments)
        routes.post(SiteURL.casePattern(.commitments), use: addCommitment)
        routes.post(SiteURL.casePattern(.checkIn(.placeholder(.itemID))), use: checkIn)
        routes.post(SiteURL.casePattern(.progressView), use: chooseProgressView)
        routes.post(SiteURL.casePattern(.outcomes), use: recordOutcome)
    }

    // MARK: The proposal

    func showProposal(_ req: Request) async throws -> Response {
        let reading = req.query[String.self, at: "read"] == "1"
        let context = try await req.caseContext(for: .viewProposal, logging: reading ? .viewedProposal : .viewed)
        return try await renderProposal(req, context, reading: reading, form: nil)
    }

    private func renderProposal(
        _ req: Request, _ context: CaseContext, reading: Bool, form: FormState?, status: HTTPStatus = .ok
    ) async throws -> Response {
        let page = ProposalPage.build(
            versions: try await req.caseService.proposals(context.file), reading: context.reading, asked: reading,
            people: { context.file.person(id: $0)?.name }, offered: try await Self.offered(req, context),
            may: (
                req.may(.reviewProposal, in: context), req.may(.manageCommitments, in: context),
                req.may(.writeProposal, in: context)
            ), survivorSide: context.me.role.isSurvivorSide, links: context.links, form: form, req.pageContext)
        return req.page(page, titleKey: "case_proposal_title", status: status)
    }

    /// Directory entries a respondent can pick as support: counselling, programmes, groups.
    static func offered(_ req: Request, _ context: CaseContext) async throws -> [(id: UUID, name: String)] {
        try await DirectoryQueries(database: req.db).choices(
            in: context.collective.requireID(),
            kinds: [.counselling, .programmeForPeopleWhoHarmed, .masculinityGroup, .transformativeJustice])
    }

    func writeProposal(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .writeProposal)
        let form = req.plainForm()
        let offered = try await Self.offered(req, context)
        let proposal = ChangeProposal(
            acknowledgement: form["acknowledgement"] ?? "", behaviours: form["behaviours"] ?? "", repair: form["repair"] ?? "",
            careWork: form["care_work"] ?? "", support: form["support"] ?? "",
            supportEntries: FormIDs.ticked(form, prefix: "entry_"),
            timeline: form["timeline"] ?? "")
        do {
            try await req.caseService.saveProposal(context.file, proposal, offered: Set(offered.map(\.id)), by: context.userID)
        } catch TejidoError.invalid(let problems) {
            return try await renderProposal(
                req, context, reading: true, form: FormState(values: form, problems: problems, request: req),
                status: .unprocessableEntity)
        }
        return req.redirect(to: context.href(.proposal) + "#versions", redirectType: .normal)
    }

    func comment(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .reviewProposal)
        let versionID = try req.itemID()
        let text = req.plainForm()["comment"] ?? ""
        do {
            try await req.caseService.commentOnProposal(context.file, versionID, text: text, by: context.userID)
        } catch TejidoError.invalid(let problems) {
            let field = ProposalPage.commentField(versionID)
            let moved = problems.map { FieldProblem(field: field, messageKey: $0.messageKey) }
            return try await renderProposal(
                req, context, reading: true, form: FormState(values: [field: text], problems: moved, request: req),
                status: .unprocessableEntity)
        }
        return req.redirect(to: context.href(.proposal) + "#versions", redirectType: .normal)
    }

    func accept(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .manageCommitments)
        try await req.caseService.acceptProposal(context.file, try req.itemID(), by: context.userID)
        return req.redirect(context.url(.commitments))
    }

    // MARK: Commitments

    func showCommitments(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .viewProposal, logging: .viewed)
        return try await renderCommitments(req, context, FormState())
    }

    private func renderCommitments(
        _ req: Request, _ context: CaseContext, _ form: FormState, status: HTTPStatus = .ok
    ) async throws -> Response {
        let service = req.caseService
        // Commitments come from an accepted proposal: before one, the form is not offered.
        var mayAdd = req.may(.manageCommitments, in: context)
        if mayAdd { mayAdd = try await service.proposals(context.file).contains { $0.acceptedAt != nil } }
        let mayRecord = req.may(.recordOutcome, in: context)
        let outcomes = try await service.outcomes(context.file)
        let needsItems = mayRecord || outcomes.contains { $0.outcome.assemblyItem != nil }
        let page = CommitmentsPage.build(
            commitments: try await service.commitments(context.file), today: Calendar.utc.startOfDay(for: req.now),
            chosen: service.accountabilityPreferences(context.file).progressView, reading: context.reading,
            people: { context.file.person(id: $0)?.name }, outcomes: outcomes,
            adopted: needsItems ? try await service.adoptedAssemblyItems(context.file) : [],
            rules: mayRecord ? try await service.responseRules(context.file) : nil, wishes: context.file.wishes,
            acts: .init(
                add: mayAdd, checkIn: req.may(.recordCheckIn, in: context), chooseView: req.may(.chooseProgressView, in: context),
                recordOutcome: mayRecord), links: context.links, form: form, req.pageContext)
        return req.page(page, titleKey: "case_commitments_title", status: status)
    }

    func recordOutcome(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .recordOutcome)
        let form = req.plainForm()
        do {
            guard let kind = CaseOutcome.Kind(rawValue: form["outcome_kind"] ?? "") else {
                throw TejidoError.invalid([FieldProblem(field: "outcome_kind", messageKey: "error_outcome_kind")])
            }
            let untilText = (form["until"] ?? "").trimmingCharacters(in: .whitespaces)
            let until = untilText.isEmpty ? nil : CalendarDay.parse(untilText)
            if !untilText.isEmpty, until == nil {
                throw TejidoError.invalid([FieldProblem(field: "until", messageKey: "error_outcome_until")])
            }
            let item = FormIDs.optional(form, "assembly_item")
            try await req.caseService.recordOutcome(
                context.file,
                CaseOutcome(
                    kind: kind, detail: form["detail"] ?? "", spaces: form["spaces"] ?? "", until: until,
                    returnPath: form["return_path"] ?? "", assemblyItem: item), by: context.userID)
        } catch TejidoError.invalid(let problems) {
            return try await renderCommitments(
                req, context, FormState(values: form, problems: problems, request: req), status: .unprocessableEntity)
        }
        return req.redirect(to: context.href(.commitments) + "#outcomes", redirectType: .normal)
    }

    func addCommitment(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .manageCommitments)
        let form = req.plainForm()
        do {
            let (commitment, due) = try Commitment.validated(
                title: form["commitment_title"] ?? "", kind: form["commitment_kind"] ?? "", due: form["commitment_due"] ?? "")
            if let due, due < Calendar.utc.startOfDay(for: req.now) {
                throw TejidoError.invalid([FieldProblem(field: "commitment_due", messageKey: "error_commitment_past")])
            }
            try await req.caseService.addCommitment(context.file, commitment, dueOn: due, by: context.userID)
        } catch TejidoError.invalid(let problems) {
            return try await renderCommitments(
                req, context, FormState(values: form, problems: problems, request: req), status: .unprocessableEntity)
        }
        return req.redirect(context.url(.commitments))
    }

    func checkIn(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .recordCheckIn)
        let form = req.plainForm()
        let id = try req.itemID()
        do {
            let checkIn = try CheckIn.validated(progress: form["progress"] ?? "", note: form["note"] ?? "")
            try await req.caseService.checkIn(context.file, id, checkIn, by: context.userID)
        } catch TejidoError.invalid(let problems) {
            // Each commitment has its own form: the errors point at that one.
            let renamed = problems.map { FieldProblem(field: "checkin-\(id.text)", messageKey: $0.messageKey) }
            let values = ["failed_row": id.text, "note": form["note"] ?? ""]
            return try await renderCommitments(
                req, context, FormState(values: values, problems: renamed, request: req), status: .unprocessableEntity)
        }
        return req.redirect(to: context.href(.commitments) + "#commitment-\(id.text)", redirectType: .normal)
    }

    func chooseProgressView(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .chooseProgressView)
        guard let view = ProgressView(rawValue: req.plainForm()["progress_view"] ?? "") else {
            return try await renderCommitments(
                req, context,
                FormState(
                    values: [:], problems: [FieldProblem(field: "progress_view", messageKey: "error_progress_view")],
                    request: req), status: .unprocessableEntity)
        }
        try await req.caseService.setProgressView(context.file, view, by: context.userID)
        return req.redirect(context.url(.commitments))
    }
}
