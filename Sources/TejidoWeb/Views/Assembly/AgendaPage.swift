import Foundation
import TejidoCore

/// The assembly: how it decides, what is open, its meetings, proposing a motion, and what it has
/// decided.
struct AgendaPage: PageView {
    struct Meeting {
        let title: String
        let day: String
        let href: String
    }

    let method: String
    let quorum: String
    let hidden: Bool
    let open: [AgendaRow]
    let decided: [AgendaRow]
    let meetings: [Meeting]
    let motionAction: String
    /// For those who run the assembly.
    let meetingAction: String?
    let motionForm: FormState
    let meetingForm: FormState
    /// A motion was just proposed.
    let proposed: Bool

    static func build(
        slug: String, settings: AssemblySettings, rows: [AgendaRow], meetings: [(id: UUID, title: String, heldOn: Date)],
        mayManage: Bool, proposed: Bool, motion: FormState, meeting: FormState, _ p: PageContext
    ) -> AgendaPage {
        AgendaPage(
            method: p("assembly_method_\(settings.method.rawValue)"),
            quorum: p("assembly_quorum_is", ["percent": "\(settings.quorumPercent)"]), hidden: settings.hidePositions,
            open: rows.filter(\.isOpen), decided: rows.filter { !$0.isOpen },
            meetings: meetings.map {
                Meeting(
                    title: $0.title, day: p.dates.day($0.heldOn),
                    href: SiteURL.assemblyMeeting(slug: slug, meetingID: $0.id.text).path)
            },
            motionAction: SiteURL.assemblyItems(slug: slug).path,
            meetingAction: mayManage ? SiteURL.assemblyMeetings(slug: slug).path : nil, motionForm: motion,
            meetingForm: meeting, proposed: proposed)
    }

    func html(_ p: PageContext) -> HTML {
        var out: HTML = """
            <h1>\(p("assembly_heading"))</h1>
            <p>\(p("assembly_intro"))</p>
            <p class="hint">\(method) · \(quorum)\(HTML.when(hidden, " · \(p("assembly_hidden_note"))"))</p>
            \(HTML.when(proposed, "<p class=\"notice\" role=\"status\">\(p("assembly_proposed_notice"))</p>\n"))\
            <h2>\(p("assembly_open_heading"))</h2>

            """
        out += list(open, empty: p("assembly_open_none")) { row in
            """
            <li><a href="\(row.href)">\(row.title)</a> <span class="tag">\(row.source)</span>\
            \(HTML.when(row.meeting != nil, " <span class=\"tag\">\(row.meeting ?? "")</span>"))</li>

            """
        }
        out += "<h2>\(p("assembly_meetings_heading"))</h2>\n"
        out += list(meetings, empty: p("assembly_meetings_none")) {
            "<li><a href=\"\($0.href)\">\($0.title)</a> <span class=\"hint\">\($0.day)</span></li>\n"
        }
        if let meetingAction {
            out += """
                <details class="panel"\(HTML.when(meetingForm.hasErrors, " open"))>
                <summary>\(p("assembly_meeting_new"))</summary>
                \(HTML.errorSummary(meetingForm, p, id: "meeting"))<form method="post" action="\(meetingAction)" class="stack" novalidate>
                \(HTML.csrf(p))
                \(FormField("meeting_title", label: p("assembly_meeting_field_title"), form: meetingForm).html(p))\
                \(FormField("held_on", label: p("assembly_meeting_field_day"), form: meetingForm, control: .input("date")).html(p))\
                <button type="submit" class="button">\(p("assembly_meeting_submit"))</button>
                </form>
                </details>

                """
        }
        out += """
            <h2 id="motion">\(p("assembly_motion_heading"))</h2>
            <p class="hint">\(p("assembly_motion_hint"))</p>
            \(HTML.errorSummary(motionForm, p, id: "motion"))<form method="post" action="\(motionAction)" class="stack" novalidate>
            \(HTML.csrf(p))
            \(FormField("title", label: p("assembly_field_title"), form: motionForm).html(p))\
            \(FormField("text", label: p("assembly_field_text"), form: motionForm, control: .textarea(rows: 6)).html(p))\
            <button type="submit" class="button">\(p("assembly_motion_submit"))</button>
            </form>
            <h2>\(p("assembly_decided_heading"))</h2>

            """
        return out + list(decided, empty: p("assembly_decided_none")) { $0.decidedItem(p, showingSource: true) }
    }

    private func list<T>(_ items: [T], empty: String, _ item: (T) -> HTML) -> HTML {
        items.isEmpty ? "<p>\(empty)</p>\n" : "<ul class=\"cards\">\n\(HTML.each(items, item))</ul>\n"
    }
}
