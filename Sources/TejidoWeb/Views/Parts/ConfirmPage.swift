/// "Are you sure?": one question, the button that does it, and a way back. Used wherever an act
/// cannot be undone or needs a second thought.
struct ConfirmPage: PageView {
    let heading: String
    let text: String
    let action: String
    let confirmLabel: String
    let cancelHref: String
    /// Styled as a warning; not for an act that gives something back (taking over one's case).
    var isDestructive = true

    func html(_ p: PageContext) -> HTML {
        """
        <h1>\(heading)</h1>
        <p>\(text)</p>
        <form method="post" action="\(action)" class="actions-row">
        \(HTML.csrf(p))
        \(HTML.hidden("confirm", "yes"))
        <button type="submit" class="button\(HTML.when(isDestructive, " danger"))">\(confirmLabel)</button>
        <a href="\(cancelHref)">\(p("confirm_cancel"))</a>
        </form>

        """
    }
}
