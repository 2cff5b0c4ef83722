import TejidoCore

/// The first run: the first collective and its first account, made together.
struct SetupPage: PageView {
    let form: FormState
    let action: String

    static func build(form: FormState) -> SetupPage { SetupPage(form: form, action: SiteURL.setup.path) }

    func html(_ p: PageContext) -> HTML {
        """
        <h1>\(p("setup_heading"))</h1>
        <p class="lead">\(p("setup_intro"))</p>
        \(HTML.errorSummary(form, p))<form method="post" action="\(action)" class="stack" novalidate>
        \(HTML.csrf(p))
        \(FormField(
            "collective", label: p("field_collective_name"), hint: p("hint_collective_name"), form: form,
            attributes: "autocomplete=\"organization\"").html(p))\
        \(NewAccountFields.html(form, p))\
        <button type="submit" class="button">\(p("setup_submit"))</button>
        </form>

        """
    }
}
