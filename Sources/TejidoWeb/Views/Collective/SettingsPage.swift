import TejidoCore

/// A collective's settings: its name, where quick exit leads, how long closed cases are kept, and
/// how its assembly decides.
struct SettingsPage: PageView {
    let name: String
    let action: String
    let form: FormState
    let defaultExitURL: String
    let methods: [Choice]
    let saved: Bool

    static func build(
        collective: CollectiveRecord, form: FormState, defaultExitURL: String, saved: Bool, _ p: PageContext
    ) -> SettingsPage {
        SettingsPage(
            name: collective.name, action: SiteURL.collectiveSettings(slug: collective.slug).path, form: form,
            defaultExitURL: defaultExitURL,
            methods: AssemblySettings.Method.allCases.map {
                Choice(
                    value: $0.rawValue, label: p("assembly_method_\($0.rawValue)"),
                    selected: form.values["decision_method"] == $0.rawValue, hint: p("assembly_method_\($0.rawValue)_hint"))
            }, saved: saved)
    }

    func html(_ p: PageContext) -> HTML {
        """
        <h1>\(p("settings_heading"))</h1>
        <p>\(name)</p>
        \(HTML.when(saved, "<p class=\"notice\" role=\"status\">\(p("notice_saved"))</p>\n"))\
        \(HTML.errorSummary(form, p))<form method="post" action="\(action)" class="stack" novalidate>
        \(HTML.csrf(p))
        \(FormField("name", label: p("field_collective_name"), form: form, attributes: "autocomplete=\"organization\"").html(p))\
        \(FormField(
            "exit_url", label: p("field_exit_url"), hint: p("hint_exit_url"), form: form, control: .input("url"),
            attributes: "inputmode=\"url\" placeholder=\"\(defaultExitURL)\"").html(p))\
        \(FormField(
            "retention_days", label: p("field_retention_days"), hint: p("hint_retention_days"), form: form,
            control: .input("number"), attributes: "min=\"30\" max=\"3650\" inputmode=\"numeric\"").html(p))\
        \(RadioGroup(
            name: "decision_method", legend: p("field_decision_method"), hint: p("hint_decision_method"),
            error: form.errors["decision_method"], choices: methods, fieldsetClass: "field", anchor: "decision_method",
            idPrefix: "method").html(p))\
        \(FormField(
            "quorum_percent", label: p("field_quorum_percent"), hint: p("hint_quorum_percent"), form: form,
            control: .input("number"), attributes: "min=\"1\" max=\"100\" inputmode=\"numeric\"").html(p))\
        \(Checkbox(
            id: "hide_positions", label: p("field_hide_positions"), hint: p("hint_hide_positions"),
            checked: form.values["hide_positions"] == "1", amongChoices: true).html(p))\
        <button type="submit" class="button">\(p("settings_submit"))</button>
        </form>

        """
    }
}
