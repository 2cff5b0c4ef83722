/// Starting the draft again: from the template, empty, or from a file another collective
/// shared, uploaded or pasted.
struct ProtocolStartPage: PageView {
    let action: String
    let form: FormState
    let backHref: String

    func html(_ p: PageContext) -> HTML {
        let starts = ["template", "empty", "import"].map {
            Choice(value: $0, label: p("protocol_start_\($0)"), selected: form.values["start"] == $0)
        }
        // A pasted file's problems are listed in the summary, each with its place in the file,
        // so the box is marked without a message of its own.
        var json = FormField(
            "json", label: p("protocol_import_paste"), hint: p("protocol_import_hint"), form: form, control: .textarea(rows: 10))
        json.markedInError = form.hasErrors
        return """
            <h1>\(p("protocol_start_heading"))</h1>
            <p><a href="\(backHref)">\(p("back_to_draft"))</a></p>
            <p>\(p("protocol_start_intro"))</p>
            \(HTML.errorSummary(form, p))<form method="post" action="\(action)" enctype="multipart/form-data" class="stack" novalidate>
            \(HTML.csrf(p))
            \(RadioGroup(name: "start", legend: p("protocol_start_from"), choices: starts, fieldsetClass: nil, anchor: "start").html(p))\
            \(FileField(id: "file", label: p("protocol_import_file"), accept: "application/json,.json").html(p))\
            \(json.html(p))\
            <button type="submit" class="button">\(p("protocol_start_submit"))</button>
            </form>

            """
    }
}
