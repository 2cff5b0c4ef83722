import TejidoCore
import Vapor

/// Importing and exporting a collective's directory as CSV or JSON.
struct DirectoryImportController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.directoryImportPattern, use: showImport)
        routes.post(SiteURL.directoryImportPattern, use: runImport)
        routes.get(SiteURL.directoryExportPattern, use: export)
    }

    struct ImportForm: Content, EmptyInitializable {
        var file: File?
        var text: String?
    }

    func showImport(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .editDirectory)
        let page = DirectoryImportPage.build(collective: collective, action: req.url.path, req.pageContext)
        return req.page(page, titleKey: "directory_import_title")
    }

    /// Good rows are saved and bad rows reported one by one; a file that cannot be read exactly
    /// saves nothing at all.
    func runImport(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .editDirectory)
        let form = req.form(ImportForm.self)
        let uploaded = form.file.flatMap { $0.data.readableBytes > 0 ? Data(buffer: $0.data) : nil }
        let data = uploaded ?? Data((form.text ?? "").utf8)
        switch DirectoryImport.read(data, now: req.now, byteLimit: DirectoryImport.webLimit) {
        case .failure(let problem):
            let page = DirectoryImportPage.refused(
                collective: collective, action: req.url.path, text: uploaded == nil ? form.text ?? "" : "",
                problemKey: problem.messageKey, values: problem.values, req.pageContext)
            return req.page(page, titleKey: "directory_import_title", status: .unprocessableEntity)
        case .success(let report):
            let skipped = try await DirectoryService(database: req.db, now: req.now).save(
                report.accepted, in: collective.requireID())
            let page = DirectoryImportPage.build(
                collective: collective, action: req.url.path, report: report, skipped: skipped, req.pageContext)
            return req.page(
                page, titleKey: "directory_import_title", status: report.rejected.isEmpty ? .ok : .unprocessableEntity)
        }
    }

    func export(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .viewDirectory)
        let format = req.parameters.get(.format)
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
