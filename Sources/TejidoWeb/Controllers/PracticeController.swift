import Fluent
import TejidoCore
import Vapor

/// Practice scenarios for trainings: members read them; the care team writes them, or makes one
/// from a published lesson (its words copied as they are at that moment).
struct PracticeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.practice(slug: .placeholder(.slug)), use: index)
        routes.get(SiteURL.practiceNew(slug: .placeholder(.slug)), use: showNew)
        routes.post(SiteURL.practiceNew(slug: .placeholder(.slug)), use: create)
        routes.get(SiteURL.practiceScenario(slug: .placeholder(.slug), scenarioID: .placeholder(.scenarioID)), use: show)
    }

    func index(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .viewPracticeScenarios)
        let scenarios = try await req.practiceService.all(in: collective.requireID())
        let page = PracticeListPage.build(
            slug: collective.slug, scenarios: scenarios, mayManage: req.may(.managePracticeScenarios, in: collective))
        return req.page(page, titleKey: "practice_title")
    }

    /// The published lesson a scenario is made from, if the form names one; a lesson that is not
    /// published (or not this collective's) is not there.
    private func lesson(_ req: Request, _ collective: CollectiveRecord, _ raw: String?) async throws -> PublishedLesson? {
        guard let raw, !raw.isEmpty else { return nil }
        guard let id = UUID(uuidString: raw), let lesson = try await req.lessonService.load(id, in: collective.requireID())
        else { throw TejidoError.notFound }
        // Read through the policy like any lesson; only a published one becomes a scenario.
        try req.authorize(.viewLesson, .lesson(lesson.facts))
        guard lesson.isPublished, let published = lesson.published else { throw TejidoError.notFound }
        return published
    }

    func showNew(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .managePracticeScenarios)
        var values: [String: String] = [:]
        let source = try await lesson(req, collective, req.query[String.self, at: "lesson"])
        if let source {
            let draft = PracticeScenario.draft(from: source.text)
            values = ["title": draft.title, "text": draft.text]
        }
        return render(req, collective, lessonID: source?.id, FormState(values: values))
    }

    private func render(
        _ req: Request, _ collective: CollectiveRecord, lessonID: UUID?, _ form: FormState, status: HTTPStatus = .ok
    ) -> Response {
        let page = PracticeNewPage(
            action: SiteURL.practiceNew(slug: collective.slug).path, backHref: SiteURL.practice(slug: collective.slug).path,
            lessonID: lessonID?.text, form: form)
        return req.page(page, titleKey: "practice_new_title", status: status)
    }

    func create(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .managePracticeScenarios)
        let user = try req.requireUser()
        let form = req.plainForm()
        let source = try await lesson(req, collective, form["lesson"])
        let scenario = PracticeScenario(
            title: form["title"] ?? "", contentNote: form["content_note"] ?? "", text: form["text"] ?? "",
            questions: PracticeScenario.questions(from: form["questions"] ?? ""))
        let id: UUID
        do {
            id = try await req.practiceService.create(
                scenario, in: collective.requireID(), fromLesson: source?.id, by: user.id)
        } catch TejidoError.invalid(let problems) {
            return render(
                req, collective, lessonID: source?.id, FormState(values: form, problems: problems, request: req),
                status: .unprocessableEntity)
        }
        return req.redirect(.practiceScenario(slug: collective.slug, scenarioID: id.text))
    }

    func show(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .viewPracticeScenarios)
        let id = try req.uuidParameter(.scenarioID)
        guard let scenario = try await req.practiceService.find(id, in: collective.requireID()) else {
            throw TejidoError.notFound
        }
        let page = PracticeScenarioPage(scenario: scenario, backHref: SiteURL.practice(slug: collective.slug).path)
        return req.page(page, titleKey: "practice_scenario_title")
    }
}

extension Request {
    var practiceService: PracticeService { PracticeService(database: db, keys: services.keys, now: now) }
}
