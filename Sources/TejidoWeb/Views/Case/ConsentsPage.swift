import Foundation
import TejidoCore

/// Consents given for the case, newest first, each revocable while it stands; and recording one,
/// with how the person harmed agreed when someone acts for her.
struct ConsentsPage: PageView {
    struct Row {
        let scope: String
        let detail: String
        let givenBy: String
        let manner: String
        let recordedBy: String?
        let given: String
        let until: String?
        let status: String
        let revokeAction: String?
    }

    let backHref: String
    let rows: [Row]
    let mayRecord: Bool
    let action: String
    let scopes: [Choice]
    let agreement: AgreementFields?
    /// For a consent to send an alert: the connected collectives it may name, one box each.
    var recipients: [Choice] = []
    let form: FormState

    static func build(
        _ file: CaseFile, me: CaseRole, mayRecord: Bool, now: Date, links: CaseLinks, form: FormState,
        connections: [(id: UUID, name: String)] = [], _ p: PageContext
    ) -> ConsentsPage {
        let names = Dictionary(connections.map { ($0.id, $0.name) }) { a, _ in a }
        // A consent only some of the case read of (`Scope.readers`) is not listed to the others.
        let rows = file.consents.reversed().filter { $0.consent.scope.readers.isVisible(to: me, isAuthor: false) }.map { row in
            let standing = CaseConsent.stands(until: row.until, revokedAt: row.revokedAt, now: now)
            let status =
                row.revokedAt.map { p("consent_revoked_on", ["date": p.dates.day($0)]) }
                ?? p(standing ? "consent_standing" : "consent_expired")
            // Adding someone is recorded by the system as "name · role"; the role is shown in the
            // reader's language rather than as stored.
            var detail = row.consent.detail
            if row.consent.scope == .addPerson, let person = file.person(id: row.consent.participantID) {
                detail = "\(person.name) · \(p("case_role_\(person.role.rawValue)"))"
            }
            if let shared = row.consent.entriesShared {
                detail += " · " + p("consent_entries_shared", ["count": String(shared)])
            }
            if let recipients = row.consent.recipients {
                let named = recipients.map { names[$0] ?? p("consent_alert_recipient_gone") }
                detail += " · " + p("consent_alert_to", ["names": named.joined(separator: ", ")])
            }
            return Row(
                scope: p("consent_scope_\(row.consent.scope.rawValue)"), detail: detail, givenBy: row.consent.givenBy,
                manner: p("manner_\(row.consent.manner.rawValue)"), recordedBy: file.person(id: row.recordedBy)?.name,
                given: p.dates.day(row.createdAt), until: row.until.map(p.dates.day), status: status,
                revokeAction: mayRecord && standing ? links.href(.consentRevoke(row.id.text)) : nil)
        }
        let scope = form.values["scope"] ?? ""
        var shown = form
        if shown.values["days"] == nil { shown.values["days"] = String(CaseConsent.defaultDays) }
        return ConsentsPage(
            backHref: links.href(.home), rows: rows, mayRecord: mayRecord, action: links.href(.consents),
            scopes: CaseConsent.Scope.recordable.map {
                Choice(value: $0.rawValue, label: p("consent_scope_\($0.rawValue)"), selected: $0.rawValue == scope)
            },
            agreement: AgreementFields.make(for: me, label: p("consent_survivor_agreed"), values: form.values, p),
            recipients: connections.map {
                Choice(
                    value: $0.id.uuidString.lowercased(), label: $0.name,
                    selected: form.values["recipient_\($0.id.uuidString.lowercased())"] == "1")
            }, form: shown)
    }

    func html(_ p: PageContext) -> HTML {
        var out: HTML = """
            <h1>\(p("case_consents_heading"))</h1>
            <p><a href="\(backHref)">\(p("case_back"))</a></p>
            <p>\(p("case_consents_intro"))</p>

            """
        if rows.isEmpty {
            out += "<p>\(p("case_consents_none"))</p>\n"
        } else {
            out += "<ul class=\"consents\">\n\(HTML.each(rows) { row($0, p) })</ul>\n"
        }
        guard mayRecord else { return out }
        let givenByError = form.errors["given_by"]
        return out + """
            <h2>\(p("consent_new_heading"))</h2>
            \(HTML.errorSummary(form, p))<form method="post" action="\(action)" class="stack" novalidate>
            \(HTML.csrf(p))
            \(FormField("scope", label: p("consent_scope"), form: form, control: .select(scopes, blank: "—")).html(p))\
            \(FormField("detail", label: p("consent_detail"), hint: p("consent_detail_hint"), form: form, control: .textarea(rows: 3)).html(p))\
            \(recipientBoxes(p))\
            \(agreement?.html(form, p) ?? .empty)\
            \(FormField("days", label: p("consent_days"), form: form, control: .input("number"), attributes: "min=\"1\" max=\"365\"").html(p))\
            \(HTML.when(givenByError != nil, "<p class=\"error-message\" id=\"given_by-error\"><span class=\"visually-hidden\">\(p("error_prefix"))</span> \(givenByError ?? "")</p>\n"))\
            <button type="submit" class="button">\(p("consent_submit"))</button>
            </form>

            """
    }

    /// Which connected collectives a consent to send an alert names; shown only when there are some.
    private func recipientBoxes(_ p: PageContext) -> HTML {
        let error = form.errors["recipients"]
        guard !recipients.isEmpty || error != nil else { return .empty }
        return """
            <fieldset class="field\(HTML.when(error != nil, " field-has-error"))" id="recipients"><legend>\(p("consent_alert_recipients"))</legend>
            <p class="hint">\(p("consent_alert_recipients_hint"))</p>
            \(HTML.when(error != nil, "<p class=\"error-message\" id=\"recipients-error\"><span class=\"visually-hidden\">\(p("error_prefix"))</span> \(error ?? "")</p>\n"))\
            \(HTML.each(recipients) { Checkbox(id: "recipient_\($0.value)", label: $0.label, checked: $0.selected).html(p) })</fieldset>

            """
    }

    private func row(_ row: Row, _ p: PageContext) -> HTML {
        """
        <li class="panel"><p><strong>\(row.scope)</strong> <span class="tag">\(row.status)</span></p>
        <p class="prose">\(row.detail)</p>
        <p class="hint">\(p("consent_given_by")) \(row.givenBy) · \(row.manner) · \(row.given)\
        \(HTML.when(row.until != nil, " · \(p("consent_until")) \(row.until ?? "")"))\
        \(HTML.when(row.recordedBy != nil, " · \(p("consent_recorded_by")) \(row.recordedBy ?? "")"))</p>
        \(row.revokeAction.map { HTML.buttonForm(p, action: $0, label: p("consent_revoke"), style: "button danger small") } ?? .empty)</li>

        """
    }
}
