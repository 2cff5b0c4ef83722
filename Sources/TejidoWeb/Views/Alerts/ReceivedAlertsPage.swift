import Foundation
import TejidoCore

/// Alerts paired collectives sent, for the receiving collective's care team: where each came
/// from, its fields, its expiry and review date, and what the care team noted about it; and, per
/// collective that sends them, a way to take no more. Expired alerts are not listed.
struct ReceivedAlertsPage: PageView {
    struct Row {
        let anchor: String
        let source: String
        let person: String
        let harm: String
        let response: String
        let ongoing: String
        let contact: String
        let process: String?
        let dates: String
        let received: String
        let note: String
        let noteAction: String
    }
    struct Sender {
        let name: String
        let refuseAction: String
    }

    let rows: [Row]
    let senders: [Sender]
    let form: FormState

    static func build(
        alerts: [ReceivedAlerts.Received], connections: [PeerConnection], slug: String, form: FormState, _ p: PageContext
    ) -> ReceivedAlertsPage {
        let names = Dictionary(connections.map { ($0.id, $0.details.name) }) { a, _ in a }
        return ReceivedAlertsPage(
            rows: alerts.map { received in
                let alert = received.fields
                return Row(
                    anchor: "alert-\(received.id.text)", source: names[received.connectionID] ?? "", person: alert.person,
                    harm: alert.harmName,
                    response: p("alert_response_\(alert.response.rawValue)")
                        + (alert.until.map { " · " + p("alert_until", ["date": p.dates.day($0)]) } ?? ""),
                    ongoing: p(alert.ongoing ? "alert_ongoing_yes" : "alert_ongoing_no"), contact: alert.contact,
                    process: alert.respondentProcess,
                    dates: p("alert_dates", ["expires": p.dates.day(alert.expires), "review": p.dates.day(alert.review)]),
                    received: p.dates.day(received.changedAt),
                    note: form.values["alert"] == received.id.text ? form.values["note"] ?? "" : received.note ?? "",
                    noteAction: SiteURL.receivedAlerts(slug: slug, .note(received.id.text)).path)
            },
            senders: connections.filter { $0.accepts.contains(.alerts) && $0.state != .ended }.map {
                Sender(name: $0.details.name, refuseAction: SiteURL.receivedAlerts(slug: slug, .refuse($0.id.text)).path)
            }, form: form)
    }

    func html(_ p: PageContext) -> HTML {
        var out: HTML = """
            <h1>\(p("received_alerts_heading"))</h1>
            <p>\(p("received_alerts_intro"))</p>
            \(HTML.errorSummary(form, p))
            """
        if rows.isEmpty {
            out += "<p>\(p("received_alerts_none"))</p>\n"
        } else {
            out += "<ul class=\"alerts\">\n\(HTML.each(rows) { row($0, p) })</ul>\n"
        }
        if !senders.isEmpty {
            out += """
                <h2>\(p("received_alerts_refuse_heading"))</h2>
                <p>\(p("received_alerts_refuse_intro"))</p>
                <ul>
                \(HTML.each(senders) { sender in
                    "<li>\(sender.name) \(HTML.buttonForm(p, action: sender.refuseAction, label: p("received_alerts_refuse"), style: "button danger small"))</li>\n"
                })</ul>

                """
        }
        return out
    }

    private func row(_ row: Row, _ p: PageContext) -> HTML {
        let noteID = "note-\(row.anchor)"
        return """
            <li class="panel" id="\(row.anchor)"><h2>\(row.person)</h2>
            <p>\(p("received_alerts_from", ["name": row.source])) · \(row.received)</p>
            <dl>
            <dt>\(p("alert_harm"))</dt><dd>\(row.harm)</dd>
            <dt>\(p("alert_response"))</dt><dd>\(row.response)</dd>
            <dt>\(p("alert_process"))</dt><dd>\(row.ongoing)</dd>
            <dt>\(p("alert_contact"))</dt><dd>\(row.contact)</dd>
            \(HTML.when(row.process != nil, "<dt>\(p("alert_respondent_process"))</dt><dd>\(row.process ?? "")</dd>\n"))\
            </dl>
            <p class="hint">\(row.dates)</p>
            <form method="post" action="\(row.noteAction)" class="stack">
            \(HTML.csrf(p))
            <div class="field"><label for="\(noteID)">\(p("received_alerts_note"))</label>
            <p class="hint" id="\(noteID)-hint">\(p("received_alerts_note_hint"))</p>
            <textarea id="\(noteID)" name="note" rows="3" aria-describedby="\(noteID)-hint">\(row.note)</textarea></div>
            <button type="submit" class="button small">\(p("received_alerts_note_save"))</button>
            </form></li>

            """
    }
}
