import Foundation
import TejidoCore

/// A self-organised group's own notes: dated, each with who wrote it, read and written only by
/// the group's members.
struct GroupNotesPage: PageView {
    let title: String
    let backHref: String
    let action: String
    /// Nil when the reader's key cannot open the group's (they were taken in before they had one).
    let notes: [(when: String, author: String, text: String)]?
    let form: FormState

    static func build(
        _ context: ActivityContext, notes: [(at: Date, note: GroupNote)]?, form: FormState, _ p: PageContext
    ) -> GroupNotesPage {
        GroupNotesPage(
            title: context.activity.title, backHref: context.url(.activity(context.id.text)).path,
            action: context.url(.notes(context.id.text)).path,
            notes: notes?.map { (p.dates.dayAndTime($0.at), $0.note.author, $0.note.text) }, form: form)
    }

    func html(_ p: PageContext) -> HTML {
        var out: HTML = """
            <h1>\(p("group_notes_heading", ["title": title]))</h1>
            <p>\(p("group_notes_intro"))</p>

            """
        guard let notes else { return out + "<p class=\"notice\" role=\"status\">\(p("group_notes_locked"))</p>\n" }
        out += """
            \(HTML.errorSummary(form, p))<form method="post" action="\(action)" class="stack" novalidate>
            \(HTML.csrf(p))
            \(FormField("note", label: p("group_notes_field"), form: form, control: .textarea(rows: 5)).html(p))\
            <button type="submit" class="button">\(p("group_notes_submit"))</button>
            </form>

            """
        if notes.isEmpty {
            out += "<p>\(p("group_notes_none"))</p>\n"
        } else {
            out += "<ul class=\"cards\">\n"
            out += HTML.each(notes) {
                "<li><p class=\"hint\">\($0.when) · \($0.author)</p><p class=\"protocol-text\">\($0.text)</p></li>\n"
            }
            out += "</ul>\n"
        }
        return out + "<p><a href=\"\(backHref)\">\(p("group_notes_back"))</a></p>\n"
    }
}
