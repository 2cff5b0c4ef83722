import Foundation
import TejidoCore

/// Outside mediators: those invited and how their access stands, and inviting one to chosen
/// entries. The new link is shown once, on the page the invitation came back to.
struct MediatorsPage: PageView {
    struct Row {
        let label: String
        let status: String
        let shared: Int
        let revokeAction: String?
        /// Where the link went, when it was addressed to a connected collective.
        let sentTo: String?
    }

    let backHref: String
    let rows: [Row]
    let newLink: String?
    /// Nil where no one may be invited now (a paused case, a harm the protocol keeps inside).
    let action: String?
    let picks: [Choice]
    /// Connected collectives the invitation may be addressed to.
    let collectives: [Choice]
    let form: FormState
    let agreement: AgreementFields?
    /// The wishes page, while "nothing leaves the collective" stands and so keeps mediators out.
    let keptInCollective: String?
    /// The protocol allows no outside mediation for the case as classified (or it is not yet).
    var notAllowed = false

    /// `shareable`: the entries the asker may share (their own reading of the case, no records).
    static func build(
        mediators: [CaseService.Mediator], sentTo: [UUID: (name: String, status: String)] = [:],
        shareable: [CaseService.Entry], me: CaseRole, wishes: CaseWishes, mayInvite: Bool, allowed: Bool = true,
        collectives: [Choice] = [],
        now: Date, links: CaseLinks, form: FormState, link: String?, _ p: PageContext
    ) -> MediatorsPage {
        let rows = mediators.map { mediator in
            let record = mediator.record
            let status: String =
                if record.revokedAt != nil {
                    p("mediator_status_revoked")
                } else if record.expiresAt <= now {
                    p("mediator_status_expired")
                } else if record.redeemedAt == nil {
                    p("mediator_status_waiting", ["date": p.dates.day(record.expiresAt)])
                } else {
                    p("mediator_status_active", ["date": p.dates.day(record.expiresAt)])
                }
            return Row(
                label: mediator.grant.label, status: status, shared: mediator.grant.entryIDs.count,
                revokeAction: record.isActive(at: now) ? links.href(.mediatorRevoke(mediator.id.text)) : nil,
                sentTo: sentTo[mediator.id].map { p($0.status, ["name": $0.name]) })
        }
        let picks = shareable.map { entry in
            let text = entry.body?.text ?? ""
            let short = text.count > 120 ? String(text.prefix(120)) + "…" : text
            return Choice(
                value: entry.id.text, label: "\(p.dates.day(entry.createdAt)) — \(short)",
                selected: form.values["entry_\(entry.id.text)"] == "1")
        }
        return MediatorsPage(
            backHref: links.href(.home), rows: rows, newLink: link,
            action: mayInvite && allowed ? links.href(.mediators) : nil, picks: picks,
            collectives: collectives.map {
                Choice(value: $0.value, label: $0.label, selected: form.values["to_collective"] == $0.value)
            },
            form: form,
            agreement: AgreementFields.make(for: me, label: p("mediator_survivor_agreed"), values: form.values, p),
            keptInCollective: wishes.limits.contains(.keepInCollective) ? links.href(.wishes) : nil,
            notAllowed: mayInvite && !allowed)
    }

    func html(_ p: PageContext) -> HTML {
        var out: HTML = """
            <h1>\(p("case_mediators_heading"))</h1>
            <p><a href="\(backHref)">\(p("case_back"))</a></p>
            <p>\(p("case_mediators_intro"))</p>

            """
        if let newLink {
            out += """
                <div class="panel" role="status"><p><strong>\(p("mediator_link_made"))</strong></p>
                <p><input id="new-link" class="copy-field" type="text" readonly value="\(newLink)" aria-label="\(p("mediator_link_label"))"></p>
                <p class="hint">\(p("mediator_link_hint"))</p></div>

                """
        }
        if rows.isEmpty {
            out += "<p>\(p("case_mediators_none"))</p>\n"
        } else {
            out += "<ul class=\"cards\">\n"
            out += HTML.each(rows) { row in
                """
                <li><strong>\(row.label)</strong> · \(row.status) · \(p("mediator_shared")) \(row.shared)\(row.sentTo.map { " · " + $0 } ?? "")
                \(row.revokeAction.map { HTML.buttonForm(p, action: $0, label: p("mediator_revoke"), style: "button danger small", formClass: "inline-form") } ?? .empty)</li>

                """
            }
            out += "</ul>\n"
        }
        if let keptInCollective {
            out +=
                "<p class=\"notice\">\(p("mediator_kept_in_collective")) <a href=\"\(keptInCollective)\">\(p("case_link_wishes"))</a></p>\n"
        }
        if notAllowed, keptInCollective == nil { out += "<p class=\"notice\">\(p("mediator_not_allowed_now"))</p>\n" }
        guard let action else { return out }
        let entriesError = form.errors["entries"]
        return out + """
            <h2>\(p("mediator_new"))</h2>
            \(HTML.errorSummary(form, p))<form method="post" action="\(action)" class="stack" novalidate>
            \(HTML.csrf(p))
            \(FormField("label", label: p("mediator_label"), hint: p("mediator_label_hint"), form: form).html(p))\
            <fieldset id="entries" class="field\(HTML.when(entriesError != nil, " field-has-error"))"><legend>\(p("mediator_entries"))</legend>
            \(HTML.when(entriesError != nil, "<p class=\"error-message\"><span class=\"visually-hidden\">\(p("error_prefix"))</span> \(entriesError ?? "")</p>\n"))\
            \(picks.isEmpty ? "<p>\(p("mediator_no_entries"))</p>\n" : HTML.each(picks) { Checkbox(id: "entry_\($0.value)", label: $0.label, checked: $0.selected, amongChoices: true).html(p) })</fieldset>
            \(FormField("note", label: p("mediator_note"), hint: p("mediator_note_hint"), form: form, control: .textarea(rows: 3)).html(p))\
            \(FormField("days", label: p("mediator_days"), form: form, control: .input("number"), attributes: "min=\"1\" max=\"90\" inputmode=\"numeric\"").html(p))\
            \(HTML.when(!collectives.isEmpty, FormField("to_collective", label: p("mediator_to_collective"), hint: p("mediator_to_collective_hint"), form: form, control: .select(collectives, blank: p("mediator_to_collective_none"))).html(p)))\
            \(agreement?.html(form, p) ?? .empty)<button type="submit" class="button">\(p("mediator_submit"))</button>
            </form>

            """
    }
}
