/// A posted form held text that cannot be stored as typed: what to fix, and the form again with
/// what was typed (cleaned), sent to the same place. Fields with nothing to see ride along hidden.
struct FormProblemPage: PageView {
    struct Problem {
        let field: String
        let message: String
    }
    struct Field {
        let name: String
        let value: String
        /// Shown to fix or check; otherwise carried along unseen.
        let shown: Bool
        /// A one-line field, shown as one.
        let isShort: Bool
    }
    let action: String
    let problems: [Problem]
    let fields: [Field]
    /// A passphrase was in the form: it is not written back, so it must be typed again.
    let hadSecret: Bool

    func html(_ p: PageContext) -> HTML {
        """
        <h1>\(p("form_problem_heading"))</h1>
        <div class="error-summary" role="alert" tabindex="-1">
        <p>\(p("form_problem_intro"))</p>
        <ul>\(HTML.each(problems) { "<li><a href=\"#f-\($0.field)\">\($0.message)</a></li>" })</ul>
        </div>
        \(HTML.when(hadSecret, "<p>\(p("form_problem_secret"))</p>"))
        <form method="post" action="\(action)" class="stack" novalidate>
        \(HTML.csrf(p))
        \(HTML.each(fields) { field(p, $0) })
        <button type="submit" class="button">\(p("form_problem_submit"))</button>
        </form>

        """
    }

    /// Field names here are whatever was posted, so they are not the app's fields: written out
    /// as they came, with the name shown beside the box.
    private func field(_ p: PageContext, _ field: Field) -> HTML {
        guard field.shown else { return HTML.hidden(field.name, field.value) + "\n" }
        let id = "f-\(field.name)"
        let control: HTML =
            field.isShort
            ? "<input type=\"text\" id=\"\(id)\" name=\"\(field.name)\" value=\"\(field.value)\">"
            : "<textarea id=\"\(id)\" name=\"\(field.name)\" rows=\"6\">\(field.value)</textarea>"
        return """
            <div class="field"><label for="\(id)">\(p("form_problem_field")) <code>\(field.name)</code></label>
            \(control)</div>

            """
    }
}
