import TejidoCore

/// What people said after their cases ended, for the care team: counts only, over the last four
/// complete quarters, by side, with every count that could point at a small group left out.
struct ReflectionsPage: PageView {
    struct Table {
        let caption: String
        let rows: [(label: String, cells: [String])]
    }

    let minimum: Int
    /// Answers in the window not counted yet, because too few came from one side in one quarter.
    let heldBackNote: String?
    let columns: [String]
    let tables: [Table]
    let hiddenNote: String?
    let empty: Bool

    static func build(
        _ summary: ReflectionSummary, minimum: Int, _ p: PageContext
    ) -> ReflectionsPage {
        let sides = Reflection.Side.allCases
        // Not "fewer than N": a side hidden beside a small one may itself be large.
        let hidden = p("reflections_hidden")
        func cells(_ line: ReflectionSummary.Line) -> [String] {
            sides.map { line.bySide[$0].map { "\($0)" } ?? hidden } + [line.total.map { "\($0)" } ?? hidden]
        }
        func table(_ key: String, _ lines: [ReflectionSummary.Line], prefix: String) -> Table {
            Table(caption: p(key), rows: lines.map { (p("\(prefix)\($0.key)"), cells($0)) })
        }
        return ReflectionsPage(
            minimum: minimum,
            heldBackNote: summary.heldBack == 0 ? nil : p("reflections_held_back", ["minimum": "\(minimum)"]),
            columns: sides.map { p("reflection_side_\($0.rawValue)") } + [p("reflections_total")],
            tables: [
                Table(caption: p("reflections_people"), rows: [(p("reflections_people_row"), cells(summary.people))]),
                table("reflection_heard", summary.heard, prefix: "reflection_scale_"),
                table("reflection_clear", summary.clear, prefix: "reflection_scale_"),
                table("reflection_changes", summary.changes, prefix: "reflection_change_"),
            ],
            hiddenNote: summary.hiddenSides.isEmpty ? nil : p("reflections_hidden_note", ["minimum": "\(minimum)"]),
            empty: summary.people.total == nil && summary.hiddenSides.count == sides.count)
    }

    func html(_ p: PageContext) -> HTML {
        var out: HTML = """
            <h1>\(p("reflections_heading"))</h1>
            <p>\(p("reflections_intro", ["minimum": "\(minimum)"]))</p>
            <p>\(p("reflections_window_note"))</p>
            \(HTML.when(heldBackNote != nil, "<p class=\"hint\">\(heldBackNote ?? "")</p>\n"))
            """
        // Nothing at all to show: one sentence, not tables of blanks.
        if empty {
            return out + "<p class=\"notice\" role=\"status\">\(p("reflections_too_few", ["minimum": "\(minimum)"]))</p>\n"
        }
        if let hiddenNote { out += "<p class=\"hint\">\(hiddenNote)</p>\n" }
        for table in tables {
            out += """
                <table>
                <caption>\(table.caption)</caption>
                <thead><tr><td></td>\(HTML.each(columns) { "<th scope=\"col\">\($0)</th>" })</tr></thead>
                <tbody>
                \(HTML.each(table.rows) { row in
                    "<tr><th scope=\"row\">\(row.label)</th>\(HTML.each(Array(zip(columns, row.cells))) { "<td data-label=\"\($0.0)\">\($0.1)</td>" })</tr>\n"
                })</tbody>
                </table>

                """
        }
        return out
    }
}
