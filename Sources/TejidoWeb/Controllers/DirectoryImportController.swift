import TejidoCore
import Vapor

/// Importing and exporting a collective's directory as CSV or JSON.
struct DirectoryImportController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.directoryImportPattern, use: showImport)
        routes.post(SiteURL.directoryImportPattern, use: runImport)
        routes.get(SiteURL.directoryExportPattern, use: export)
    }

    struct ImportView: Encodable {
        struct Rejected: Encodable {
            let row: Int
            let name: String
            let reasons: [String]
        }
        let action: String
        let form: FormState
        /// Whether the file was read (then `imported` and `skipped` say what happened).
        let finished: Bool
        let imported: Int
        let skipped: Int
        let rejected: [Rejected]
        let fileProblem: String?
        let backHref: String
    }

    struct ImportForm: Content, EmptyInitializable {
        var file: File?
        var text: String?
    }

    func showImport(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .editDirectory)
        return try await render(
            req,
            ImportView(
                action: req.url.path, form: .empty, finished: false, imported: 0, skipped: 0, rejected: [], fileProblem: nil,
                backHref: SiteURL.directory(slug: collective.slug).path))
    }

    private func render(
        _ req: Request, _ view: ImportView, status: HTTPStatus = .ok
    ) async throws -> Response {
        try await req.page("pages/directory-import", titleKey: "directory_import_title", view, status: status)
    }

    /// Good rows are saved and bad rows reported one by one; a file that cannot be read exactly
    /// saves nothing at all.
    func runImport(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .editDirectory)
        let form = req.form(ImportForm.self)
        let uploaded = form.file.flatMap { $0.data.readableBytes > 0 ? Data(buffer: $0.data) : nil }
        let data = uploaded ?? Data((form.text ?? "").utf8)
        let back = SiteURL.directory(slug: collective.slug).path
        switch DirectoryImport.read(data, now: req.now, byteLimit: DirectoryImport.webLimit) {
        case .failure(let problem):
            return try await render(
                req,
                ImportView(
                    action: req.url.path, form: FormState(values: ["text": uploaded == nil ? form.text ?? "" : ""]),
                    finished: false, imported: 0, skipped: 0,
                    rejected: [], fileProblem: req.t(problem.messageKey, problem.values), backHref: back),
                status: .unprocessableEntity)
        case .success(let report):
            let skipped = try await DirectoryService(database: req.db, now: req.now).save(
                report.accepted, in: collective.requireID())
            let rejected = report.rejected.map { row in
                ImportView.Rejected(
                    row: row.row, name: row.name,
                    reasons: row.problems.map { "\(req.t("directory_column")) \($0.field): \(req.t($0.messageKey))" })
            }
            return try await render(
                req,
                ImportView(
                    action: req.url.path, form: .empty, finished: true, imported: report.accepted.count - skipped,
                    skipped: skipped, rejected: rejected,
                    fileProblem: nil,
                    backHref: back),
                status: rejected.isEmpty ? .ok : .unprocessableEntity)
        }
    }

    func export(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .viewDirectory)
        let format = req.parameters.get(SiteURL.formatParameter)
        guard format == "csv" || format == "json" else { throw TejidoError.notFound }
        let entries = try await DirectoryQueries(database: req.db).all(in: collective.requireID()).map(\.entry)
        let response = Response(status: .ok)
        if format == "csv" {
            response.body = .init(string: DirectoryFile.csv(entries))
            response.headers.replaceOrAdd(name: .contentType, value: "text/csv; charset=utf-8")
            response.headers.contentDisposition = .init(.attachment, filename: "directory.csv")
        } else {
            response.body = .init(data: try DirectoryFile.json(entries))
            response.headers.contentType = .json
            response.headers.contentDisposition = .init(.attachment, filename: "directory.json")
        }
        return response
    }
}
