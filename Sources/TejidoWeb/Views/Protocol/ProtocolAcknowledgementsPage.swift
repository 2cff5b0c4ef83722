import Foundation

/// Who has acknowledged the agreement of the version in force, and when.
struct ProtocolAcknowledgementsPage: PageView {
    struct Row {
        let username: String
        let date: String?
    }

    let number: Int
    let rows: [Row]
    let done: Int
    let total: Int

    static func build(
        number: Int, acknowledgements: [(username: String, at: Date?)], _ p: PageContext
    )
        -> ProtocolAcknowledgementsPage
    {
        let rows = acknowledgements.map { Row(username: $0.username, date: $0.at.map(p.dates.day)) }
        return ProtocolAcknowledgementsPage(
            number: number, rows: rows, done: rows.filter { $0.date != nil }.count, total: rows.count)
    }

    func html(_ p: PageContext) -> HTML {
        """
        <h1>\(p("acknowledgements_heading"))</h1>
        <p>\(p("protocol_col_version")) \(number): \(done) / \(total)</p>
        <p class="hint">\(p("acknowledgements_hint"))</p>
        <table>
        <caption class="visually-hidden">\(p("acknowledgements_heading"))</caption>
        <thead><tr><th scope="col">\(p("members_col_name"))</th><th scope="col">\(p("acknowledgements_col_date"))</th></tr></thead>
        <tbody>
        \(HTML.each(rows) { row in
            """
            <tr><th scope="row">\(row.username)</th><td data-label="\(p("acknowledgements_col_date"))">\
            \(row.date ?? p("acknowledgements_not_yet"))</td></tr>

            """
        })</tbody>
        </table>

        """
    }
}
