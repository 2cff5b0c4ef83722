/// A group of controls under a legend, written as a plain fieldset rather than the boxed field
/// `RadioGroup` writes: for a set of boxes, several inputs under one question, or radio buttons
/// whose group keeps its own look. Its hint and error have ids made from its own, named by
/// `aria-describedby`, as `FormField` does for one control.
struct Fieldset {
    var id: String? = nil
    /// Written as they are: the group's own look, `field-has-error` where it marks an error.
    var classes: String? = nil
    let legend: String
    var hint: String? = nil
    var error: String? = nil
    let content: HTML

    func html(_ p: PageContext) -> HTML {
        let described =
            id.map { id in [hint.map { _ in "\(id)-hint" }, error.map { _ in "\(id)-error" }].compactMap { $0 } } ?? []
        return """
            <fieldset\(HTML.when(id != nil, " id=\"\(id ?? "")\""))\(HTML.when(classes != nil, " class=\"\(classes ?? "")\""))\
            \(HTML.when(!described.isEmpty, " aria-describedby=\"\(described.joined(separator: " "))\""))><legend>\(legend)</legend>
            \(HTML.when(hint != nil, "<p class=\"hint\"\(HTML.when(id != nil, " id=\"\(id ?? "")-hint\""))>\(hint ?? "")</p>\n"))\
            \(HTML.when(error != nil, """
                <p class="error-message"\(HTML.when(id != nil, " id=\"\(id ?? "")-error\""))><span class="visually-hidden">\
                \(p("error_prefix"))</span> \(error ?? "")</p>

                """))\
            \(content)</fieldset>

            """
    }

    /// Radio buttons named `name`, one per choice, as `RadioGroup` writes them.
    static func radios(_ name: String, _ choices: [Choice]) -> HTML {
        HTML.each(choices) { choice in
            """
            <div class="field radio"><input type="radio" id="\(name)-\(choice.value)" name="\(name)" value="\(choice.value)"\
            \(HTML.when(choice.selected, " checked"))><label for="\(name)-\(choice.value)">\(choice.label)</label>\
            \(HTML.when(choice.hint != nil, "<p class=\"hint\">\(choice.hint ?? "")</p>"))</div>

            """
        }
    }
}
