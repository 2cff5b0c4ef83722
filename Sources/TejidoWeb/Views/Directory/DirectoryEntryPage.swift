/// One entry of the members' directory, with checking it and removing it for the care team.
struct DirectoryEntryPage: PageView {
    let card: EntryCard
    let backHref: String
    /// Where checking and removing go, for those who may edit.
    let verifyAction: String?
    let deleteAction: String?
    /// Sharing with connected collectives: where the button posts, whether it is shared now, and
    /// how many connections receive our directory (none: sharing reaches nobody yet).
    var share: (action: String, shared: Bool, receivers: Int)? = nil

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
        if let share {
            out += """
                <section class="panel" aria-labelledby="share-h">
                <h2 id="share-h">\(p("directory_share_heading"))</h2>
                <p>\(p(share.shared ? "directory_share_on" : "directory_share_off"))</p>
                <p class="hint">\(share.receivers == 0 ? p("directory_share_nobody") : p("directory_share_receivers", ["count": "\(share.receivers)"]))</p>
                \(HTML.buttonForm(
                    p, action: share.action, label: p(share.shared ? "directory_share_stop" : "directory_share_start"),
                    style: "button secondary", hidden: [("shared", share.shared ? "0" : "1")]))
                </section>

                """
        }
        return out
    }
}
