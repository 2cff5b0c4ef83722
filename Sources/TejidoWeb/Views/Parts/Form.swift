/// The parts every form is made of, written once: the form token, the summary of what to fix,
/// a field with its label, hint and error, boxes and radio buttons, and a one-button form.
/// A field's hint and error always have ids made from the field's, and the control names both
/// in `aria-describedby`, so a screen reader reads them with it.
extension HTML {
    /// The hidden form token every form posts back.
    static func csrf(_ p: PageContext) -> HTML { "<input type=\"hidden\" name=\"_csrf\" value=\"\(p.csrf)\">" }

    static func hidden(_ name: String, _ value: String) -> HTML {
        "<input type=\"hidden\" name=\"\(name)\" value=\"\(value)\">"
    }

    /// What to fix, at the top of a form that came back, each line linking to its field. `id`
    /// keeps two forms on one page apart.
    static func errorSummary(_ form: FormState, _ p: PageContext, id: String = "form") -> HTML {
        guard form.hasErrors else { return .empty }
        return """
            <div class="error-summary" role="alert" tabindex="-1" aria-labelledby="\(id)-summary-title">
            <h2 id="\(id)-summary-title">\(p("error_summary_title"))</h2>
            <ul>
            \(each(form.summary) { "<li><a href=\"\($0.anchor)\">\($0.message)</a></li>\n" })</ul>
            </div>

            """
    }

    /// A form of one button that posts to `action`, with any hidden values it carries.
    static func buttonForm(
        _ p: PageContext, action: String, label: String, style: String = "button", formClass: String? = nil,
        hidden values: [(String, String)] = []
    ) -> HTML {
        """
        <form method="post" action="\(action)"\(when(formClass != nil, " class=\"\(formClass ?? "")\""))>\(csrf(p))\
        \(each(values) { hidden($0.0, $0.1) })<button type="submit" class="\(style)">\(label)</button></form>
        """
    }
}

/// One choice in a list: a select's option, a radio button, a box.
struct Choice: Sendable {
    let value: String
    let label: String
    var selected = false
    var hint: String? = nil
}

/// A labelled field: the label, the hint, the error, then the control.
struct FormField {
    enum Control {
        /// An `<input>` of the given type (text, password, email, number, date, url).
        case input(String)
        case textarea(rows: Int)
        /// A `<select>`, with a first empty option labelled `blank` when given.
        case select([Choice], blank: String?)
    }

    let id: String
    let name: String
    let label: String
    var hint: String? = nil
    var error: String? = nil
    var value: String? = nil
    var control: Control = .input("text")
    /// Anything else the control carries, written as it is: `autocomplete`, `required`, limits.
    var attributes: HTML = .empty
    /// Said after the label, inside it ("(required)").
    var labelNote: String? = nil
    /// A short box (a count, a position).
    var narrow = false
    /// Marked as in error with no message of its own, where the summary lists the problems one by
    /// one (a pasted file's, each with its place in the file).
    var markedInError = false

    /// A field of a form being shown again: its value and error come from `form`, by name and id.
    init(
        _ id: String, name: String? = nil, label: String, hint: String? = nil, form: FormState, control: Control = .input("text"),
        attributes: HTML = .empty, value: String? = nil, labelNote: String? = nil, narrow: Bool = false
    ) {
        self.id = id
        self.name = name ?? id
        self.label = label
        self.hint = hint
        self.error = form.errors[id]
        self.value = value ?? form.values[name ?? id]
        self.control = control
        self.attributes = attributes
        self.labelNote = labelNote
        self.narrow = narrow
    }

    func html(_ p: PageContext) -> HTML {
        let described = [hint.map { _ in "\(id)-hint" }, error.map { _ in "\(id)-error" }].compactMap { $0 }
        var attributes: HTML = "id=\"\(id)\" name=\"\(name)\""
        if !described.isEmpty { attributes += " aria-describedby=\"\(described.joined(separator: " "))\"" }
        if error != nil || markedInError { attributes += " aria-invalid=\"true\"" }
        if !self.attributes.text.isEmpty { attributes += " \(self.attributes)" }
        let control: HTML
        switch self.control {
        case .input(let type):
            control = "<input type=\"\(type)\" \(attributes)\(HTML.when(type != "password", " value=\"\(value ?? "")\""))>"
        case .textarea(let rows):
            control = "<textarea \(attributes) rows=\"\(rows)\">\(value ?? "")</textarea>"
        case .select(let choices, let blank):
            control = """
                <select \(attributes)>\(HTML.when(blank != nil, "<option value=\"\">\(blank ?? "")</option>"))\
                \(HTML.each(choices) { "<option value=\"\($0.value)\"\(HTML.when($0.selected, " selected"))>\($0.label)</option>" })</select>
                """
        }
        return """
            <div class="field\(HTML.when(narrow, " narrow"))\(HTML.when(error != nil || markedInError, " field-has-error"))">
            <label for="\(id)">\(label)\(HTML.when(labelNote != nil, " <span class=\"hint\">(\(labelNote ?? ""))</span>"))</label>
            \(HTML.when(hint != nil, "<p class=\"hint\" id=\"\(id)-hint\">\(hint ?? "")</p>\n"))\
            \(HTML.when(error != nil, "<p class=\"error-message\" id=\"\(id)-error\"><span class=\"visually-hidden\">\(p("error_prefix"))</span> \(error ?? "")</p>\n"))\
            \(control)
            </div>

            """
    }
}

/// A box to tick, with its label and hint.
struct Checkbox {
    let id: String
    var name: String? = nil
    let label: String
    var hint: String? = nil
    let checked: Bool
    var value = "1"
    /// Set when the box is the answer a form is missing; the message itself stands where the
    /// form puts it, with the id `<id>-error`.
    var error: String? = nil
    /// Laid out as one of a list of choices (`field radio`), where a form sets it among radio
    /// buttons and it should line up with them.
    var amongChoices = false

    func html(_ p: PageContext) -> HTML {
        let described = [hint.map { _ in "\(id)-hint" }, error.map { _ in "\(id)-error" }].compactMap { $0 }
        return """
            <div class="field \(amongChoices ? "radio" : "checkbox")"><input type="checkbox" id="\(id)" name="\(name ?? id)" value="\(value)"\
            \(HTML.when(!described.isEmpty, " aria-describedby=\"\(described.joined(separator: " "))\""))\
            \(HTML.when(error != nil, " aria-invalid=\"true\""))\(HTML.when(checked, " checked"))>\
            <label for="\(id)">\(label)</label>\(HTML.when(hint != nil, "<p class=\"hint\" id=\"\(id)-hint\">\(hint ?? "")</p>"))</div>

            """
    }
}

/// A set of radio buttons under a legend, with the set's hint and error; a choice's own hint is
/// linked to its button. Written as a `Fieldset`.
struct RadioGroup {
    let name: String
    let legend: String
    var hint: String? = nil
    var error: String? = nil
    let choices: [Choice]
    /// The set's look: `stack` by default, `field` for a boxed question, nil for a plain fieldset.
    var fieldsetClass: String? = "stack"
    /// The fieldset's id, where a summary of errors links to the set as a whole.
    var anchor: String? = nil
    /// What ids start with, where one page holds several sets of the same name.
    var idPrefix: String? = nil

    func html(_ p: PageContext) -> HTML {
        let prefix = idPrefix ?? name
        let radios = HTML.each(choices) { choice in
            let id = "\(prefix)-\(choice.value)"
            return """
                <div class="field radio"><input type="radio" id="\(id)" name="\(name)" value="\(choice.value)"\
                \(HTML.when(choice.selected, " checked"))\(HTML.when(choice.hint != nil, " aria-describedby=\"\(id)-hint\""))>\
                <label for="\(id)">\(choice.label)</label>\
                \(HTML.when(choice.hint != nil, "<p class=\"hint\" id=\"\(id)-hint\">\(choice.hint ?? "")</p>"))</div>

                """
        }
        let classes = [fieldsetClass, error.map { _ in "field-has-error" }].compactMap { $0 }.joined(separator: " ")
        return Fieldset(
            id: anchor, idBase: prefix, classes: classes.isEmpty ? nil : classes, legend: legend, hint: hint, error: error,
            content: radios
        ).html(p)
    }
}
