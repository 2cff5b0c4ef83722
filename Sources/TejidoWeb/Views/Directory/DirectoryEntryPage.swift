/// One entry of the members' directory, with checking it and removing it for the care team.
struct DirectoryEntryPage: PageView {
    let card: EntryCard
    let backHref: String
    /// Where checking and removing go, for those who may edit.
    let verifyAction: String?
    let deleteAction: String?

    func html(_ p: PageContext) -> HTML {
        var out: HTML = """
            <h1 class="visually-hidden">\(p("directory_heading"))</h1>
            <p><a href="\(backHref)">\(p("directory_back"))</a></p>
            <h2 class="visually-hidden">\(p("directory_entry_heading"))</h2>
            \(card.html(p))
            """
        if let verifyAction, let deleteAction {
            out += """
                <div class="inline-fields">
                \(HTML.buttonForm(p, action: verifyAction, label: p("directory_verify"), style: "button secondary"))
                \(HTML.buttonForm(p, action: deleteAction, label: p("directory_delete"), style: "button danger"))
                </div>

                """
        }
        return out
    }
}
