import Fluent
import TejidoCore
import Vapor

/// The case page and its timeline, classification, stages, tasks, and the survivor's pause,
/// withdrawal and deletion.
struct CaseController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.casePattern(.home), use: show)
        routes.post(SiteURL.casePattern(.entries), use: write)
        routes.post(SiteURL.casePattern(.entryRedact(.placeholder(.itemID))), use: redact)
        routes.get(SiteURL.casePattern(.classify), use: showClassify)
        routes.post(SiteURL.casePattern(.classify), use: classify)
        routes.post(SiteURL.casePattern(.stage), use: move)
        routes.post(SiteURL.casePattern(.tasks), use: addTask)
        routes.post(SiteURL.casePattern(.taskDone(.placeholder(.itemID))), use: completeTask)
        routes.post(SiteURL.casePattern(.pause), use: pause)
        routes.post(SiteURL.casePattern(.resume), use: resume)
        routes.get(SiteURL.casePattern(.withdraw), use: confirmWithdraw)
        routes.post(SiteURL.casePattern(.withdraw), use: withdraw)
        routes.get(SiteURL.casePattern(.delete), use: confirmDelete)
        routes.post(SiteURL.casePattern(.delete), use: delete)
        routes.get(SiteURL.casePattern(.log), use: log)
        routes.post(SiteURL.casePattern(.personRestore(.placeholder(.itemID))), use: restore)
    }

    /// Someone in the case gives a returning reader, whose own key changed, their access back.
    func restore(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .restoreCaseAccess)
        try await req.caseService.restoreAccess(context.file, try req.itemID(), by: context.userID)
        return req.redirect(to: context.href(.home) + "#keys-heading", redirectType: .normal)
    }

    func show(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .viewCase, logging: .viewed)
        if context.file.stage == .draft { return req.redirect(context.url(.draft)) }
        return try await renderCase(req, context)
    }

    /// The case page, as the reader's place in the case lets them read it.
    private func renderCase(
        _ req: Request, _ context: CaseContext, form: FormState = FormState(), status: HTTPStatus = .ok
    ) async throws -> Response {
        let service = req.caseService
        let p = req.pageContext
        var classified: CaseView.Classified?
        if let classification = context.reading.classification(context.file.classification),
            let version = try await ProtocolQueries(database: req.db, collectiveID: context.file.collectiveID)
                .version(number: classification.protocolVersion)
        {
            let document = try version.document()
            classified = CaseView.describe(classification, by: document, in: req.protocolLanguage(for: document), p)
        }
        let page = CaseView.build(
            context.file, me: context.me, entries: try await service.entries(context.file, for: context.me),
            tasks: req.may(.manageCaseTasks, in: context) ? try await service.tasks(context.file, for: context.me) : nil,
            classified: classified, may: { req.may($0, in: context) }, now: req.now,
            corrects: req.query[String.self, at: "corrects"], hasRecoveryCode: req.context.hasRecoveryCode,
            links: context.links, form: form, p)
        return req.page(page, titleKey: "case_title", status: status)
    }

    /// Shows the case page again with the entry or task form's problems and what was typed.
    private func again(_ req: Request, _ context: CaseContext, _ problems: [FieldProblem]) async throws -> Response {
        try await renderCase(
            req, context, form: FormState(values: req.plainForm(), problems: problems, request: req),
            status: .unprocessableEntity)
    }

    func write(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .writeCaseEntry)
        let form = req.plainForm()
        do {
            try await req.caseService.write(
                context.file, kind: EntryKind(rawValue: form["kind"] ?? ""),
                visibility: EntryVisibility(rawValue: form["visibility"] ?? ""), text: form["text"] ?? "",
                corrects: FormIDs.optional(form, "corrects"),
                by: context.userID)
        } catch TejidoError.invalid(let problems) {
            return try await again(req, context, problems)
        }
        return req.redirect(to: context.href(.home) + "#timeline", redirectType: .normal)
    }

    func redact(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .redactCaseEntry)
        try await req.caseService.redact(context.file, entryID: try req.itemID(), by: context.userID)
        return req.redirect(to: context.href(.home) + "#timeline", redirectType: .normal)
    }

    // MARK: Classification and stages

    /// The adopted protocol version a case is classified by; none adopted yet is a conflict.
    private func adopted(_ req: Request, _ context: CaseContext) async throws -> ProtocolVersionRecord {
        guard let adopted = try await ProtocolQueries(database: req.db, collectiveID: context.collective.requireID()).adopted()
        else { throw TejidoError.conflict(messageKey: "error_classify_no_protocol") }
        return adopted.version
    }

    func showClassify(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .classifyCase, logging: .viewed)
        var values: [String: String] = [:]
        if let current = context.file.classification {
            values["reason"] = current.reason
            for harm in current.harms { values["level_\(harm.harmType)"] = harm.level }
        }
        return try await renderClassify(req, context, FormState(values: values))
    }

    private func renderClassify(
        _ req: Request, _ context: CaseContext, _ form: FormState, status: HTTPStatus = .ok
    ) async throws -> Response {
        let version = try await adopted(req, context)
        let document = try version.document()
        let language = req.protocolLanguage(for: document)
        // The account of what happened is kept from the facilitator classifying: they are told.
        let hidden = context.file.disclosure.map { !$0.narrative.isEmpty && context.reading.narrative($0) == nil } ?? false
        let page = ClassifyPage.build(
            document: document, version: version.number, in: language, narrativeHidden: hidden, links: context.links,
            form: form, lessons: try await lessonsForCase(req, context))
        return req.page(page, titleKey: "case_classify_title", status: status)
    }

    /// Up to three published lessons about the same harm and response, for a facilitator of a
    /// classified case; nobody else in the case is shown them.
    private func lessonsForCase(_ req: Request, _ context: CaseContext) async throws -> [LessonCard] {
        guard req.may(.viewCaseLessons, in: context), context.file.classification != nil else { return [] }
        let (harms, responses) = try await CaseLessonController.choices(req, context.file)
        let found = LessonSearch.forCase(
            harmTypes: harms, responses: responses,
            in: try await req.lessonService.published(in: context.file.collectiveID))
        let p = req.pageContext
        let names = LessonNames(
            document: try await LessonsController.adoptedDocument(req, context.file.collectiveID), language: p.language)
        return found.map { LessonCard.build($0, slug: context.slug, names: names, p) }
    }

    func classify(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .classifyCase)
        let form = req.plainForm()
        let version = try await adopted(req, context)
        let document = try version.document()
        // One radio group per harm type ("level_<harm>"); a single "harm/level" choice still reads.
        var harms = document.harmTypes.compactMap { harm in
            form["level_\(harm.id)"].flatMap { $0.isEmpty ? nil : HarmChoice(harmType: harm.id, level: $0) }
        }
        let parts = (form["choice"] ?? "").split(separator: "/", maxSplits: 1).map(String.init)
        if harms.isEmpty, !parts.isEmpty {
            harms = [HarmChoice(harmType: parts[0], level: parts.count == 2 ? parts[1] : "")]
        }
        do {
            let classification = try Classification.validated(
                harms: harms, reason: form["reason"] ?? "", in: document, version: version.number)
            try await req.caseService.classify(
                context.file, classification, names: Self.harmNames(classification, document, req), by: context.userID)
        } catch TejidoError.invalid(let problems) {
            let moved = problems.map {
                FieldProblem(field: $0.field == "reason" ? "reason" : "choice", messageKey: $0.messageKey)
            }
            return try await renderClassify(
                req, context, FormState(values: form, problems: moved, request: req), status: .unprocessableEntity)
        }
        return req.redirect(context.url(.home))
    }

    /// "Sexual harm (serious), Psychological harm (2)", in the protocol's language for the reader.
    static func harmNames(_ classification: Classification, _ document: ProtocolDocument, _ req: Request) -> String {
        let language = req.protocolLanguage(for: document)
        return classification.harms.map { choice in
            guard let harm = document.harmType(choice.harmType), let level = harm.level(choice.level) else {
                return choice.harmType
            }
            return "\(harm.name.text(in: language)) (\(level.name.text(in: language)))"
        }.joined(separator: ", ")
    }

    func move(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .moveCaseStage)
        let form = req.plainForm()
        do {
            try await req.caseService.move(
                context.file, to: CaseStage(rawValue: form["stage"] ?? "") ?? .deleted, reason: form["stage_reason"] ?? "",
                by: context.userID)
        } catch TejidoError.invalid(let problems) {
            return try await again(
                req, context, problems.map { FieldProblem(field: "stage_" + $0.field, messageKey: $0.messageKey) })
        }
        return req.redirect(context.url(.home))
    }

    // MARK: Tasks

    func addTask(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .manageCaseTasks)
        let form = req.plainForm()
        do {
            var problems: [FieldProblem] = []
            let due = form["due"].flatMap { $0.isEmpty ? nil : $0 }
            let dueDate = due.flatMap(CalendarDay.parse)
            if due != nil, dueDate == nil { problems.append(FieldProblem(field: "due", messageKey: "error_task_due")) }
            try problems.throwIfAny()
            try await req.caseService.addTask(
                context.file, title: form["title"] ?? "", isCheckIn: form["check_in"] == "1",
                assignee: FormIDs.optional(form, "assignee"), dueOn: dueDate,
                readers: form["task_visibility"].map { EntryVisibility(rawValue: $0) ?? .wholeCase }, by: context.userID)
        } catch TejidoError.invalid(let problems) {
            return try await again(req, context, problems)
        }
        return req.redirect(to: context.href(.home) + "#tasks", redirectType: .normal)
    }

    func completeTask(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .manageCaseTasks)
        try await req.caseService.completeTask(context.file, try req.itemID(), by: context.userID)
        let back =
            req.query[String.self, at: "back"] == "needs-me"
            ? SiteURL.needsMe(slug: context.slug).path : context.href(.home) + "#tasks"
        return req.redirect(to: back, redirectType: .normal)
    }

    // MARK: The survivor's controls

    func pause(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .pauseCase)
        try await req.caseService.pause(context.file, by: context.userID)
        return req.redirect(context.url(.home))
    }

    func resume(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .pauseCase)
        try await req.caseService.resume(context.file, by: context.userID)
        return req.redirect(context.url(.home))
    }

    func confirmWithdraw(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .withdrawCase, logging: .viewed)
        return req.page(
            ConfirmPage(
                heading: req.t("case_withdraw_heading"), text: req.t("case_withdraw_text"), action: context.href(.withdraw),
                confirmLabel: req.t("case_withdraw_confirm"), cancelHref: context.href(.home)), titleKey: "case_withdraw_title")
    }

    func withdraw(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .withdrawCase)
        guard req.plainForm()["confirm"] == "yes" else { return req.redirect(context.url(.withdraw)) }
        try await req.caseService.withdraw(context.file, by: context.userID)
        // She stepped away from the process: her entries leave the matching board too, now, while
        // someone in the case can open their ids (retention later deletes the case unopened).
        let matching = MatchingEntries(database: req.db, keys: req.services.keys, now: req.now)
        try await req.db.transaction { db in _ = try await matching.withdraw(context.file, on: db) }
        return req.redirect(context.url(.home))
    }

    func confirmDelete(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .deleteCase, logging: .viewed)
        return req.page(
            ConfirmPage(
                heading: req.t("case_delete_heading"), text: req.t("case_delete_text"), action: context.href(.delete),
                confirmLabel: req.t("case_delete_confirm"), cancelHref: context.href(.home)), titleKey: "case_delete_title")
    }

    func delete(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .deleteCase)
        guard req.plainForm()["confirm"] == "yes" else { return req.redirect(context.url(.delete)) }
        // Its entries leave the matching board first: only someone in the case can open their ids.
        let matching = MatchingEntries(database: req.db, keys: req.services.keys, now: req.now)
        try await req.db.transaction { db in _ = try await matching.withdraw(context.file, on: db) }
        try await req.caseService.delete(caseID: context.file.id)
        try await req.lessonService.removeWithCase(context.file.id, in: context.file.collectiveID)
        return req.redirect(to: SiteURL.cases(slug: context.slug).path + "?deleted=1", redirectType: .normal)
    }

    // MARK: Access log

    /// Lines per page of the access log, newest first: a long case gathers thousands.
    static let logPageSize = 200

    func log(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .viewCaseAccessLog, logging: .viewedLog)
        // Anything but a sensible page number is the first page.
        let page = min(max(req.query[Int.self, at: "page"] ?? 1, 1), 100_000)
        let (opened, hasOlder) = try await req.caseStore.accessLines(
            of: context.file, offset: (page - 1) * Self.logPageSize, limit: Self.logPageSize)
        let progress = req.caseService.accountabilityPreferences(context.file).progressView
        let lines = opened.filter { context.reading.reads(act: $0.0.kind, progress: progress) }
        // People refused at the door are named too, marked as not in the case.
        let strangers = Set(lines.compactMap(\.0.userID)).subtracting(context.file.people.compactMap(\.userID))
        let view = AccessLogPage.build(
            lines: lines, people: context.file.people, strangers: try await UserQueries(database: req.db).usernames(strangers),
            page: page, hasOlder: hasOlder, links: context.links, req.pageContext)
        return req.page(view, titleKey: "case_log_title")
    }
}
