import Foundation
import TejidoCore

/// A case's alerts to paired collectives, for its care team: each with its fields, who prepared
/// and who confirmed it, and how far it got to each recipient; confirming one someone else
/// prepared, updating, retracting; and preparing a new one when the outcome and the person
/// harmed's consent allow it — or why not.
struct CaseAlertsPage: PageView {
    struct Recipient {
        let name: String
        let status: String
    }
    struct Row {
        let person: String
        let harm: String
        let response: String
        let state: String
        let ongoing: String
        let contact: String
        let process: String?
        let prepared: String
        let confirmed: String?
        let dates: String
        let recipients: [Recipient]
        let confirmAction: String?
        let ownNote: String?
        let editHref: String?
        let retractAction: String?
    }

    /// What a builder needs to know of one alert besides its fields.
    struct Source {
        let sent: SentAlerts.Sent
        let waiting: [UUID: PeerOutboxRecord]
    }

    let backHref: String
    let rows: [Row]
    let blocked: String?
    let action: String
    let fields: AlertFormFields?
    let form: FormState

    static func build(
        alerts: [Source], me: UUID, names: (UUID) -> String, connections: [UUID: String], blocked: String?,
        fields: AlertFormFields?, links: CaseLinks, form: FormState, _ p: PageContext
    ) -> CaseAlertsPage {
        let rows = alerts.map { source in
            let alert = source.sent.fields
            let id = source.sent.id.text
            let state = source.sent.state
            let recipients = source.sent.recipients.map { connection in
                Recipient(
                    name: connections[connection] ?? p("alert_recipient_gone"),
                    status: status(state, waiting: source.waiting[connection], p))
            }
            let mine = source.sent.preparedBy == me
            return Row(
                person: alert.person, harm: alert.harmName,
                response: p("alert_response_\(alert.response.rawValue)")
                    + (alert.until.map { " · " + p("alert_until", ["date": p.dates.day($0)]) } ?? ""),
                state: p("alert_state_\(state.rawValue)"), ongoing: p(alert.ongoing ? "alert_ongoing_yes" : "alert_ongoing_no"),
                contact: alert.contact, process: alert.respondentProcess,
                prepared: names(source.sent.preparedBy), confirmed: source.sent.confirmedBy.map(names),
                dates: p("alert_dates", ["expires": p.dates.day(alert.expires), "review": p.dates.day(alert.review)]),
                recipients: recipients,
                confirmAction: state == .prepared && !mine ? links.href(.alertConfirm(id)) : nil,
                ownNote: state == .prepared && mine ? p("alert_waiting_for_second") : nil,
                editHref: state == .retracted ? nil : links.href(.alert(id)),
                retractAction: state == .retracted ? nil : links.href(.alertRetract(id)))
        }
        return CaseAlertsPage(
            backHref: links.href(.home), rows: rows, blocked: blocked, action: links.href(.alerts), fields: fields, form: form)
    }

    static func status(_ state: SentAlertState, waiting: PeerOutboxRecord?, _ p: PageContext) -> String {
        switch (state, waiting) {
        case (.prepared, _): return p("alert_delivery_not_yet")
        case (_, .some(let row)):
            let problem = row.lastProblem.map { " · " + p("alert_delivery_problem", ["problem": $0]) } ?? ""
            return p(state == .retracted ? "alert_delivery_retraction_waiting" : "alert_delivery_waiting") + problem
        case (.sent, .none): return p("alert_delivery_delivered")
        case (.retracted, .none): return p("alert_delivery_retracted")
        }
    }

    func html(_ p: PageContext) -> HTML {
        var out: HTML = """
            <h1>\(p("case_alerts_heading"))</h1>
            <p><a href="\(backHref)">\(p("case_back"))</a></p>
            <p>\(p("case_alerts_intro"))</p>

            """
        out += HTML.errorSummary(form.values.isEmpty ? form : FormState(), p, id: "alert-actions")
        if rows.isEmpty {
            out += "<p>\(p("case_alerts_none"))</p>\n"
        } else {
            out += "<ul class=\"alerts\">\n\(HTML.each(rows) { row($0, p) })</ul>\n"
        }
        if let blocked {
            out += "<h2>\(p("case_alerts_new_heading"))</h2>\n<p class=\"notice\">\(blocked)</p>\n"
        } else if let fields {
            out += """
                <h2>\(p("case_alerts_new_heading"))</h2>
                <p>\(p("case_alerts_new_intro"))</p>
                \(HTML.errorSummary(form.values.isEmpty ? FormState() : form, p))<form method="post" action="\(action)" class="stack" novalidate>
                \(HTML.csrf(p))
                \(fields.html(form, p))<button type="submit" class="button">\(p("case_alerts_prepare"))</button>
                </form>

                """
        }
        return out
    }

    private func row(_ row: Row, _ p: PageContext) -> HTML {
        """
        <li class="panel"><h2>\(row.person) <span class="tag">\(row.state)</span></h2>
        <dl>
        <dt>\(p("alert_harm"))</dt><dd>\(row.harm)</dd>
        <dt>\(p("alert_response"))</dt><dd>\(row.response)</dd>
        <dt>\(p("alert_process"))</dt><dd>\(row.ongoing)</dd>
        <dt>\(p("alert_contact"))</dt><dd>\(row.contact)</dd>
        \(HTML.when(row.process != nil, "<dt>\(p("alert_respondent_process"))</dt><dd>\(row.process ?? "")</dd>\n"))\
        <dt>\(p("alert_prepared_by"))</dt><dd>\(row.prepared)\(HTML.when(row.confirmed != nil, " · \(p("alert_confirmed_by")) \(row.confirmed ?? "")"))</dd>
        </dl>
        <p class="hint">\(row.dates)</p>
        <h3>\(p("alert_recipients"))</h3>
        <ul>
        \(HTML.each(row.recipients) { "<li>\($0.name): \($0.status)</li>\n" })</ul>
        \(HTML.when(row.ownNote != nil, "<p class=\"hint\">\(row.ownNote ?? "")</p>\n"))\
        \(row.confirmAction.map { HTML.buttonForm(p, action: $0, label: p("alert_confirm")) } ?? .empty)\
        \(HTML.when(row.editHref != nil, " <a href=\"\(row.editHref ?? "")\">\(p("alert_edit"))</a>"))\
        \(row.retractAction.map { HTML.buttonForm(p, action: $0, label: p("alert_retract"), style: "button danger small") } ?? .empty)</li>

        """
    }
}

/// One alert's fields, to update them: the recipients are told the new ones.
struct CaseAlertEditPage: PageView {
    let backHref: String
    let action: String
    let fields: AlertFormFields
    let form: FormState

    func html(_ p: PageContext) -> HTML {
        """
        <h1>\(p("case_alert_edit_heading"))</h1>
        <p><a href="\(backHref)">\(p("case_alerts_back"))</a></p>
        <p>\(p("case_alert_edit_intro"))</p>
        \(HTML.errorSummary(form, p))<form method="post" action="\(action)" class="stack" novalidate>
        \(HTML.csrf(p))
        \(fields.html(form, p))<button type="submit" class="button">\(p("case_alert_save"))</button>
        </form>

        """
    }
}
