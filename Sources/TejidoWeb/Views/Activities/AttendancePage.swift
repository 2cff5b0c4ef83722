import Foundation
import TejidoCore

/// Recording who took part in one session, for those who run the activity. The list is never
/// shown to anyone else: each person sees only their own record, on their own page.
struct AttendancePage: PageView {
    let title: String
    let when: String
    let backHref: String
    let action: String?
    let people: [(field: String, name: String, present: Bool)]
    let saved: Bool
    let form: FormState

    static func build(
        _ context: ActivityContext, session: ActivitySessionRecord, people: [(id: UUID, name: String)], present: Set<UUID>,
        saved: Bool, now: Date, form: FormState, _ p: PageContext
    ) -> AttendancePage {
        AttendancePage(
            title: context.activity.title, when: p.dates.dayAndTime(session.startsAt),
            backHref: context.url(.activity(context.id.text)).path,
            action: session.startsAt <= now
                ? context.url(.attendance(context.id.text, session: session.id?.text ?? "")).path : nil,
            people: people.sorted { $0.name < $1.name }.map { ("present_\($0.id.text)", $0.name, present.contains($0.id)) },
            saved: saved, form: form)
    }

    func html(_ p: PageContext) -> HTML {
        var out: HTML = """
            <h1>\(p("attendance_heading", ["title": title]))</h1>
            <p>\(when)</p>
            <p>\(p("attendance_intro"))</p>
            \(HTML.when(saved, "<p class=\"notice\" role=\"status\">\(p("attendance_saved"))</p>\n"))\
            \(HTML.errorSummary(form, p))
            """
        guard let action else { return out + "<p>\(p("attendance_not_yet"))</p>\n" }
        if people.isEmpty { out += "<p>\(p("attendance_nobody"))</p>\n" }
        let boxes = HTML.each(people) { Checkbox(id: $0.field, label: $0.name, checked: $0.present).html(p) }
        out += """
            <form method="post" action="\(action)" class="stack" novalidate>
            \(HTML.csrf(p))
            \(Fieldset(classes: "stack", legend: p("attendance_legend"), content: boxes).html(p))\
            \(FormField("someone_else", label: p("attendance_someone_else"), hint: p("attendance_someone_else_hint"), form: form, attributes: "autocomplete=\"off\" maxlength=\"64\"").html(p))\
            <button type="submit" class="button">\(p("attendance_submit"))</button>
            </form>
            <p><a href="\(backHref)">\(p("attendance_back"))</a></p>

            """
        return out
    }
}
