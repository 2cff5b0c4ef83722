/// Editing the collective's own words on the help page, each section in every language side by
/// side, with a link to see the page as a visitor does.
struct HelpEditPage: PageView {
    let fields: [EditorField]
    let action: String
    /// Just saved.
    let saved: Bool
    let previewHref: String
    let form: FormState

    func html(_ p: PageContext) -> HTML {
        """
        <h1>\(p("help_edit_heading"))</h1>
        <p><a href="\(previewHref)">\(p("help_edit_preview"))</a></p>
        <p class="hint">\(p("help_edit_intro"))</p>
        \(HTML.when(saved, "<p class=\"notice\" role=\"status\">\(p("notice_saved"))</p>\n"))\
        \(HTML.errorSummary(form, p))<form method="post" action="\(action)" class="stack editor" novalidate>
        \(HTML.csrf(p))
        \(HTML.each(fields) { $0.html(p) })<button type="submit" class="button">\(p("help_edit_save"))</button>
        </form>

        """
    }
}
