/// The cases a person is in, in this collective, with their place in each; and the ways to open one.
struct CasesListPage: PageView {
    struct Row {
        let href: String
        let opened: String
        let stage: String
        let role: String
        let isDraft: Bool
    }

    let rows: [Row]
    let newHref: String
    let needsMeHref: String
    /// A case was just deleted.
    let deleted: Bool

    static func build(
        _ cases: [(file: CaseFile, me: CaseFile.Person)], slug: String, deleted: Bool, _ p: PageContext
    ) -> CasesListPage {
        CasesListPage(
            rows: cases.map { file, me in
                Row(
                    href: SiteURL.casePage(slug: slug, caseID: file.id.text, file.stage == .draft ? .draft : .home).path,
                    opened: p.dates.day(file.record.openedAt), stage: p("stage_\(file.stage.rawValue)"),
                    role: p("case_role_\(me.role.rawValue)"), isDraft: file.stage == .draft)
            }, newHref: SiteURL.caseNew(slug: slug).path, needsMeHref: SiteURL.needsMe(slug: slug).path, deleted: deleted)
    }

    func html(_ p: PageContext) -> HTML {
        var out: HTML = """
            <h1>\(p("cases_heading"))</h1>
            \(HTML.when(deleted, "<p class=\"notice\" role=\"status\">\(p("cases_deleted"))</p>"))
            <p>\(p("cases_intro"))</p>
            <p class="actions-row"><a class="button" href="\(newHref)">\(p("cases_new_self"))</a> \
            <a href="\(newHref)?for=other">\(p("cases_new_other"))</a> <a href="\(needsMeHref)">\(p("tool_needs_me"))</a></p>

            """
        guard !rows.isEmpty else { return out + "<p>\(p("cases_none"))</p>\n" }
        out += """
            <table>
            <caption>\(p("cases_table_caption"))</caption>
            <thead><tr><th scope="col">\(p("cases_opened"))</th><th scope="col">\(p("cases_stage"))</th>\
            <th scope="col">\(p("cases_your_role"))</th></tr></thead>
            <tbody>
            \(HTML.each(rows) { row in
                """
                <tr><td><a href="\(row.href)">\(row.opened)</a>\(HTML.when(row.isDraft, " <span class=\"tag\">\(p("cases_draft"))</span>"))</td>\
                <td>\(row.stage)</td><td>\(row.role)</td></tr>

                """
            })</tbody>
            </table>

            """
        return out
    }
}
