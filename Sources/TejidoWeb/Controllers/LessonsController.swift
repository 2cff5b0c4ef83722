import Fluent
import TejidoCore
import Vapor

/// Lessons from past cases, once started (`CaseLessonController`): written and approved by the
/// survivor, read and searched by members once published, withdrawn by her at any time.
struct LessonsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.lessons(slug: .placeholder(.slug)), use: index)
        let one = (slug: String.placeholder(.slug), id: String.placeholder(.lessonID))
        routes.get(SiteURL.lesson(slug: one.slug, lessonID: one.id), use: show)
        routes.get(SiteURL.lessonEdit(slug: one.slug, lessonID: one.id), use: showEdit)
        routes.post(SiteURL.lessonEdit(slug: one.slug, lessonID: one.id), use: save)
        routes.post(SiteURL.lessonApprove(slug: one.slug, lessonID: one.id), use: approve)
        routes.get(SiteURL.lessonWithdraw(slug: one.slug, lessonID: one.id), use: confirmWithdraw)
        routes.post(SiteURL.lessonWithdraw(slug: one.slug, lessonID: one.id), use: withdraw)
    }

    // MARK: The collective's lessons

    func index(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .viewLessons)
        let collectiveID = try collective.requireID()
        let q = req.query[String.self, at: "q"] ?? ""
        let search = LessonSearch(
            query: String(q.prefix(LessonSearch.queryLimit)),
            harmType: (req.query[String.self, at: "harm"]).flatMap { $0.isEmpty ? nil : $0 },
            response: (req.query[String.self, at: "response"]).flatMap(ResponseKind.init(rawValue:)))
        let service = req.lessonService
        let p = req.pageContext
        let mine = try await service.mine(in: collectiveID).map { lesson in
            LessonsPage.Mine(
                title: lesson.draft?.text?.title ?? p("lesson_untitled"),
                href: SiteURL.lesson(slug: collective.slug, lessonID: lesson.id.text).path,
                status: Self.status(lesson, req.now, reader: req.context.user?.id, p))
        }
        let document = try await Self.adoptedDocument(req, collectiveID)
        // What each lesson is about, named in both languages, so either finds it.
        let namings = Language.allCases.map { LessonNames(document: document, language: $0) }
        let results = search.results(try await service.published(in: collectiveID)) { lesson in
            namings.map { "\($0.harms(lesson.text.harmTypes)) \($0.responses(lesson.text.responses))" }.joined(separator: " ")
        }
        let page = LessonsPage.build(
            slug: collective.slug, search: search, searched: search != LessonSearch(), results: results, mine: mine,
            document: document,
            withdrawn: req.query[String.self, at: "withdrawn"] != nil, p)
        return req.page(page, titleKey: "lessons_title")
    }

    static func adoptedDocument(_ req: Request, _ collectiveID: UUID) async throws -> ProtocolDocument? {
        try await ProtocolQueries(database: req.db, collectiveID: collectiveID).adopted()?.version.document()
    }

    /// Where a lesson stands, as its authors read it: the survivor is told it waits for her own approval.
    static func status(_ lesson: LessonService.Opened, _ now: Date, reader: UUID?, _ p: PageContext) -> String {
        guard let draft = lesson.draft, draft.text != nil else { return p("lesson_status_empty") }
        guard LessonApproval.isApproved(draft), let publishAt = lesson.record.publishAt else {
            if let reader, draft.authors[reader] == .survivor { return p("lesson_status_needs_your_approval") }
            return p(draft.survivorWrites ? "lesson_status_needs_approval" : "lesson_status_needs_approval_supporter")
        }
        let day = p.dates.day(publishAt)
        return LessonSchedule.isPublished(publishAt: publishAt, now: now)
            ? p("lesson_status_published", ["date": day]) : p("lesson_status_scheduled", ["date": day])
    }

    // MARK: One lesson

    func show(_ req: Request) async throws -> Response {
        let (collective, lesson) = try await req.lesson(for: .viewLesson)
        return try await render(req, collective, lesson)
    }

    private func render(
        _ req: Request, _ collective: CollectiveRecord, _ lesson: LessonService.Opened, problem: String? = nil,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let p = req.pageContext
        let names = LessonNames(document: try await Self.adoptedDocument(req, collective.requireID()), language: p.language)
        let facts = lesson.facts
        let may = { (action: AccessAction) in AccessPolicy.decide(req.context.actor, action, .lesson(facts)).isAllowed }
        let page: LessonPage
        if let draft = lesson.draft {
            guard let text = draft.text else { return req.redirect(.lessonEdit(slug: collective.slug, lessonID: lesson.id.text)) }
            page = LessonPage.build(
                id: lesson.id, slug: collective.slug, text: text, delay: draft.delay, names: names,
                status: Self.status(lesson, req.now, reader: req.context.user?.id, p),
                mayApprove: may(.approveLesson), needsApproval: !LessonApproval.isApproved(draft),
                waitsForSurvivor: draft.survivorWrites, mayEdit: may(.editLesson),
                mayMakeScenario: lesson.isPublished && req.may(.managePracticeScenarios, in: collective),
                notice: req.query[String.self, at: "approved"] != nil ? p("lesson_approved_notice") : nil, problem: problem, p)
        } else if let published = lesson.published, lesson.isPublished {
            page = LessonPage.build(
                id: lesson.id, slug: collective.slug, text: published.text, delay: .oneMonth, names: names, status: nil,
                mayApprove: false,
                needsApproval: false, waitsForSurvivor: false, mayEdit: false,
                mayMakeScenario: req.may(.managePracticeScenarios, in: collective), notice: nil, problem: nil, p)
        } else {
            throw TejidoError.notFound
        }
        return req.page(page, titleKey: "lesson_title", status: status)
    }

    func showEdit(_ req: Request) async throws -> Response {
        let (collective, lesson) = try await req.lesson(for: .editLesson)
        guard let draft = lesson.draft else { throw TejidoError.notFound }
        return try await renderEdit(req, collective, lesson, FormState(values: LessonEditPage.values(draft, now: req.now)))
    }

    private func renderEdit(
        _ req: Request, _ collective: CollectiveRecord, _ lesson: LessonService.Opened, _ form: FormState,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        guard let draft = lesson.draft, let userID = req.context.user?.id else { throw TejidoError.notFound }
        let p = req.pageContext
        let names = LessonNames(document: try await Self.adoptedDocument(req, collective.requireID()), language: p.language)
        let page = LessonEditPage.build(
            id: lesson.id, slug: collective.slug, draft: draft, names: names, isSurvivor: draft.authors[userID] == .survivor,
            form: form, p)
        return req.page(page, titleKey: "lesson_edit_title", status: status)
    }

    func save(_ req: Request) async throws -> Response {
        let (collective, lesson) = try await req.lesson(for: .editLesson)
        guard let draft = lesson.draft else { throw TejidoError.notFound }
        let user = try req.requireUser()
        let form = req.plainForm()
        do {
            let (text, delay) = try LessonForm.read(form, draft: draft, fallbackLanguage: req.context.language, now: req.now)
            try await req.lessonService.save(
                lesson, text: text, namesAgreed: form["names_agreed"] == "1", datesChecked: form["dates_checked"] == "1",
                delay: delay, removeWithCase: form["remove_with_case"] == "1", by: user.id)
        } catch TejidoError.invalid(let problems) {
            return try await renderEdit(
                req, collective, lesson, FormState(values: form, problems: problems, request: req), status: .unprocessableEntity)
        }
        return req.redirect(.lesson(slug: collective.slug, lessonID: lesson.id.text))
    }

    func approve(_ req: Request) async throws -> Response {
        let (collective, lesson) = try await req.lesson(for: .approveLesson)
        do {
            try await req.lessonService.approve(lesson, shownDigest: req.plainForm()["digest"] ?? "")
        } catch TejidoError.conflict(let key) {
            // The text changed since it was shown (or there is none): she reads it again first.
            guard let fresh = try await req.lessonService.load(lesson.id, in: collective.requireID()) else {
                throw TejidoError.notFound
            }
            return try await render(req, collective, fresh, problem: req.pageContext(key), status: .conflict)
        }
        let path = SiteURL.lesson(slug: collective.slug, lessonID: lesson.id.text).path
        return req.redirect(to: path + "?approved=1", redirectType: .normal)
    }

    func confirmWithdraw(_ req: Request) async throws -> Response {
        let (collective, lesson) = try await req.lesson(for: .withdrawLesson)
        let p = req.pageContext
        let page = ConfirmPage(
            heading: p("lesson_withdraw_heading"), text: p("lesson_withdraw_text"),
            action: SiteURL.lessonWithdraw(slug: collective.slug, lessonID: lesson.id.text).path,
            confirmLabel: p("lesson_withdraw_submit"),
            cancelHref: SiteURL.lesson(slug: collective.slug, lessonID: lesson.id.text).path)
        return req.page(page, titleKey: "lesson_withdraw_title")
    }

    func withdraw(_ req: Request) async throws -> Response {
        let (collective, lesson) = try await req.lesson(for: .withdrawLesson)
        try await req.lessonService.withdraw(lesson)
        // Someone who has left the collective (the survivor keeps her lessons) goes to her own list.
        if req.may(.viewLessons, in: collective) {
            return req.redirect(to: SiteURL.lessons(slug: collective.slug).path + "?withdrawn=1", redirectType: .normal)
        }
        return req.redirect(.collectives)
    }
}
