import TejidoCore

/// Adding or changing a directory entry: what the service is, where, how to reach it, what it
/// costs, and the safety questions, each answered yes, no or not known.
struct DirectoryFormPage: PageView {
    static let questions = ["may_involve_police", "mandated_reporter", "asks_immigration_status", "confidential"]

    let action: String
    let form: FormState
    let kinds: [Choice]
    let reaches: [Choice]
    /// Each safety question with its answers, the chosen one selected.
    let questions: [(name: String, label: String, answers: [Choice])]
    let backHref: String

    static func build(collective: CollectiveRecord, action: String, form: FormState, _ p: PageContext) -> DirectoryFormPage {
        let values = form.values
        return DirectoryFormPage(
            action: action, form: form,
            kinds: ResourceKind.allCases.map {
                Choice(
                    value: $0.rawValue, label: DirectoryVocabulary.name(of: $0, in: p.language),
                    selected: values["kind"] == $0.rawValue)
            },
            reaches: Reach.allCases.map {
                Choice(value: $0.rawValue, label: p("directory_reach_\($0.rawValue)"), selected: values["reach"] == $0.rawValue)
            },
            questions: questions.map { name in
                let chosen = values[name] ?? "unknown"
                return (
                    name, p("directory_safety_\(name)"),
                    SafetyAnswer.allCases.map {
                        Choice(value: $0.rawValue, label: p("directory_answer_\($0.rawValue)"), selected: chosen == $0.rawValue)
                    }
                )
            }, backHref: SiteURL.directory(slug: collective.slug).path)
    }

    func html(_ p: PageContext) -> HTML {
        func field(
            _ id: String, _ key: String, _ control: FormField.Control = .input("text"), attributes: HTML = .empty
        )
            -> HTML
        { FormField(id, label: p(key), form: form, control: control, attributes: attributes).html(p) }
        let isPublic = form.values["visibility"] == "public"
        return """
            <h1>\(p("directory_form_heading"))</h1>
            <p><a href="\(backHref)">\(p("directory_back"))</a></p>
            \(HTML.errorSummary(form, p))<form method="post" action="\(action)" class="stack" novalidate>
            \(HTML.csrf(p))
            \(field("name", "directory_field_name"))\(field("kind", "directory_field_kind", .select(kinds, blank: "—")))\
            \(field("description", "directory_field_description", .textarea(rows: 5)))\
            <fieldset><legend>\(p("directory_field_place"))</legend>
            <div class="inline-fields">
            \(field("city", "directory_field_city"))\(field("region", "directory_field_region"))\
            \(field("country", "directory_field_country"))</div>
            \(field("reach", "directory_field_reach", .select(reaches, blank: nil)))</fieldset>
            \(FormField("languages", label: p("directory_field_languages"), hint: p("directory_hint_languages"), form: form).html(p))\
            <fieldset><legend>\(p("directory_contact"))</legend>
            \(field("phone", "directory_field_phone", attributes: "inputmode=\"tel\""))\
            \(field("website", "directory_field_website", .input("url"), attributes: "inputmode=\"url\""))\
            \(field("address", "directory_field_address", .textarea(rows: 3)))\(field("hours", "directory_field_hours"))</fieldset>
            \(field("cost", "directory_field_cost"))\(field("accessibility", "directory_field_accessibility", .textarea(rows: 3)))\
            <fieldset><legend>\(p("directory_safety_heading"))</legend>
            <p class="hint">\(p("directory_safety_hint"))</p>
            \(HTML.each(questions) {
                RadioGroup(name: $0.name, legend: $0.label, choices: $0.answers, fieldsetClass: "radio-row").html(p)
            })</fieldset>
            \(RadioGroup(
                name: "visibility", legend: p("directory_field_visibility"),
                choices: [
                    Choice(value: "members", label: p("directory_visibility_members"), selected: !isPublic),
                    Choice(value: "public", label: p("directory_visibility_public"), selected: isPublic),
                ], fieldsetClass: nil).html(p))\
            \(Checkbox(id: "verified_now", label: p("directory_verified_now"), checked: form.values["verified_now"] == "1").html(p))\
            <button type="submit" class="button">\(p("directory_save"))</button>
            </form>

            """
    }
}
