import TejidoCore

/// The wishes of the person harmed as form fields, shared by the disclosure form and the wishes
/// page: a box per want and per limit, with the words that go with them.
enum WishesFields {
    static func html(_ form: FormState, _ p: PageContext) -> HTML {
        func box(_ name: String) -> HTML {
            Checkbox(id: name, label: p(name), hint: p("\(name)_hint"), checked: form.values[name] == "1").html(p)
        }
        return """
            <fieldset class="stack">
            <legend>\(p("wishes_wants_legend"))</legend>
            <p class="hint">\(p("wishes_wants_hint"))</p>
            \(HTML.each(CaseWishes.Want.allCases) { box("want_\($0.rawValue)") })\
            \(FormField("keep_away_from", label: p("wishes_keep_away_from"), form: form).html(p))\
            </fieldset>
            <fieldset class="stack">
            <legend>\(p("wishes_limits_legend"))</legend>
            <p class="hint">\(p("wishes_limits_hint"))</p>
            \(HTML.each(CaseWishes.Limit.allCases) { box("limit_\($0.rawValue)") })\
            \(FormField("do_not_tell", label: p("wishes_do_not_tell"), form: form).html(p))\
            </fieldset>
            \(FormField("own_words", label: p("wishes_own_words"), hint: p("wishes_own_words_hint"), form: form, control: .textarea(rows: 4)).html(p))
            """
    }
}
