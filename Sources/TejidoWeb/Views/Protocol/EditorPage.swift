import TejidoCore
import Vapor

/// Every protocol editing form has this shape: sections of bilingual fields, some with a
/// position, a "remove" box, or a grid of responses. One view writes them all.
struct EditorPage: PageView {
    struct Section {
        let heading: String
        let anchor: String
        let fields: [EditorField]
        var position: Control?
        var remove: Control?
        var responses: ResponsesGrid?
        var link: Link?
        var isNew = false
    }

    struct Control {
        let name: String
        let label: String
        let value: String
        let checked: Bool

        /// The name the form sends, which is also the control's id.
        var formID: String { formName(name) }
    }

    struct Link {
        let label: String
        let href: String
    }

    struct ResponsesGrid {
        struct Row {
            let name: String
            let allowed: Control
            let recommended: Control
            let needsAssembly: Control
        }
        let caption: String
        let rows: [Row]
        let errors: [String]
    }

    let heading: String
    let introduction: String?
    let action: String
    let base: Int
    let sections: [Section]
    let languageChoices: [Control]
    let form: FormState
    let conflict: String?
    let backHref: String
}

extension EditorPage {
    func html(_ p: PageContext) -> HTML {
        var out: HTML = """
            <h1>\(heading)</h1>
            <p><a href="\(backHref)">\(p("back_to_draft"))</a></p>
            \(HTML.when(introduction != nil, "<p class=\"hint\">\(introduction)</p>\n"))\
            \(HTML.when(conflict != nil, "<div class=\"error-summary\" role=\"alert\"><p>\(conflict)</p></div>\n"))\
            \(HTML.errorSummary(form, p))<form method="post" action="\(action)" class="stack editor" novalidate>
            \(HTML.csrf(p))
            \(HTML.hidden("base", "\(base)"))

            """
        if !languageChoices.isEmpty {
            out += Fieldset(
                id: "languages", legend: p("protocol_field_languages"), hint: p("protocol_hint_languages"),
                error: form.errors["languages"],
                content: HTML.each(languageChoices) {
                    Checkbox(id: $0.formID, label: $0.label, checked: $0.checked).html(p)
                }
            ).html(p)
        }
        out += HTML.each(sections) { section($0, p) }
        out += """
            \(FormField("note", label: p("protocol_field_note"), hint: p("protocol_hint_note"), form: form,
                attributes: "maxlength=\"500\"").html(p))\
            <button type="submit" class="button">\(p("protocol_save"))</button>
            </form>

            """
        return out
    }

    private func section(_ section: Section, _ p: PageContext) -> HTML {
        var out: HTML = """
            <section class="editor-section\(HTML.when(section.isNew, " editor-new"))" id="\(section.anchor)" \
            aria-labelledby="\(section.anchor)-h">
            <h2 id="\(section.anchor)-h">\(section.heading)</h2>
            \(HTML.each(section.fields) { $0.html(p) })
            """
        if let responses = section.responses { out += responses.html(p) }
        if let position = section.position {
            out += """
                <div class="item-controls">
                \(FormField(position.formID, label: position.label, form: FormState(), control: .input("number"),
                    attributes: "min=\"1\"", value: position.value, narrow: true).html(p))\
                \(section.remove.map { Checkbox(id: $0.formID, label: $0.label, checked: $0.checked).html(p) } ?? .empty)</div>

                """
        }
        if let link = section.link { out += "<p><a href=\"\(link.href)\">\(link.label)</a></p>\n" }
        return out + "</section>\n"
    }
}

extension EditorPage.ResponsesGrid {
    /// Which responses a level allows, recommends, or leaves to an assembly: a box per response
    /// and column, each named in full for a screen reader.
    func html(_ p: PageContext) -> HTML {
        func box(_ control: EditorPage.Control, _ column: String) -> HTML {
            """
            <td data-label="\(p(column))"><input type="checkbox" name="\(control.formID)" id="\(control.formID)" \
            value="1" aria-label="\(control.label)"\(HTML.when(control.checked, " checked"))></td>
            """
        }
        return """
            <table class="responses-grid">
            <caption>\(caption)</caption>
            \(HTML.each(errors) { "<tr><td colspan=\"4\" class=\"error-message\">\($0)</td></tr>" })
            <thead><tr><th scope="col">\(p("protocol_column_response"))</th><th scope="col">\(p("protocol_column_allowed"))</th>\
            <th scope="col">\(p("protocol_column_recommended"))</th><th scope="col">\(p("protocol_column_needs_assembly"))</th></tr></thead>
            <tbody>
            \(HTML.each(rows) { row in
                """
                <tr><th scope="row">\(row.name)</th>
                \(box(row.allowed, "protocol_column_allowed"))
                \(box(row.recommended, "protocol_column_recommended"))
                \(box(row.needsAssembly, "protocol_column_needs_assembly"))</tr>

                """
            })</tbody></table>

            """
    }
}

extension FormState {
    /// Protocol problems as form errors: each under the input its path names, all in the summary.
    init(typed: [String: String], problems: [ProtocolProblem], language: Language) {
        self.init(values: typed)
        for problem in problems where errors[problem.path] == nil {
            let message = problem.message(in: language)
            errors[problem.path] = message
            summary.append(Problem(field: problem.path, anchor: "#\(Self.anchor(for: problem.path))", message: message))
        }
        hasErrors = !summary.isEmpty
    }

    /// The nearest thing on the page a problem's path names: the input itself when the path ends
    /// in a language, else the item (section) around it, else the page's main content.
    static func anchor(for path: String) -> String {
        if let last = path.split(separator: ".").last, Language(rawValue: String(last)) != nil { return formName(path) }
        guard let close = path.lastIndex(of: "]") else { return "main" }
        return formName(String(path[...close]))
    }
}
