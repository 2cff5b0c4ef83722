import Fluent
import TejidoCore
import Vapor

/// The assembly's agenda, motions and meetings. Decisions on one item are in
/// `AssemblyDecisionController`.
struct AssemblyController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.assembly(slug: .placeholder(.slug)), use: show)
        routes.post(SiteURL.assemblyItems(slug: .placeholder(.slug)), use: propose)
        routes.post(SiteURL.assemblyMeetings(slug: .placeholder(.slug)), use: createMeeting)
        routes.get(SiteURL.assemblyMeeting(slug: .placeholder(.slug), meetingID: .placeholder(.meetingID)), use: showMeeting)
        routes.post(SiteURL.assemblyMinutes(slug: .placeholder(.slug), meetingID: .placeholder(.meetingID)), use: saveMinutes)
    }

    func show(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .viewAssembly)
        return try await render(req, collective, motion: FormState(), meeting: FormState())
    }

    private func render(
        _ req: Request, _ collective: CollectiveRecord, motion: FormState, meeting: FormState, status: HTTPStatus = .ok
    ) async throws -> Response {
        // The agreement's review day reaches the agenda when it is opened, not only on the hour.
        try await AgreementReviews(database: req.db, now: req.now).raiseDue(collectiveID: collective.requireID())
        let queries = try req.assemblyQueries(collective)
        let meetings = try await queries.meetings()
        let p = req.pageContext
        let page = AgendaPage.build(
            slug: collective.slug, settings: collective.assemblySettings,
            rows: AgendaRow.rows(p, slug: collective.slug, try await queries.entries(), meetings: meetings),
            meetings: try meetings.map { (try $0.requireID(), $0.title, $0.heldOn) },
            mayManage: req.may(.manageAssembly, in: collective), proposed: req.query[String.self, at: "proposed"] != nil,
            motion: motion, meeting: meeting, p)
        return req.page(page, titleKey: "assembly_title", status: status)
    }

    func propose(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .proposeMotion)
        let user = try req.requireUser()
        let form = req.plainForm()
        do {
            try await req.assemblyService.propose(
                AgendaText(title: form["title"] ?? "", text: form["text"] ?? ""), in: collective, by: user.id)
        } catch TejidoError.invalid(let problems) {
            return try await render(
                req, collective, motion: FormState(values: form, problems: problems, request: req), meeting: FormState(),
                status: .unprocessableEntity)
        }
        return req.redirect(to: SiteURL.assembly(slug: collective.slug).path + "?proposed=1", redirectType: .normal)
    }

    func createMeeting(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .manageAssembly)
        let user = try req.requireUser()
        let form = req.plainForm()
        // Meeting fields are named apart from the motion's, so errors land on the right form.
        let id: UUID
        do {
            let details = try MeetingDetails.validated(title: form["meeting_title"] ?? "", day: form["held_on"] ?? "")
            id = try await req.assemblyService.createMeeting(details, in: collective.requireID(), by: user.id)
        } catch TejidoError.invalid(let problems) {
            let renamed = problems.map {
                FieldProblem(field: $0.field == "title" ? "meeting_title" : $0.field, messageKey: $0.messageKey)
            }
            return try await render(
                req, collective, motion: FormState(), meeting: FormState(values: form, problems: renamed, request: req),
                status: .unprocessableEntity)
        }
        return req.redirect(.assemblyMeeting(slug: collective.slug, meetingID: id.text))
    }

    // MARK: One meeting

    private func meeting(_ req: Request, _ collective: CollectiveRecord) async throws -> AssemblyMeetingRecord {
        let id = try req.uuidParameter(.meetingID)
        guard let meeting = try await req.assemblyQueries(collective).meeting(id) else { throw TejidoError.notFound }
        return meeting
    }

    func showMeeting(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .viewAssembly)
        let meeting = try await meeting(req, collective)
        return try await renderMeeting(req, collective, meeting, FormState(values: ["minutes": meeting.minutes ?? ""]))
    }

    private func renderMeeting(
        _ req: Request, _ collective: CollectiveRecord, _ meeting: AssemblyMeetingRecord, _ form: FormState,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let id = try meeting.requireID()
        let p = req.pageContext
        let entries = try await req.assemblyQueries(collective).entries(meetingID: id)
        let page = MeetingPage.build(
            slug: collective.slug, id: id, title: meeting.title, heldOn: meeting.heldOn, minutes: meeting.minutes,
            items: AgendaRow.rows(p, slug: collective.slug, entries, meetings: [meeting]),
            mayManage: req.may(.manageAssembly, in: collective), saved: req.query[String.self, at: "saved"] != nil, form: form,
            p)
        return req.page(page, titleKey: "assembly_meeting_title", status: status)
    }

    func saveMinutes(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .manageAssembly)
        let meeting = try await meeting(req, collective)
        let form = req.plainForm()
        do {
            try await req.assemblyService.saveMinutes(meeting, form["minutes"] ?? "")
        } catch TejidoError.invalid(let problems) {
            return try await renderMeeting(
                req, collective, meeting, FormState(values: form, problems: problems, request: req),
                status: .unprocessableEntity)
        }
        let path = SiteURL.assemblyMeeting(slug: collective.slug, meetingID: try meeting.requireID().text).path
        return req.redirect(to: path + "?saved=1", redirectType: .normal)
    }
}

extension Request {
    func assemblyQueries(_ collective: CollectiveRecord) throws -> AssemblyQueries {
        AssemblyQueries(
            database: db, keys: services.keys, collectiveID: try collective.requireID(), now: now, opener: context.opener)
    }

    var assemblyService: AssemblyService {
        AssemblyService(database: db, keys: services.keys, now: now, opener: context.opener)
    }
}
