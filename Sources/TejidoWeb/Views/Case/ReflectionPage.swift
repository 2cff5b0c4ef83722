import TejidoCore

/// A short reflection once a case has ended: three questions, all choices, none required beyond
/// "prefer not to say". After it is sent, or if it was sent before, only thanks.
struct ReflectionPage: PageView {
    let given: Bool
    let action: String
    let heard: [Choice]
    let clear: [Choice]
    let changes: [Checkbox]
    let form: FormState
    let backHref: String

    static func build(given: Bool, links: CaseLinks, form: FormState, _ p: PageContext) -> ReflectionPage {
        func scale(_ name: String) -> [Choice] {
            Reflection.Scale.allCases.map {
                Choice(
                    value: $0.rawValue, label: p("reflection_scale_\($0.rawValue)"), selected: form.values[name] == $0.rawValue)
            }
        }
        return ReflectionPage(
            given: given, action: links.href(.reflection), heard: scale("heard"), clear: scale("clear"),
            changes: Reflection.Change.allCases.map {
                Checkbox(
                    id: "change_\($0.rawValue)", label: p("reflection_change_\($0.rawValue)"),
                    checked: form.values["change_\($0.rawValue)"] == "1")
            }, form: form, backHref: links.href(.home))
    }

    func html(_ p: PageContext) -> HTML {
        var out: HTML = """
            <p><a href="\(backHref)">\(p("case_back"))</a></p>
            <h1>\(p("reflection_heading"))</h1>

            """
        if given {
            return out + HTML.errorSummary(form, p) + "<p class=\"notice\" role=\"status\">\(p("reflection_given"))</p>\n"
        }
        out += """
            <p>\(p("reflection_intro"))</p>
            <p class="hint">\(p("reflection_privacy"))</p>
            \(HTML.errorSummary(form, p))<form method="post" action="\(action)" class="stack" novalidate>\(HTML.csrf(p))
            \(RadioGroup(name: "heard", legend: p("reflection_heard"), error: form.errors["heard"], choices: heard, fieldsetClass: "field", anchor: "heard").html(p))\
            \(RadioGroup(name: "clear", legend: p("reflection_clear"), error: form.errors["clear"], choices: clear, fieldsetClass: "field", anchor: "clear").html(p))\
            \(Fieldset(id: "changes", classes: form.errors["changes"] == nil ? "field" : "field field-has-error",
                legend: p("reflection_changes"), hint: p("reflection_changes_hint"), error: form.errors["changes"],
                content: HTML.each(changes) { $0.html(p) }).html(p))\
            <button type="submit" class="button">\(p("reflection_submit"))</button>
            </form>

            """
        return out
    }
}
