import TejidoCore
import Vapor

extension Request {
    /// Decodes a form leniently: a missing or malformed field becomes an empty value, which the
    /// domain then reports as a problem next to the field — never as a 500.
    func form<Form: Content & EmptyInitializable>(_ type: Form.Type) -> Form {
        (try? content.decode(Form.self)) ?? Form()
    }

    /// A route parameter that must be a UUID; anything else is simply "not found".
    func uuidParameter(_ name: String) throws -> UUID {
        guard let raw = parameters.get(name), let id = UUID(uuidString: raw) else { throw TejidoError.notFound }
        return id
    }
}

protocol EmptyInitializable { init() }

extension Request {
    /// The posted form as plain name → value pairs; a malformed body is an empty form.
    func plainForm() -> [String: String] { (try? content.decode([String: String].self)) ?? [:] }
}
