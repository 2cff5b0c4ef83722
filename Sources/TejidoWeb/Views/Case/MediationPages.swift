import Foundation
import TejidoCore

/// The page a mediation link opens: one button, so the link is used only when the mediator means to.
struct MediateLandingPage: PageView {
    let action: String

    func html(_ p: PageContext) -> HTML {
        """
        <h1>\(p("mediate_heading"))</h1>
        <p>\(p("mediate_intro"))</p>
        <p class="hint">\(p("mediate_hint"))</p>
        <form method="post" action="\(action)">
        \(HTML.csrf(p))
        <button type="submit" class="button">\(p("mediate_open"))</button>
        </form>

        """
    }
}

/// What an outside mediator reads: the word from the survivor's side, the entries chosen for them
/// as copied when they were invited (each writer by their part in the case, never a name), and a
/// way to write back to the case's team.
struct MediationPage: PageView {
    struct Entry {
        let when: String
        let who: String
        let kind: String
        let text: String
    }

    let note: String
    let until: String
    let entries: [Entry]
    let action: String
    let form: FormState
    /// They just wrote to the case's team.
    let written: Bool

    static func build(packet: MediatorPacket, expiresAt: Date, written: Bool, form: FormState, _ p: PageContext) -> MediationPage
    {
        MediationPage(
            note: packet.note, until: p.dates.day(expiresAt),
            entries: packet.entries.map { shared in
                Entry(
                    when: p.dates.day(shared.when), who: shared.role.map { p("case_role_\($0.rawValue)") } ?? p("case_someone"),
                    kind: p("entry_kind_\(shared.kind.rawValue)"), text: shared.text)
            }, action: SiteURL.mediation.path, form: form, written: written)
    }

    func html(_ p: PageContext) -> HTML {
        var out: HTML = """
            <h1>\(p("mediation_heading"))</h1>
            <p>\(p("mediation_intro")) \(p("mediation_until")) \(until).</p>
            \(HTML.when(written, "<p class=\"notice\" role=\"status\">\(p("mediation_written"))</p>\n"))\
            \(HTML.when(!note.isEmpty, "<h2>\(p("mediation_note"))</h2>\n<div class=\"panel prose protocol-text\">\(note)</div>\n"))\
            <h2>\(p("mediation_entries"))</h2>

            """
        if entries.isEmpty {
            out += "<p>\(p("mediation_entries_none"))</p>\n"
        } else {
            out += """
                <ol class="timeline">
                \(HTML.each(entries) { entry in
                    """
                    <li class="entry"><p class="entry-meta"><strong>\(entry.who)</strong> · \(entry.kind) · \(entry.when)</p>
                    <p class="prose protocol-text">\(entry.text)</p></li>

                    """
                })</ol>

                """
        }
        return out + """
            <h2>\(p("mediation_write"))</h2>
            <p class="hint">\(p("mediation_write_hint"))</p>
            \(HTML.errorSummary(form, p))<form method="post" action="\(action)" class="stack" novalidate>
            \(HTML.csrf(p))
            \(FormField("text", label: p("mediation_text"), form: form, control: .textarea(rows: 5)).html(p))\
            <button type="submit" class="button">\(p("mediation_submit"))</button>
            </form>

            """
    }
}
