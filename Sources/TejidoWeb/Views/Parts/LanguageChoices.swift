import TejidoCore

/// The languages Tejido speaks, as radio buttons under a legend. Each is named in its own
/// language and marked so, so a person finds theirs whatever language the page is in and a
/// screen reader says it right; the page's language is the one chosen.
struct LanguageChoices {
    let name: String
    let legend: String

    func html(_ p: PageContext) -> HTML {
        """
        <fieldset>
        <legend>\(legend)</legend>
        \(HTML.each(Language.allCases) { language in
            let code = language.rawValue
            return """
                <div class="field radio"><input type="radio" id="\(name)-\(code)" name="\(name)" value="\(code)"\
                \(HTML.when(language == p.language, " checked"))><label for="\(name)-\(code)" lang="\(code)">\
                \(p.words.catalog.string("language_name_\(code)", language))</label></div>

                """
        })</fieldset>

        """
    }
}
