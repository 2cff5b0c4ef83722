import TejidoCore
import Vapor

/// One piece of protocol text in an editing form, with an input per language of the protocol
/// shown side by side. Input names are the text's path in the protocol (`harmTypes[0].name.es`),
/// so a validation problem lands next to the input it concerns. The help page's editor uses it too.
struct EditorField {
    struct Input {
        let name: String
        let lang: String
        let languageLabel: String
        let value: String
        let error: String?
        let describedBy: String?
    }

    let label: String
    let hint: String?
    let hintID: String
    let multiline: Bool
    let rows: Int
    let inputs: [Input]
}

extension EditorField {
    /// The text's inputs side by side, one column per language, under the text's label and hint.
    func html(_ p: PageContext) -> HTML {
        """
        <fieldset class="langs"><legend>\(label)</legend>
        \(HTML.when(hint != nil, "<p class=\"hint\" id=\"\(hintID)\">\(hint)</p>\n"))<div class="lang-columns">
        \(HTML.each(inputs) { input($0, p) })</div>
        </fieldset>

        """
    }

    private func input(_ input: Input, _ p: PageContext) -> HTML {
        let attributes: HTML = """
            id="\(input.name)" name="\(input.name)" lang="\(input.lang)"\
            \(HTML.when(input.describedBy != nil, " aria-describedby=\"\(input.describedBy)\""))\
            \(HTML.when(input.error != nil, " aria-invalid=\"true\""))
            """
        let control: HTML =
            multiline
            ? "<textarea \(attributes) rows=\"\(rows)\">\(input.value)</textarea>"
            : "<input type=\"text\" \(attributes) value=\"\(input.value)\">"
        return """
            <div class="field lang-column\(HTML.when(input.error != nil, " field-has-error"))">
            <label for="\(input.name)">\(input.languageLabel)</label>
            \(HTML.when(input.error != nil, """
                <p class="error-message" id="\(input.name)-error"><span class="visually-hidden">\(p("error_prefix"))</span> \
                \(input.error)</p>

                """))\
            \(control)
            </div>

            """
    }
}

/// Builds editing fields from a protocol, or — when a form is shown again after a problem — from
/// what the person typed, so nothing they wrote is lost.
struct EditorFields {
    let languages: [Language]
    let reader: Language
    /// What was posted, when showing a form again; empty on first display.
    let typed: [String: String]
    let errors: [String: String]

    var isRedisplay: Bool { !typed.isEmpty }

    func text(
        _ path: String, _ label: String, _ value: LocalizedText, multiline: Bool = false, hint: String? = nil
    ) -> EditorField {
        field(path, label, hint: hint, multiline: multiline, rows: 6) { value[$0] }
    }

    /// A list edited as one item per line.
    func lines(_ path: String, _ label: String, _ value: LocalizedList, hint: String? = nil) -> EditorField {
        field(path, label, hint: hint, multiline: true, rows: max(4, min(14, value.values.values.map(\.count).max() ?? 0) + 2)) {
            value[$0].joined(separator: "\n")
        }
    }

    /// The value of a plain (not per-language) form control, as typed or as stored.
    func value(_ name: String, stored: String) -> String { isRedisplay ? typed[name] ?? "" : stored }

    private func field(
        _ path: String, _ label: String, hint: String?, multiline: Bool, rows: Int, stored: (Language) -> String
    ) -> EditorField {
        let hintID = formName("\(path)-hint")
        let inputs = languages.map { language -> EditorField.Input in
            let name = "\(path).\(language.rawValue)"
            let error = errors[name]
            let described = [hint == nil ? nil : hintID, error == nil ? nil : formName("\(name)-error")].compactMap { $0 }
            return EditorField.Input(
                name: formName(name), lang: language.rawValue,
                languageLabel: ProtocolVocabulary.languageName(language, in: reader),
                value: isRedisplay ? typed[name] ?? "" : stored(language), error: error,
                describedBy: described.isEmpty ? nil : described.joined(separator: " "))
        }
        return EditorField(label: label, hint: hint, hintID: hintID, multiline: multiline, rows: rows, inputs: inputs)
    }
}

/// Reading protocol text back out of a posted form.
struct PostedProtocolForm {
    let fields: [String: String]
    let languages: [Language]

    func text(_ path: String) -> LocalizedText {
        LocalizedText(
            Dictionary(uniqueKeysWithValues: languages.map { ($0, normalized(fields["\(path).\($0.rawValue)"] ?? "")) }))
    }

    func lines(_ path: String) -> LocalizedList {
        LocalizedList(
            Dictionary(uniqueKeysWithValues: languages.map { ($0, LocalizedList.lines(fields["\(path).\($0.rawValue)"] ?? "")) }))
    }

    func isChecked(_ name: String) -> Bool { fields[name] != nil && fields[name] != "" }

    func position(_ name: String, default fallback: Int) -> Int {
        Int(fields[name]?.trimmingCharacters(in: .whitespaces) ?? "") ?? fallback
    }

    /// Browsers send line breaks as CRLF; stored text uses LF, and loses trailing blanks.
    private func normalized(_ text: String) -> String {
        text.plainLineBreaks.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// The name of a form control for a protocol path. Vapor's form decoder reads brackets as
/// nested arrays, so `harmTypes[2].name.en` travels as `harmTypes.2.name.en`; no other segment of
/// a path is all digits, so the way back is exact.
func formName(_ path: String) -> String {
    path.replacingOccurrences(of: "[", with: ".").replacingOccurrences(of: "]", with: "")
}

func protocolPath(_ name: String) -> String {
    name.split(separator: ".", omittingEmptySubsequences: false).reduce(into: "") { path, segment in
        if !segment.isEmpty, segment.allSatisfy(\.isNumber) {
            path += "[\(segment)]"
        } else {
            path += path.isEmpty ? String(segment) : ".\(segment)"
        }
    }
}

extension Request {
    /// A posted form as plain name → value pairs, names turned back into protocol paths.
    func formFields() -> [String: String] {
        let raw = (try? content.decode([String: String].self)) ?? [:]
        return Dictionary(raw.map { (protocolPath($0.key), $0.value) }, uniquingKeysWith: { first, _ in first })
    }
}
