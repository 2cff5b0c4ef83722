import TejidoCore

/// Importing entries from a CSV or JSON file, or text pasted in: what was imported, the rows
/// refused and why, or why the whole file was.
struct DirectoryImportPage: PageView {
    struct Rejected {
        let row: Int
        let name: String
        let reasons: [String]
    }
    let action: String
    let text: String
    /// Whether the file was read (then `imported` and `skipped` say what happened).
    let finished: Bool
    let imported: Int
    let skipped: Int
    let rejected: [Rejected]
    let fileProblem: String?
    let backHref: String

    /// A file that could not be read at all: nothing was saved. `text` is what was pasted, kept.
    static func refused(
        collective: CollectiveRecord, action: String, text: String, problemKey: String, values: [String: String],
        _ p: PageContext
    ) -> DirectoryImportPage {
        DirectoryImportPage(
            action: action, text: text, finished: false, imported: 0, skipped: 0, rejected: [],
            fileProblem: p(problemKey, values), backHref: SiteURL.directory(slug: collective.slug).path)
    }

    /// The form, before anything was sent (`report` nil), or after a file was read: `skipped`
    /// rows were already in the directory.
    static func build(
        collective: CollectiveRecord, action: String, report: DirectoryImport.Report? = nil, skipped: Int = 0,
        _ p: PageContext
    ) -> DirectoryImportPage {
        DirectoryImportPage(
            action: action, text: "", finished: report != nil, imported: (report?.accepted.count ?? 0) - skipped,
            skipped: skipped,
            rejected: (report?.rejected ?? []).map { row in
                Rejected(
                    row: row.row, name: row.name,
                    reasons: row.problems.map { "\(p("directory_column")) \($0.field): \(p($0.messageKey))" })
            }, fileProblem: nil, backHref: SiteURL.directory(slug: collective.slug).path)
    }

    func html(_ p: PageContext) -> HTML {
        var out: HTML = """
            <h1>\(p("directory_import_heading"))</h1>
            <p><a href="\(backHref)">\(p("directory_back"))</a></p>

            """
        // Not a summary of fields to fix: the file as a whole, so it names no field.
        if let fileProblem {
            out += """
                <div class="error-summary" role="alert" tabindex="-1"><h2>\(p("directory_import_refused"))</h2>\
                <p>\(fileProblem)</p></div>

                """
        }
        if finished {
            out += """
                <div class="notice" role="status"><p>\(p("directory_import_done")) <strong>\(imported)</strong></p>\
                \(HTML.when(skipped > 0, "<p>\(p("directory_import_skipped")) <strong>\(skipped)</strong></p>"))</div>

                """
        }
        if !rejected.isEmpty { out += rejectedTable(p) }
        return out + """
            <p>\(p("directory_import_intro"))</p>
            <form method="post" action="\(action)" enctype="multipart/form-data" class="stack" novalidate>
            \(HTML.csrf(p))
            \(FileField(id: "file", label: p("directory_import_file"), accept: ".csv,text/csv,.json,application/json").html(p))\
            \(FormField("text", label: p("directory_import_paste"), form: FormState(), control: .textarea(rows: 8), value: text).html(p))\
            <button type="submit" class="button">\(p("directory_import_submit"))</button>
            </form>

            """
    }

    private func rejectedTable(_ p: PageContext) -> HTML {
        let name = p("directory_field_name"), reasons = p("directory_import_reasons")
        return """
            <div class="error-summary" role="alert" tabindex="-1"><h2>\(p("directory_import_rejected"))</h2>
            <table><caption class="visually-hidden">\(p("directory_import_rejected"))</caption>
            <thead><tr><th scope="col">\(p("directory_import_row"))</th><th scope="col">\(name)</th>\
            <th scope="col">\(reasons)</th></tr></thead>
            <tbody>\(HTML.each(rejected) { row in
                """
                <tr><th scope="row">\(row.row)</th><td data-label="\(name)">\(row.name)</td><td data-label="\(reasons)">\
                <ul>\(HTML.each(row.reasons) { "<li>\($0)</li>" })</ul></td></tr>

                """
            })</tbody></table></div>

            """
    }
}
