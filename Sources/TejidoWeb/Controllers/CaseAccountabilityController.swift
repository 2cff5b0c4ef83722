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
        routes.post(SiteURL.casePattern(.proposalComment(":itemID")), use: comment)
        routes.post(SiteURL.casePattern(.proposalAccept(":itemID")), use: accept)
        routes.get(SiteURL.casePattern(.commitments), use: showCommitments)
        routes.post(SiteURL.casePattern(.commitments), use: addCommitment)
        routes.post(SiteURL.casePattern(.checkIn(":itemID")), use: checkIn)
        routes.post(SiteURL.casePattern(.progressView), use: chooseProgressView)
        routes.post(SiteURL.casePattern(.outcomes), use: recordOutcome)
    }

    // MARK: The proposal

    struct ProposalView: Encodable {
        struct Section: Encodable {
            let heading: String
            let text: String
        }
        struct Version: Encodable {
            let number: Int
            let when: String
            let accepted: Bool
            let sections: [Section]
            let supportEntries: [String]
            let comments: [Comment]
            let commentAction: String?
            /// Each version's comment box is its own field, so a problem and what was typed return to it.
            let commentField: String
            let commentError: String?
            let commentText: String?
            let acceptAction: String?
        }
        struct Comment: Encodable {
            let who: String
            let when: String
            let text: String
        }
        struct Field: Encodable {
            let name: String
            let label: String
            let hint: String
            let required: Bool
            let value: String
            let error: String?
        }
        struct Pick: Encodable {
            let value: String
            let label: String
            let checked: Bool
        }
        let backHref: String
        let versions: [Version]
        /// The survivor's side has a proposal waiting and has not asked to read it.
        let readHref: String?
        let forSurvivorSide: Bool
        let action: String?
        let fields: [Field]
        let picks: [Pick]
        let form: FormState
        let commitmentsHref: String
    }

    func showProposal(_ req: Request) async throws -> Response {
        let reading = req.query[String.self, at: "read"] == "1"
        let context = try await req.caseContext(for: .viewProposal, logging: reading ? .viewedProposal : .viewed)
        return try await renderProposal(req, context, reading: reading, form: nil)
    }

    private func renderProposal(
        _ req: Request, _ context: CaseContext, reading: Bool, form: FormState?, status: HTTPStatus = .ok
    ) async throws -> Response {
        let sees = context.reading
        let survivorSide = context.me.role.isSurvivorSide
        let versions = try await req.caseService.proposals(context.file)
        let dates = DateFormatting(language: req.context.language)
        let picks = try await Self.offered(req, context)
        let names = Dictionary(picks.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let mayReview = req.may(.reviewProposal, in: context)
        let mayAccept = req.may(.manageCommitments, in: context)
        let noneAccepted = versions.allSatisfy { $0.acceptedAt == nil }
        var state = form ?? FormState()
        let shown = sees.readsProposal(asked: reading) ? versions : []
        let rows = shown.map { version in
            ProposalView.Version(
                number: version.number, when: dates.dayAndTime(version.createdAt), accepted: version.acceptedAt != nil,
                sections: ChangeProposal.fields.compactMap { field in
                    let text = version.proposal.text(field)
                    // Readers see the parts named in the third person; the form speaks to the writer.
                    return text.isEmpty ? nil : .init(heading: req.t("proposal_read_\(field)"), text: text)
                },
                supportEntries: version.proposal.supportEntries.compactMap { names[$0] },
                comments: !sees.readsProposalComments
                    ? []
                    : version.comments.map {
                        .init(
                            who: context.file.person(id: $0.comment.author)?.name ?? req.t("case_log_someone_gone"),
                            when: dates.dayAndTime($0.at), text: $0.comment.text)
                    },
                commentAction: mayReview ? context.href(.proposalComment(version.id.uuidString)) : nil,
                commentField: Self.commentField(version.id), commentError: state.errors[Self.commentField(version.id)],
                commentText: state.values[Self.commentField(version.id)],
                acceptAction: mayAccept && version.acceptedAt == nil && noneAccepted
                    ? context.href(.proposalAccept(version.id.uuidString)) : nil)
        }
        let mayWrite = req.may(.writeProposal, in: context)
        if form == nil, mayWrite, let latest = versions.first?.proposal {
            for field in ChangeProposal.fields { state.values[field] = latest.text(field) }
            for id in latest.supportEntries { state.values["entry_\(id.uuidString)"] = "1" }
        }
        return try await req.page(
            "pages/case-proposal", titleKey: "case_proposal_title",
            ProposalView(
                backHref: context.href(.home), versions: rows,
                readHref: !sees.readsProposal(asked: reading) && !versions.isEmpty ? context.href(.proposal) + "?read=1" : nil,
                forSurvivorSide: survivorSide, action: mayWrite ? context.href(.proposal) : nil,
                fields: ChangeProposal.fields.map {
                    .init(
                        name: $0, label: req.t("proposal_\($0)"), hint: req.t("proposal_\($0)_hint"),
                        required: ChangeProposal.required.contains($0), value: state.values[$0] ?? "", error: state.errors[$0])
                },
                picks: mayWrite
                    ? picks.map {
                        .init(value: $0.id.uuidString, label: $0.name, checked: state.values["entry_\($0.id.uuidString)"] == "1")
                    } : [],
                form: state, commitmentsHref: context.href(.commitments)), status: status)
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

    static func commentField(_ versionID: UUID) -> String { "comment-\(versionID.uuidString)" }

    func comment(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .reviewProposal)
        let versionID = try req.itemID()
        let text = req.plainForm()["comment"] ?? ""
        do {
            try await req.caseService.commentOnProposal(context.file, versionID, text: text, by: context.userID)
        } catch TejidoError.invalid(let problems) {
            let field = Self.commentField(versionID)
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

    struct CommitmentsView: Encodable {
        struct Row: Encodable {
            let title: String
            let kind: String
            let due: String?
            let state: String
            let missed: Bool
            let checkIns: [CheckInRow]
            let checkInAction: String?
            let id: String
            /// What went wrong with this commitment's check-in form, and the note typed in it.
            let error: String?
            let note: String
        }
        struct CheckInRow: Encodable {
            let who: String
            let when: String
            let progress: String
            let note: String
        }
        struct Choice: Encodable {
            let value: String
            let label: String
            let checked: Bool
        }
        let backHref: String
        let proposalHref: String
        /// For the survivor's side under "summary": counts only.
        let summary: String?
        /// For the survivor's side under "nothing".
        let hidden: Bool
        let rows: [Row]
        let addAction: String?
        let kinds: [Choice]
        let progressChoices: [Choice]
        let viewAction: String?
        let viewChoices: [Choice]
        let form: FormState
        let outcomes: [OutcomeRow]
        let outcomeAction: String?
        /// Open when the outcome form comes back with a problem, so its message is not hidden.
        let outcomeFormOpen: Bool
        let outcomeKinds: [Choice]
        /// Where to add a task, when a response the protocol reserves to the assembly cannot be
        /// applied because the person harmed keeps the case from the assembly.
        let assemblyBarred: String?
        let decisions: [Choice]
    }

    struct OutcomeRow: Encodable {
        let kind: String
        let when: String
        let detail: String
        let spaces: String?
        let until: String?
        let returnPath: String?
        /// The assembly decision it rests on, by the item's title, where it rests on one.
        let decision: String?
    }

    func showCommitments(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .viewProposal, logging: .viewed)
        return try await renderCommitments(req, context, FormState())
    }

    private func renderCommitments(
        _ req: Request, _ context: CaseContext, _ form: FormState, status: HTTPStatus = .ok
    )
        async throws -> Response
    {
        let service = req.caseService
        let all = try await service.commitments(context.file)
        let today = Calendar.utc.startOfDay(for: req.now)
        let dates = DateFormatting(language: req.context.language)
        let chosen = service.accountabilityPreferences(context.file).progressView
        let shownAs = context.reading.commitments(chosen)
        var summary: String?
        if shownAs == .summary {
            let states = all.map { $0.state(today: today) }
            summary = req.t(
                all.count == 1 ? "commitments_summary_one" : "commitments_summary",
                [
                    "total": "\(all.count)", "done": "\(states.filter { $0 == .done }.count)",
                    "open": "\(states.filter { $0 == .open }.count)", "missed": "\(states.filter { $0 == .missed }.count)",
                    "behind": "\(states.filter { $0 == .behind }.count)",
                ])
        }
        let showRows = shownAs == .all
        let mayCheckIn = req.may(.recordCheckIn, in: context)
        let rows: [CommitmentsView.Row] =
            !showRows
            ? []
            : all.map { row -> CommitmentsView.Row in
                let state = row.state(today: today)
                return CommitmentsView.Row(
                    title: row.commitment.title, kind: req.t("commitment_kind_\(row.commitment.kind.rawValue)"),
                    due: row.dueOn.map(dates.day), state: req.t("commitment_state_\(state.rawValue)"), missed: state == .missed,
                    checkIns: row.checkIns.map {
                        .init(
                            who: context.file.person(id: $0.checkIn.author)?.name ?? req.t("case_log_someone_gone"),
                            when: dates.day($0.at), progress: req.t("progress_\($0.checkIn.progress.rawValue)"),
                            note: $0.checkIn.note)
                    },
                    checkInAction: mayCheckIn && row.doneAt == nil ? context.href(.checkIn(row.id.uuidString)) : nil,
                    id: row.id.uuidString, error: form.errors["checkin-\(row.id.uuidString)"],
                    note: form.values["failed_row"] == row.id.uuidString ? form.values["note"] ?? "" : "")
            }
        let mayChoose = req.may(.chooseProgressView, in: context)
        // Commitments come from an accepted proposal: before one, the form is not offered.
        var mayAdd = req.may(.manageCommitments, in: context)
        if mayAdd { mayAdd = try await service.proposals(context.file).contains { $0.acceptedAt != nil } }
        let recorded = try await service.outcomes(context.file)
        let decided =
            recorded.contains { $0.outcome.assemblyItem != nil } ? try await service.adoptedAssemblyItems(context.file) : []
        let outcomes = recorded.map { outcome, at in
            OutcomeRow(
                kind: req.t("outcome_kind_\(outcome.kind.rawValue)"), when: dates.day(at), detail: outcome.detail,
                spaces: outcome.spaces.isEmpty ? nil : outcome.spaces, until: outcome.until.map(dates.day),
                returnPath: outcome.returnPath.isEmpty ? nil : outcome.returnPath,
                decision: outcome.assemblyItem.flatMap { item in decided.first { $0.id == item }?.words.title })
        }
        let mayRecord = req.may(.recordOutcome, in: context)
        var outcomeKinds: [CommitmentsView.Choice] = []
        var decisions: [CommitmentsView.Choice] = []
        var assemblyBarred: String?
        if mayRecord {
            // Each kind says what the protocol makes of it, so nobody picks one that will be refused.
            let rules = try await service.responseRules(context.file)
            let barred = context.file.wishes.limits.contains(.notToAssembly)
            outcomeKinds = CaseOutcome.Kind.allCases.map { kind in
                var label = req.t("outcome_kind_\(kind.rawValue)")
                if let response = kind.response {
                    if let rules, !rules.allowed.contains(response) {
                        label += " — " + req.t("outcome_not_allowed")
                    } else if rules?.needsAssembly.contains(response) == true {
                        label += " — " + req.t(barred ? "outcome_assembly_barred" : "response_needs_assembly")
                        if barred { assemblyBarred = context.href(.home) + "#tasks" }
                    }
                }
                return .init(value: kind.rawValue, label: label, checked: form.values["outcome_kind"] == kind.rawValue)
            }
            decisions = try await service.adoptedAssemblyItems(context.file).map { item in
                let asks = item.words.asks.map { " — " + ProtocolVocabulary.name(of: $0, in: req.context.language) } ?? ""
                return .init(
                    value: item.id.uuidString, label: item.words.title + asks,
                    checked: form.values["assembly_item"] == item.id.uuidString)
            }
        }
        return try await req.page(
            "pages/case-commitments", titleKey: "case_commitments_title",
            CommitmentsView(
                backHref: context.href(.home), proposalHref: context.href(.proposal), summary: summary,
                hidden: shownAs == .nothing, rows: rows,
                addAction: mayAdd ? context.href(.commitments) : nil,
                kinds: Commitment.Kind.allCases.map {
                    .init(
                        value: $0.rawValue, label: req.t("commitment_kind_\($0.rawValue)"),
                        checked: form.values["commitment_kind"] == $0.rawValue)
                },
                progressChoices: CheckIn.Progress.allCases.map {
                    .init(value: $0.rawValue, label: req.t("progress_\($0.rawValue)"), checked: false)
                },
                viewAction: mayChoose ? context.href(.progressView) : nil,
                viewChoices: ProgressView.allCases.map {
                    .init(value: $0.rawValue, label: req.t("progress_view_\($0.rawValue)"), checked: $0 == chosen)
                }, form: form, outcomes: outcomes, outcomeAction: mayRecord ? context.href(.outcomes) : nil,
                outcomeFormOpen: Self.outcomeFields.contains { form.errors[$0] != nil },
                outcomeKinds: outcomeKinds, assemblyBarred: assemblyBarred, decisions: decisions), status: status)
    }

    static let outcomeFields = ["outcome_kind", "detail", "spaces", "until", "return_path", "assembly_item"]

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
            let renamed = problems.map { FieldProblem(field: "checkin-\(id.uuidString)", messageKey: $0.messageKey) }
            let values = ["failed_row": id.uuidString, "note": form["note"] ?? ""]
            return try await renderCommitments(
                req, context, FormState(values: values, problems: renamed, request: req), status: .unprocessableEntity)
        }
        return req.redirect(to: context.href(.commitments) + "#commitment-\(id.uuidString)", redirectType: .normal)
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
