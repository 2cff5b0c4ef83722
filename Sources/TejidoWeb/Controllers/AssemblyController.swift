import Fluent
import TejidoCore
import Vapor

/// The assembly's agenda, motions and meetings. Decisions on one item are in
/// `AssemblyDecisionController`.
struct AssemblyController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.assembly(slug: ":slug"), use: show)
        routes.post(SiteURL.assemblyItems(slug: ":slug"), use: propose)
        routes.post(SiteURL.assemblyMeetings(slug: ":slug"), use: createMeeting)
        routes.get(SiteURL.assemblyMeeting(slug: ":slug", meetingID: ":meetingID"), use: showMeeting)
        routes.post(SiteURL.assemblyMinutes(slug: ":slug", meetingID: ":meetingID"), use: saveMinutes)
    }

    struct AgendaView: Encodable {
        let method: String
        let quorum: String
        let hidden: Bool
        let open: [AgendaRow]
        let decided: [AgendaRow]
        let meetings: [MeetingRow]
        let motionAction: String
        let meetingAction: String?
        let motionForm: FormState
        let meetingForm: FormState
        let proposed: Bool
    }

    struct MeetingRow: Encodable {
        let title: String
        let day: String
        let href: String
    }

    func show(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .viewAssembly)
        return try await render(req, collective, motion: FormState(), meeting: FormState())
    }

    private func render(
        _ req: Request, _ collective: CollectiveRecord, motion: FormState, meeting: FormState, status: HTTPStatus = .ok
    ) async throws -> Response {
        let queries = try req.assemblyQueries(collective)
        let entries = try await queries.entries()
        let meetings = try await queries.meetings()
        let rows = AgendaRow.rows(req, collective, entries, meetings: meetings)
        let dates = DateFormatting(language: req.context.language)
        let slug = collective.slug
        let settings = collective.assemblySettings
        return try await req.page(
            "pages/assembly", titleKey: "assembly_title",
            AgendaView(
                method: req.t("assembly_method_\(settings.method.rawValue)"),
                quorum: req.t("assembly_quorum_is", ["percent": "\(settings.quorumPercent)"]), hidden: settings.hidePositions,
                open: rows.filter(\.isOpen), decided: rows.filter { !$0.isOpen },
                meetings: try meetings.map {
                    MeetingRow(
                        title: $0.title, day: dates.day($0.heldOn),
                        href: SiteURL.assemblyMeeting(slug: slug, meetingID: try $0.requireID().uuidString).path)
                },
                motionAction: SiteURL.assemblyItems(slug: slug).path,
                meetingAction: req.may(.manageAssembly, in: collective) ? SiteURL.assemblyMeetings(slug: slug).path : nil,
                motionForm: motion, meetingForm: meeting, proposed: req.query[String.self, at: "proposed"] != nil),
            status: status)
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
        return req.redirect(.assemblyMeeting(slug: collective.slug, meetingID: id.uuidString))
    }

    // MARK: One meeting

    struct MeetingView: Encodable {
        let title: String
        let day: String
        let items: [AgendaRow]
        let minutes: String?
        let minutesAction: String?
        let form: FormState
        let backHref: String
        let saved: Bool
    }

    private func meeting(_ req: Request, _ collective: CollectiveRecord) async throws -> AssemblyMeetingRecord {
        let id = try req.uuidParameter(SiteURL.meetingParameter)
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
        let queries = try req.assemblyQueries(collective)
        let id = try meeting.requireID()
        let entries = try await queries.entries(meetingID: id)
        let rows = AgendaRow.rows(req, collective, entries, meetings: [meeting])
        let manage = req.may(.manageAssembly, in: collective)
        return try await req.page(
            "pages/assembly-meeting", titleKey: "assembly_meeting_title",
            MeetingView(
                title: meeting.title, day: DateFormatting(language: req.context.language).day(meeting.heldOn), items: rows,
                minutes: meeting.minutes,
                minutesAction: manage ? SiteURL.assemblyMinutes(slug: collective.slug, meetingID: id.uuidString).path : nil,
                form: form, backHref: SiteURL.assembly(slug: collective.slug).path,
                saved: req.query[String.self, at: "saved"] != nil), status: status)
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
        let path = SiteURL.assemblyMeeting(slug: collective.slug, meetingID: try meeting.requireID().uuidString).path
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
