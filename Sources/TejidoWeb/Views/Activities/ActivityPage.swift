import Foundation
import TejidoCore

/// One activity: what it is, who runs it, its sessions (with one's own answer and a count of who
/// is coming; the names only for those who run it), joining, the group's requests, and leaving.
struct ActivityPage: PageView {
    struct SessionModel {
        let record: ActivitySessionRecord
        let count: Int
        let comingMyself: Bool
        /// Only for those who run the activity.
        let comers: [UUID]?
    }

    struct SessionRow {
        let when: String
        let place: String
        let language: String
        let count: String
        let comers: String?
        let comingMyself: Bool
        /// The form to say one will come or take it back, while the session has not ended.
        let comingAction: String?
        let attendanceHref: String?
    }

    let title: String
    let kind: String
    let description: String
    let selfOrganised: Bool
    let joining: String
    let runners: String
    let members: String?
    let memberCount: Int
    let sessions: [SessionRow]
    let joinAction: String?
    let asked: Bool
    let requests: [(name: String, action: String)]
    let notesHref: String?
    let leaveAction: String?
    let sessionForm: ActivitySessionForm?
    let closed: Bool

    static func build(
        _ context: ActivityContext, sessions: [SessionModel], names: [UUID: String], askers: [UUID], asked: Bool,
        showsMembers: Bool, may: (AccessAction) -> Bool, now: Date, form: FormState, _ p: PageContext
    ) -> ActivityPage {
        let activity = context.activity
        let id = context.id.text
        func list(_ ids: some Sequence<UUID>) -> String { ids.compactMap { names[$0] }.sorted().joined(separator: ", ") }
        let rows = sessions.map { model -> SessionRow in
            let record = model.record
            let sessionID = record.id?.text ?? ""
            return SessionRow(
                when: p.dates.dayAndTime(record.startsAt) + " – " + p.dates.dayAndTime(record.endsAt),
                place: record.place ?? p("session_online"), language: p("language_name_\(record.language)"),
                count: p("session_coming_count", ["count": "\(model.count)"]),
                comers: model.comers.map { $0.isEmpty ? p("session_comers_none") : list($0) },
                comingMyself: model.comingMyself,
                comingAction: record.endsAt >= now && may(.sayComing)
                    ? context.url(.coming(id, session: sessionID)).path : nil,
                attendanceHref: may(.recordAttendance) && record.startsAt <= now
                    ? context.url(.attendance(id, session: sessionID)).path : nil)
        }
        let runnerIDs = context.facts.selfOrganised ? context.facts.members : context.facts.facilitators
        return ActivityPage(
            title: activity.title, kind: p("activity_kind_\(activity.kind)"), description: activity.description,
            selfOrganised: activity.selfOrganised, joining: p("activity_joining_\(activity.joining)"),
            runners: list(context.facts.facilitators), members: showsMembers ? list(context.facts.members) : nil,
            memberCount: context.facts.members.count, sessions: rows,
            joinAction: may(.askToJoin) && !asked ? context.url(.join(id)).path : nil, asked: asked,
            requests: askers.map { (names[$0] ?? "?", context.url(.request(id, person: $0.text)).path) },
            notesHref: may(.readGroupNotes) ? context.url(.notes(id)).path : nil,
            leaveAction: may(.leaveActivityGroup) ? context.url(.leave(id)).path : nil,
            sessionForm: may(.planSessions)
                ? ActivitySessionForm(
                    action: context.url(.sessions(id)).path,
                    adults: runnerIDs.map { ($0, names[$0] ?? "?") }.sorted { $0.1 < $1.1 },
                    requiresSafeguarding: activity.requiresSafeguarding, form: form) : nil,
            closed: context.facts.closed)
    }

    func html(_ p: PageContext) -> HTML {
        var out: HTML = """
            <h1>\(title)</h1>
            <p><span class="tag">\(kind)</span>\(HTML.when(selfOrganised, " <span class=\"tag\">\(p("activity_self_organised"))</span>"))</p>
            \(HTML.when(closed, "<p class=\"notice\" role=\"status\">\(p("activity_closed"))</p>\n"))\
            \(HTML.when(!description.isEmpty, "<p class=\"protocol-text\">\(description)</p>\n"))\
            <dl>
            \(HTML.when(!selfOrganised, "<dt>\(p("activity_runs_it"))</dt><dd>\(runners)</dd>\n"))\
            <dt>\(p("activity_who_joins"))</dt><dd>\(joining)</dd>
            \(HTML.when(selfOrganised, "<dt>\(p("activity_group_members"))</dt><dd>\(members ?? p("activity_member_count", ["count": "\(memberCount)"]))</dd>\n"))\
            </dl>

            """
        if let notesHref { out += "<p><a href=\"\(notesHref)\">\(p("activity_notes_link"))</a></p>\n" }
        if let joinAction {
            out += "<p>\(p("activity_join_text"))</p>\n"
            out += HTML.buttonForm(p, action: joinAction, label: p("activity_join_submit")) + "\n"
        } else if asked {
            out += "<p class=\"notice\" role=\"status\">\(p("activity_join_waiting"))</p>\n"
        }
        if !requests.isEmpty {
            out += "<h2>\(p("activity_requests_heading"))</h2>\n<ul class=\"cards\">\n"
            out += HTML.each(requests) { request in
                """
                <li>\(request.name) \
                \(HTML.buttonForm(p, action: request.action, label: p("activity_request_accept"), formClass: "inline-form", hidden: [("decision", "accept")]))\
                \(HTML.buttonForm(p, action: request.action, label: p("activity_request_decline"), style: "button secondary", formClass: "inline-form", hidden: [("decision", "decline")]))</li>

                """
            }
            out += "</ul>\n"
        }
        out += "<h2>\(p("activity_sessions_heading"))</h2>\n"
        if sessions.isEmpty { out += "<p>\(p("activity_sessions_none"))</p>\n" }
        out += HTML.each(sessions) { row in
            var item: HTML = """
                <section class="panel">
                <h3>\(row.when)</h3>
                <p>\(row.place) · \(row.language) · \(row.count)</p>

                """
            if let comers = row.comers { item += "<p>\(p("session_comers")) \(comers)</p>\n" }
            if let action = row.comingAction {
                item +=
                    row.comingMyself
                    ? "<p>\(p("session_you_are_coming"))</p>\n"
                        + HTML.buttonForm(
                            p, action: action, label: p("session_not_coming_submit"), style: "button secondary",
                            hidden: [("coming", "0")])
                    : HTML.buttonForm(p, action: action, label: p("session_coming_submit"), hidden: [("coming", "1")])
            }
            if let href = row.attendanceHref { item += "<p><a href=\"\(href)\">\(p("session_attendance_link"))</a></p>\n" }
            return item + "</section>\n"
        }
        if let sessionForm { out += sessionForm.html(p) }
        if let leaveAction {
            out += """
                <details class="panel">
                <summary>\(p("activity_leave_heading"))</summary>
                <p>\(p("activity_leave_text"))</p>
                \(HTML.buttonForm(p, action: leaveAction, label: p("activity_leave_submit"), style: "button secondary"))
                </details>

                """
        }
        return out
    }
}
