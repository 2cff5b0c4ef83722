/// Radio buttons where every choice carries its own explanation, tied to its button so a screen
/// reader reads it with the choice; the set's hint is read as the legend's note. `idPrefix` names
/// the buttons when the field's name is too long for them.
struct ExplainedRadioGroup {
    let name: String
    var idPrefix: String? = nil
    let legend: String
    var hint: String? = nil
    var error: String? = nil
    let choices: [Choice]

    func html(_ p: PageContext) -> HTML {
        let prefix = idPrefix ?? name
        return """
            <fieldset id="\(name)" class="field\(HTML.when(error != nil, " field-has-error"))">
            <legend>\(legend)</legend>
            \(HTML.when(hint != nil, "<p class=\"hint\">\(hint ?? "")</p>\n"))\
            \(HTML.when(error != nil, "<p class=\"error-message\" id=\"\(name)-error\"><span class=\"visually-hidden\">\(p("error_prefix"))</span> \(error ?? "")</p>\n"))\
            \(HTML.each(choices) { choice in
                let id = "\(prefix)-\(choice.value)"
                return """
                    <div class="field radio"><input type="radio" id="\(id)" name="\(name)" value="\(choice.value)"\
                    \(HTML.when(choice.selected, " checked"))\(HTML.when(choice.hint != nil, " aria-describedby=\"\(id)-hint\""))>\
                    <label for="\(id)">\(choice.label)</label>\
                    \(HTML.when(choice.hint != nil, "<p class=\"hint\" id=\"\(id)-hint\">\(choice.hint ?? "")</p>"))</div>

                    """
            })</fieldset>

            """
    }
}

extension Checkbox {
    /// The box laid out as one of a list of choices (`field radio`), where a form sets it among
    /// radio buttons and it should line up with them.
    func htmlAsChoice(_ p: PageContext) -> HTML {
        """
        <div class="field radio"><input type="checkbox" id="\(id)" name="\(name ?? id)" value="\(value)"\
        \(HTML.when(hint != nil, " aria-describedby=\"\(id)-hint\""))\(HTML.when(checked, " checked"))>\
        <label for="\(id)">\(label)</label>\(HTML.when(hint != nil, "<p class=\"hint\" id=\"\(id)-hint\">\(hint ?? "")</p>"))</div>

        """
    }
}
