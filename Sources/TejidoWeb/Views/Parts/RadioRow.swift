/// A short set of radio buttons under its own legend, with no hint or error of its own: answers
/// picked from a few, often several such sets in a row under one heading. `fieldsetClass` lays
/// the set out (a row) where the form wants it.
struct RadioRow {
    let name: String
    let legend: String
    var fieldsetClass: String? = nil
    let choices: [Choice]

    func html(_ p: PageContext) -> HTML {
        """
        <fieldset\(HTML.when(fieldsetClass != nil, " class=\"\(fieldsetClass ?? "")\""))><legend>\(legend)</legend>
        \(HTML.each(choices) { choice in
            """
            <div class="field radio"><input type="radio" id="\(name)-\(choice.value)" name="\(name)" value="\(choice.value)"\
            \(HTML.when(choice.selected, " checked"))><label for="\(name)-\(choice.value)">\(choice.label)</label></div>

            """
        })</fieldset>

        """
    }
}
