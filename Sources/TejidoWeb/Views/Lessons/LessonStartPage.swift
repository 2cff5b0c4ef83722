import TejidoCore

/// From an ended case, for the survivor's side only: what a lesson is and how it stays hers, the
/// button that starts one, and the lessons already started from this case.
struct LessonStartPage: PageView {
    let action: String
    let backHref: String
    let existing: [(title: String, href: String)]

    func html(_ p: PageContext) -> HTML {
        """
        <p><a href="\(backHref)">\(p("case_back"))</a></p>
        <h1>\(p("lesson_start_heading"))</h1>
        <p>\(p("lesson_start_intro"))</p>
        <ul>
        <li>\(p("lesson_start_point_general"))</li>
        <li>\(p("lesson_start_point_approve"))</li>
        <li>\(p("lesson_start_point_delay"))</li>
        <li>\(p("lesson_start_point_withdraw"))</li>
        <li>\(p("lesson_start_point_link"))</li>
        </ul>
        \(HTML.when(!existing.isEmpty, """
            <h2>\(p("lesson_start_existing"))</h2>
            <ul>\(HTML.each(existing) { "<li><a href=\"\($0.href)\">\($0.title)</a></li>" })</ul>

            """))\
        \(HTML.buttonForm(p, action: action, label: p("lesson_start_submit")))

        """
    }
}
