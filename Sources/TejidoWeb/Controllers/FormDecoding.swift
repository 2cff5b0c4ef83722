import TejidoCore
import Vapor

extension Request {
    /// Decodes a form leniently: a missing or malformed field becomes an empty value, which the
    /// domain then reports as a problem next to the field — never as a 500.
    func form<Form: Content & EmptyInitializable>(_ type: Form.Type) -> Form {
        (try? content.decode(Form.self)) ?? Form()
    }
}

protocol EmptyInitializable { init() }

extension Request {
    /// The posted form as plain name → value pairs; a malformed body is an empty form.
    func plainForm() -> [String: String] { (try? content.decode([String: String].self)) ?? [:] }
}

/// Ids picked in a posted form. A value that is not a UUID becomes a fresh one, which matches
/// nothing and so is reported like any id the person may not choose — never a 500.
enum FormIDs {
    /// The id in `field`, or nil when the field is empty ("none").
    static func optional(_ form: [String: String], _ field: String) -> UUID? {
        guard let raw = form[field], !raw.isEmpty else { return nil }
        return UUID(uuidString: raw) ?? UUID()
    }

    /// Ids of ticked checkboxes named `prefix` + id.
    static func ticked(_ form: [String: String], prefix: String) -> [UUID] {
        form.keys.filter { $0.hasPrefix(prefix) && form[$0] == "1" }
            .map { UUID(uuidString: String($0.dropFirst(prefix.count))) ?? UUID() }
    }
}
