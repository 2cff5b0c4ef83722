import Foundation
import TejidoCore

/// Planning a session: when, where (or online), in which language, and the adults who run it.
struct ActivitySessionForm {
    let action: String
    let adults: [(id: UUID, name: String)]
    let requiresSafeguarding: Bool
    let form: FormState

    func html(_ p: PageContext) -> HTML {
        let languages = Language.allCases.map {
            Choice(value: $0.rawValue, label: p("language_name_\($0.rawValue)"), selected: form.values["language"] == $0.rawValue)
        }
        // A fresh form names everyone who runs the activity; one sent back keeps what was ticked.
        let fresh = form.values["starts_at"] == nil
        let boxes = HTML.each(adults) { adult in
            let field = SafeguardingRule.field(for: adult.id)
            let error = form.errors[field]
            return HTML.when(
                error != nil,
                "<p class=\"error-message\" id=\"\(field)-error\"><span class=\"visually-hidden\">\(p("error_prefix"))</span> \(error ?? "")</p>\n"
            )
                + Checkbox(
                    id: field, label: adult.name, checked: fresh || form.values[field] == "1", error: error
                ).html(p)
        }
        return """
            <details class="panel"\(HTML.when(form.hasErrors, " open"))>
            <summary>\(p("session_new_heading"))</summary>
            \(HTML.errorSummary(form, p, id: "session"))<form method="post" action="\(action)" class="stack" novalidate>
            \(HTML.csrf(p))
            \(FormField("starts_at", label: p("session_field_starts"), hint: p("session_field_time_hint"), form: form, control: .input("datetime-local")).html(p))\
            \(FormField("ends_at", label: p("session_field_ends"), form: form, control: .input("datetime-local")).html(p))\
            \(Checkbox(id: "online", label: p("session_field_online"), checked: form.values["online"] == "1").html(p))\
            \(FormField("place", label: p("session_field_place"), hint: p("session_field_place_hint"), form: form).html(p))\
            \(FormField("language", label: p("session_field_language"), form: form, control: .select(languages, blank: nil)).html(p))\
            \(Fieldset(id: "adults", classes: form.errors["adults"] != nil ? "stack field-has-error" : "stack", legend: p("session_field_adults"), hint: p(requiresSafeguarding ? "session_field_adults_safeguarding_hint" : "session_field_adults_hint"), error: form.errors["adults"], content: boxes).html(p))\
            <button type="submit" class="button">\(p("session_new_submit"))</button>
            </form>
            </details>

            """
    }
}
