import TejidoCore

/// What people said after their cases ended, for the care team: counts only, over a window of
/// months, by side, with every count that could point at a small group left out.
struct ReflectionsPage: PageView {
    struct Table {
        let caption: String
        let rows: [(label: String, cells: [String])]
    }

    let windows: [Choice]
    let action: String
    let minimum: Int
    let columns: [String]
    let tables: [Table]
    let hiddenNote: String?
    let empty: Bool

    static func build(
        _ summary: ReflectionSummary, months: Int, minimum: Int, action: String, _ p: PageContext
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
            windows: ReflectionSummary.windows.map {
                Choice(value: "\($0)", label: p("reflections_window_months", ["count": "\($0)"]), selected: $0 == months)
            }, action: action, minimum: minimum,
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
            <form method="get" action="\(action)" class="inline">
            \(FormField("months", label: p("reflections_window"), form: FormState(), control: .select(windows, blank: nil)).html(p))\
            <button type="submit" class="button secondary">\(p("reflections_window_submit"))</button>
            </form>

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
