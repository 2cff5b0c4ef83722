import TejidoCore

/// What went wrong, in the reader's words, and the way home. Never the error itself: its text
/// can carry input.
struct ErrorPage: PageView {
    let message: String
    let homeHref: String

    static func build(messageKey: String, _ p: PageContext) -> ErrorPage {
        ErrorPage(message: p(messageKey), homeHref: SiteURL.home.path)
    }

    func html(_ p: PageContext) -> HTML {
        """
        <h1>\(p("error_heading"))</h1>
        <p class="lead">\(message)</p>
        <p><a href="\(homeHref)">\(p("error_home_link"))</a></p>

        """
    }
}
