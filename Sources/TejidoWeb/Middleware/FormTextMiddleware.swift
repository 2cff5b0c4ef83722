import TejidoCore
import Vapor

/// Refuses a posted form holding text that cannot be stored as typed (`FormText`): nothing is
/// saved, the answer is 422, and the page gives back what was typed — cleaned of what could not
/// be kept — in a form that sends it again to the same place once it is fixed.
struct FormTextMiddleware: AsyncMiddleware {
    /// Never written back into a page.
    static let secretFields: Set<String> = ["_csrf", "passphrase", "current", "new", "confirmation"]

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.method == .POST, request.url.path != SiteURL.exit.path, !PeerPath.isPeerPath(request.url.path),
            let body = request.body.data
        else {
            return try await next.respond(to: request)
        }
        let fields: [(name: String, bytes: [UInt8])]
        if request.headers.contentType == .urlEncodedForm {
            // Read byte by byte, so broken encoding is seen rather than decoded away.
            fields = FormText.fields(of: Array(body.readableBytesView))
        } else if let decoded = try? request.content.decode([String: String].self) {
            // The same fields sent as JSON or multipart are held to the same rules; an upload that
            // is not text fields at all is left to its importer.
            fields = decoded.sorted { $0.key < $1.key }.map { ($0.key, Array($0.value.utf8)) }
        } else {
            return try await next.respond(to: request)
        }
        let problems = fields.compactMap { field in
            FormText.problem(field: field.name, bytes: field.bytes).map { (field.name, $0) }
        }
        guard !problems.isEmpty else { return try await next.respond(to: request) }
        let flagged = Set(problems.map(\.0))
        let view = FormProblemPage(
            action: request.url.path + (request.url.query.map { "?" + $0 } ?? ""),
            problems: problems.map { name, problem in
                .init(
                    field: name,
                    message: request.t(
                        "error_form_text_\(problem.rawValue)",
                        ["field": name, "limit": FormText.limit(for: name).map(String.init) ?? ""]))
            },
            fields: fields.filter { !Self.secretFields.contains($0.name) }.map { field in
                let value = FormText.cleaned(field.bytes)
                return .init(
                    name: field.name, value: value,
                    shown: flagged.contains(field.name) || value.contains("\n") || value.count > 80,
                    isShort: FormText.shortFields.contains(field.name) && !value.contains("\n"))
            },
            hadSecret: fields.contains { Self.secretFields.contains($0.name) && $0.name != "_csrf" })
        return request.page(view, titleKey: "form_problem_title", status: .unprocessableEntity)
    }
}
