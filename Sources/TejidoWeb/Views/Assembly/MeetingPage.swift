import Foundation

/// One meeting of the assembly: its items and its minutes, written by those who run it.
struct MeetingPage: PageView {
    let title: String
    let day: String
    let items: [AgendaRow]
    let minutes: String?
    let minutesAction: String?
    let form: FormState
    let backHref: String
    let saved: Bool

    static func build(
        slug: String, id: UUID, title: String, heldOn: Date, minutes: String?, items: [AgendaRow], mayManage: Bool,
        saved: Bool, form: FormState, _ p: PageContext
    ) -> MeetingPage {
        MeetingPage(
            title: title, day: p.dates.day(heldOn), items: items, minutes: minutes,
            minutesAction: mayManage ? SiteURL.assemblyMinutes(slug: slug, meetingID: id.text).path : nil, form: form,
            backHref: SiteURL.assembly(slug: slug).path, saved: saved)
    }

    func html(_ p: PageContext) -> HTML {
        var out: HTML = """
            <p><a href="\(backHref)">\(p("assembly_back"))</a></p>
            <h1>\(title)</h1>
            <p>\(day)</p>
            \(HTML.when(saved, "<p class=\"notice\" role=\"status\">\(p("notice_saved"))</p>\n"))\
            <h2>\(p("assembly_meeting_items"))</h2>

            """
        out +=
            items.isEmpty
            ? "<p>\(p("assembly_meeting_items_none"))</p>\n"
            : "<ul class=\"cards\">\n\(HTML.each(items) { $0.decidedItem(p, showingSource: true) })</ul>\n"
        out += "<h2>\(p("assembly_minutes_heading"))</h2>\n"
        if let minutesAction {
            return out + """
                \(HTML.errorSummary(form, p))<form method="post" action="\(minutesAction)" class="stack" novalidate>
                \(HTML.csrf(p))
                \(FormField("minutes", label: p("assembly_minutes_label"), hint: p("assembly_minutes_hint"), form: form, control: .textarea(rows: 10)).html(p))\
                <button type="submit" class="button">\(p("assembly_minutes_submit"))</button>
                </form>

                """
        }
        if let minutes { return out + "<div class=\"panel prose protocol-text\">\(minutes)</div>\n" }
        return out + "<p>\(p("assembly_minutes_none"))</p>\n"
    }
}
