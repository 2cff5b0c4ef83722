import Foundation
import TejidoCore

/// The fields of an alert, written once for preparing one and for updating it: the person as
/// the survivor agreed to name him, the harm as the protocol names it, whether a process is going
/// on, the contact, his own process only with his agreement, the expiry and the review date.
struct AlertFormFields {
    let harms: [Choice]
    /// The connected collectives it may go to (preparing only; an update keeps them).
    let recipients: [Choice]?

    static func values(_ alert: AlertFields) -> [String: String] {
        var values = [
            "person": alert.person, "harm": alert.harm, "contact": alert.contact,
            "expires": AgreementReviewPanel.isoDay(alert.expires), "review": AgreementReviewPanel.isoDay(alert.review),
        ]
        if alert.ongoing { values["ongoing"] = "1" }
        if let process = alert.respondentProcess {
            values["respondent_process"] = process
            values["respondent_agreed"] = "1"
        }
        return values
    }

    /// The draft a form holds.
    static func draft(_ form: [String: String]) -> AlertDraft {
        AlertDraft(
            person: form["person"] ?? "", harm: form["harm"] ?? "", ongoing: form["ongoing"] == "1",
            contact: form["contact"] ?? "", respondentProcess: form["respondent_process"] ?? "",
            respondentAgreed: form["respondent_agreed"] == "1", expires: CalendarDay.parse(form["expires"] ?? ""),
            review: CalendarDay.parse(form["review"] ?? ""))
    }

    static func recipients(_ form: [String: String]) -> [UUID] {
        form.compactMap { key, value in
            key.hasPrefix("recipient_") && value == "1" ? UUID(uuidString: String(key.dropFirst(10))) : nil
        }
    }

    func html(_ form: FormState, _ p: PageContext) -> HTML {
        let harmChoices = harms.map { Choice(value: $0.value, label: $0.label, selected: form.values["harm"] == $0.value) }
        let recipientsError = form.errors["recipients"]
        let agreedError = form.errors["respondent_agreed"]
        var out: HTML = """
            \(FormField("person", label: p("alert_person"), hint: p("alert_person_hint"), form: form).html(p))\
            \(FormField("harm", label: p("alert_harm"), hint: p("alert_harm_hint"), form: form, control: .select(harmChoices, blank: "—")).html(p))\
            \(Checkbox(id: "ongoing", label: p("alert_ongoing"), checked: form.values["ongoing"] == "1").html(p))\
            \(FormField("contact", label: p("alert_contact"), hint: p("alert_contact_hint"), form: form).html(p))\
            \(FormField("respondent_process", label: p("alert_respondent_process"), hint: p("alert_respondent_process_hint"), form: form, labelNote: p("alert_optional")).html(p))\
            \(Checkbox(id: "respondent_agreed", label: p("alert_respondent_agreed"), checked: form.values["respondent_agreed"] == "1", error: agreedError).html(p))\
            \(HTML.when(agreedError != nil, "<p class=\"error-message\" id=\"respondent_agreed-error\"><span class=\"visually-hidden\">\(p("error_prefix"))</span> \(agreedError ?? "")</p>\n"))\
            \(FormField("expires", label: p("alert_expires"), hint: p("alert_expires_hint"), form: form, control: .input("date")).html(p))\
            \(FormField("review", label: p("alert_review"), hint: p("alert_review_hint"), form: form, control: .input("date")).html(p))
            """
        if let recipients {
            out += """
                <fieldset class="field\(HTML.when(recipientsError != nil, " field-has-error"))" id="recipients"><legend>\(p("alert_recipients"))</legend>
                <p class="hint">\(p("alert_recipients_hint"))</p>
                \(HTML.when(recipientsError != nil, "<p class=\"error-message\" id=\"recipients-error\"><span class=\"visually-hidden\">\(p("error_prefix"))</span> \(recipientsError ?? "")</p>\n"))\
                \(HTML.each(recipients) { choice in
                    Checkbox(id: "recipient_\(choice.value)", label: choice.label, checked: form.values["recipient_\(choice.value)"] == "1").html(p)
                })</fieldset>

                """
        }
        return out
    }
}
