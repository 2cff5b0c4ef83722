/// A group of controls under a legend: a set of boxes, several inputs under one question, radio
/// buttons (`RadioGroup`). Its hint and error have ids made from `idBase` (or its own id), named
/// by `aria-describedby`, as `FormField` does for one control.
struct Fieldset {
    var id: String? = nil
    /// What the hint's and error's ids are made from, where it differs from the fieldset's id.
    var idBase: String? = nil
    /// The group's look, written as it is (`field-has-error` where the caller marks an error).
    var classes: String? = nil
    let legend: String
    var hint: String? = nil
    var error: String? = nil
    let content: HTML

    func html(_ p: PageContext) -> HTML {
        let base = idBase ?? id
        let described =
            base.map { base in [hint.map { _ in "\(base)-hint" }, error.map { _ in "\(base)-error" }].compactMap { $0 } } ?? []
        let classes = classes ?? ""
        return """
            <fieldset\(HTML.when(id != nil, " id=\"\(id ?? "")\""))\(HTML.when(!classes.isEmpty, " class=\"\(classes)\""))\
            \(HTML.when(!described.isEmpty, " aria-describedby=\"\(described.joined(separator: " "))\""))><legend>\(legend)</legend>
            \(HTML.when(hint != nil, "<p class=\"hint\"\(HTML.when(base != nil, " id=\"\(base ?? "")-hint\""))>\(hint ?? "")</p>\n"))\
            \(HTML.when(error != nil, """
                <p class="error-message"\(HTML.when(base != nil, " id=\"\(base ?? "")-error\""))><span class="visually-hidden">\
                \(p("error_prefix"))</span> \(error ?? "")</p>

                """))\
            \(content)</fieldset>

            """
    }
}
