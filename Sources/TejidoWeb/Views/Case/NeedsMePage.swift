import Foundation

/// "What needs me": the tasks assigned to this person in their open cases, and the commitments
/// that are theirs to meet, check in on, or watch over.
struct NeedsMePage: PageView {
    struct Row {
        let title: String
        let isCheckIn: Bool
        let due: String?
        let overdue: Bool
        let caseHref: String
        let doneAction: String
    }
    struct Reminder {
        let title: String
        /// Why this person is shown it: theirs to meet, to check in on, coming due, missed.
        let reason: String
        let due: String?
        let overdue: Bool
        let href: String
    }

    let rows: [Row]
    let commitments: [Reminder]
    /// The agreement in force, while this person has not acknowledged it (issue 17).
    var agreementHref: String? = nil
    var agreementNewcomer = false

    func html(_ p: PageContext) -> HTML {
        var out: HTML = """
            <h1>\(p("needs_me_heading"))</h1>
            <p>\(p("needs_me_intro"))</p>

            """
        if let agreementHref {
            out += """
                <p class="notice" role="status">\(p(agreementNewcomer ? "agreement_pending_newcomer" : "agreement_pending")) \
                <a href="\(agreementHref)">\(p("agreement_pending_link"))</a></p>

                """
        }
        if !rows.isEmpty {
            out += "<ul class=\"tasks\">\n\(HTML.each(rows) { task($0, p) })</ul>\n"
        } else if commitments.isEmpty && agreementHref == nil {
            out += "<p>\(p("needs_me_none"))</p>"
        }
        if !commitments.isEmpty {
            out += """
                <h2>\(p("needs_me_commitments_heading"))</h2>
                <p class="hint">\(p("needs_me_commitments_hint"))</p>
                <ul class="tasks">
                \(HTML.each(commitments) { row in
                    """
                    <li\(HTML.when(row.overdue, " class=\"overdue\""))><a href="\(row.href)">\(row.title)</a> · \(row.reason)\
                    \(HTML.when(row.due != nil, " · \(p("task_due")) \(row.due ?? "")"))\
                    \(HTML.when(row.overdue, " <strong>\(p("task_overdue"))</strong>"))</li>

                    """
                })</ul>

                """
        }
        return out
    }

    private func task(_ row: Row, _ p: PageContext) -> HTML {
        """
        <li\(HTML.when(row.overdue, " class=\"overdue\""))>\(row.title)\
        \(HTML.when(row.isCheckIn, " <span class=\"tag\">\(p("task_check_in"))</span>"))\
        \(HTML.when(row.due != nil, " · \(p("task_due")) \(row.due ?? "")"))\
        \(HTML.when(row.overdue, " <strong>\(p("task_overdue"))</strong>")) · <a href="\(row.caseHref)">\(p("needs_me_open_case"))</a>
        \(HTML.buttonForm(p, action: row.doneAction + "?back=needs-me", label: p("task_done"), style: "button secondary small", formClass: "inline"))</li>

        """
    }
}
