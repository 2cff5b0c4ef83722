import TejidoCore
import Vapor

/// Every protocol editing form has this shape: sections of bilingual fields, some with a
/// position, a "remove" box, or a grid of responses. One template renders them all.
struct EditorPage: Encodable {
    struct Section: Encodable {
        let heading: String
        let anchor: String
        let fields: [EditorField]
        var position: Control?
        var remove: Control?
        var responses: ResponsesGrid?
        var link: Link?
        var isNew = false
    }

    struct Control: Encodable {
        let name: String
        let label: String
        let value: String
        let checked: Bool

        enum CodingKeys: String, CodingKey { case name, label, value, checked }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(formName(name), forKey: .name)
            try container.encode(label, forKey: .label)
            try container.encode(value, forKey: .value)
            try container.encode(checked, forKey: .checked)
        }
    }

    struct Link: Encodable {
        let label: String
        let href: String
    }

    struct ResponsesGrid: Encodable {
        struct Row: Encodable {
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
    let note: String
    let sections: [Section]
    let languageChoices: [Control]
    let form: FormState
    let conflict: String?
    let backHref: String
    let multipart: Bool
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
