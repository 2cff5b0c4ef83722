import Fluent
import TejidoCore
import Vapor

/// One activity: its page, planning sessions, saying one will come, and recording attendance.
struct ActivityController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(ActivityPath.pattern(ActivityPath.activity), use: show)
        routes.post(ActivityPath.pattern(ActivityPath.sessions), use: addSession)
        routes.post(ActivityPath.sessionPattern(ActivityPath.coming), use: coming)
        routes.get(ActivityPath.sessionPattern(ActivityPath.attendance), use: attendance)
        routes.post(ActivityPath.sessionPattern(ActivityPath.attendance), use: recordAttendance)
    }

    func show(_ req: Request) async throws -> Response {
        let context = try await req.activity(for: .viewActivity)
        return try await render(req, context, session: FormState(values: ["language": req.context.language.rawValue]))
    }

    /// The activity's page. Who said they will come is named only to those who run it; everyone
    /// else reads a count, and their own answer.
    func render(
        _ req: Request, _ context: ActivityContext, session form: FormState, status: HTTPStatus = .ok
    )
        async throws -> Response
    {
        let user = try req.requireUser()
        let queries = ActivityQueries(database: req.db)
        let runs = req.may(.viewWhoIsComing, in: context)
        let showsMembers = context.facts.members.contains(user.id) || runs
        let waiting = try await queries.askers(of: context.id)
        // Who asked to join is for those who answer; anyone else learns only their own request.
        let askers = req.may(.decideJoining, in: context) ? waiting : []
        var sessions: [ActivityPage.SessionModel] = []
        var named = context.facts.facilitators.union(askers).union(showsMembers ? context.facts.members : [])
        for record in try await queries.sessions(of: context.id) {
            let comers = try await queries.comers(try record.requireID())
            if runs { named.formUnion(comers) }
            sessions.append(
                .init(
                    record: record, count: comers.count, comingMyself: comers.contains(user.id),
                    comers: runs ? comers : nil))
        }
        let names = try await UserQueries(database: req.db).usernames(named)
        let page = ActivityPage.build(
            context, sessions: sessions, names: names, askers: Array(askers),
            asked: waiting.contains(user.id), showsMembers: showsMembers,
            may: { req.may($0, in: context) }, now: req.now, form: form, req.pageContext)
        return req.page(page, titleKey: "activity_title", status: status)
    }

    func addSession(_ req: Request) async throws -> Response {
        let context = try await req.activity(for: .planSessions)
        let form = req.plainForm()
        do {
            let plan = try SessionPlan.validated(
                starts: form["starts_at"] ?? "", ends: form["ends_at"] ?? "", online: form["online"] == "1",
                place: form["place"] ?? "", language: form["language"] ?? "",
                adults: FormIDs.ticked(form, prefix: "adult_"), now: req.now)
            try await req.activityService.addSession(
                plan, to: context.activity, facts: context.facts, holders: req.safeguardingHolders)
        } catch TejidoError.invalid(let problems) {
            var state = FormState(values: form, problems: problems, request: req)
            try await nameUncoveredAdults(&state, req)
            return try await render(req, context, session: state, status: .unprocessableEntity)
        }
        return req.redirect(to: context.url(.activity(context.id.text)).path + "?planned=1", redirectType: .normal)
    }

    /// An adult who is not covered is named in the message beside their box and in the summary.
    private func nameUncoveredAdults(_ state: inout FormState, _ req: Request) async throws {
        let prefix = "adult_"
        let ids = state.errors.keys.filter { $0.hasPrefix(prefix) }.compactMap {
            UUID(uuidString: String($0.dropFirst(prefix.count)))
        }
        guard !ids.isEmpty else { return }
        let names = try await UserQueries(database: req.db).usernames(ids)
        for id in ids {
            let field = SafeguardingRule.field(for: id)
            let message = req.t("error_session_adult_uncovered_named", ["name": names[id] ?? "?"])
            state.errors[field] = message
            state.summary = state.summary.map {
                $0.field == field ? FormState.Problem(field: field, anchor: $0.anchor, message: message) : $0
            }
        }
    }

    func coming(_ req: Request) async throws -> Response {
        let context = try await req.activity(for: .sayComing)
        let session = try await req.session(of: context)
        let user = try req.requireUser()
        let form = req.plainForm()
        // A session that has ended takes no more answers; the page no longer offers it.
        guard session.endsAt >= req.now else { throw TejidoError.conflict(messageKey: "error_session_over") }
        try await req.activityService.setComing(form["coming"] == "1", session: try session.requireID(), userID: user.id)
        return req.redirect(context.url(.activity(context.id.text)))
    }

    // MARK: Attendance

    /// Those a facilitator may mark as present: who said they would come, the group's members,
    /// and anyone already recorded.
    private func offered(_ req: Request, _ context: ActivityContext, _ sessionID: UUID) async throws -> Set<UUID> {
        let queries = ActivityQueries(database: req.db)
        return Set(try await queries.comers(sessionID)).union(context.facts.members)
            .union(try await queries.attendance(sessionID))
    }

    func attendance(_ req: Request) async throws -> Response {
        let context = try await req.activity(for: .recordAttendance)
        let session = try await req.session(of: context)
        return try await renderAttendance(req, context, session, problems: [])
    }

    private func renderAttendance(
        _ req: Request, _ context: ActivityContext, _ session: ActivitySessionRecord, problems: [FieldProblem],
        values: [String: String] = [:], status: HTTPStatus = .ok
    ) async throws -> Response {
        let sessionID = try session.requireID()
        let people = try await offered(req, context, sessionID)
        let names = try await UserQueries(database: req.db).usernames(people)
        let page = AttendancePage.build(
            context, session: session, people: people.map { ($0, names[$0] ?? "?") },
            present: try await ActivityQueries(database: req.db).attendance(sessionID),
            saved: req.query[String.self, at: "saved"] != nil, now: req.now,
            form: FormState(values: values, problems: problems, request: req), req.pageContext)
        return req.page(page, titleKey: "attendance_title", status: status)
    }

    func recordAttendance(_ req: Request) async throws -> Response {
        let context = try await req.activity(for: .recordAttendance)
        let session = try await req.session(of: context)
        let user = try req.requireUser()
        let form = req.plainForm()
        do {
            var present = Set(FormIDs.ticked(form, prefix: "present_"))
            var offered = try await offered(req, context, try session.requireID())
            // Someone who came without saying so first, named by their username: found only among
            // the collective's members, so the page never lists everyone to whoever runs it.
            let typed = (form["someone_else"] ?? "").trimmingCharacters(in: .whitespaces)
            if !typed.isEmpty {
                guard
                    let other = try await UserRecord.query(on: req.db).filter(\.$usernameNormalized == Username.normalize(typed))
                        .first()?.id,
                    try await MembershipQueries(database: req.db).find(userID: other, in: context.activity.collectiveID) != nil
                else {
                    throw TejidoError.invalid([FieldProblem(field: "someone_else", messageKey: "error_attendance_someone_else")])
                }
                present.insert(other)
                offered.insert(other)
            }
            try await req.activityService.recordAttendance(present, session: session, offered: offered, by: user.id)
        } catch TejidoError.invalid(let problems) {
            return try await renderAttendance(
                req, context, session, problems: problems, values: ["someone_else": form["someone_else"] ?? ""],
                status: .unprocessableEntity)
        }
        let path = context.url(.attendance(context.id.text, session: try session.requireID().text)).path
        return req.redirect(to: path + "?saved=1", redirectType: .normal)
    }
}
