import TejidoCore

/// The safety plan: editable by whoever speaks for the person harmed, read by those she chose,
/// and made to be printed.
struct SafetyPlanPage: PageView {
    struct Reader {
        let name: String
        let role: String
    }

    let backHref: String
    /// The plan's parts, in order: its field name and what is written in it.
    let values: [(name: String, value: String)]
    let mayEdit: Bool
    let action: String
    let readers: [Reader]
    let peopleHref: String
    let form: FormState

    /// `readers`: who reads the plan, as `CaseReading.readsSafetyPlan` decides.
    static func build(
        plan: SafetyPlan, readers: [CaseFile.Person], mayEdit: Bool, links: CaseLinks, form: FormState, _ p: PageContext
    ) -> SafetyPlanPage {
        let values = form.values.isEmpty ? plan.values : form.values
        return SafetyPlanPage(
            backHref: links.href(.home), values: SafetyPlan.fields.map { ($0, values[$0] ?? "") }, mayEdit: mayEdit,
            action: links.href(.safety),
            readers: readers.map { Reader(name: $0.name, role: p("case_role_\($0.role.rawValue)")) },
            peopleHref: links.href(.people), form: form)
    }

    func html(_ p: PageContext) -> HTML {
        var out: HTML = """
            <h1>\(p("case_safety_heading"))</h1>
            <p class="no-print"><a href="\(backHref)">\(p("case_back"))</a></p>
            <p>\(p("case_safety_intro"))</p>
            <p>\(p("case_safety_readers"))</p>
            <ul>\(HTML.each(readers) { "<li>\($0.name) <span class=\"tag\">\($0.role)</span></li>" })</ul>

            """
        if mayEdit {
            out += """
                <p class="no-print"><a href="\(peopleHref)">\(p("case_safety_choose_readers"))</a></p>
                \(HTML.errorSummary(form, p))<form method="post" action="\(action)" class="stack" novalidate>
                \(HTML.csrf(p))
                \(HTML.each(values) { field in
                    FormField(
                        field.name, label: p("safety_\(field.name)"), hint: p("safety_\(field.name)_hint"), form: form,
                        control: .textarea(rows: 4), value: field.value
                    ).html(p)
                })<button type="submit" class="button no-print">\(p("case_safety_submit"))</button>
                </form>

                """
        } else {
            out += """
                <dl class="plan">
                \(HTML.each(values) { "<dt>\(p("safety_\($0.name)"))</dt><dd class=\"prose\">\($0.value.isEmpty ? "—" : $0.value)</dd>\n" })</dl>

                """
        }
        return out + "<p class=\"hint no-print\">\(p("case_safety_print"))</p>\n"
    }
}
