import Foundation

/// What the signed-in person took part in, as those who ran each session recorded it. Only they
/// see this page; nobody else has a list of it.
struct TookPartPage: PageView {
    let rows: [(collective: String, title: String, when: String)]

    static func build(_ rows: [(collective: String, title: String, startsAt: Date)], _ p: PageContext) -> TookPartPage {
        TookPartPage(rows: rows.map { ($0.collective, $0.title, p.dates.day($0.startsAt)) })
    }

    func html(_ p: PageContext) -> HTML {
        var out: HTML = """
            <h1>\(p("took_part_heading"))</h1>
            <p>\(p("took_part_intro"))</p>

            """
        if rows.isEmpty { return out + "<p>\(p("took_part_none"))</p>\n" }
        out += "<ul>\n"
        out += HTML.each(rows) { "<li>\($0.title) <span class=\"hint\">\($0.collective) · \($0.when)</span></li>\n" }
        return out + "</ul>\n"
    }
}
