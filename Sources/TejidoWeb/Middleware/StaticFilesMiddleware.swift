import Vapor

/// Serves Public/static/ and nothing else. Vapor's FileMiddleware would otherwise look on disk
/// for every address (and fail with a server error on a path too long for the file system).
struct StaticFilesMiddleware: AsyncMiddleware {
    let files: FileMiddleware

    init(publicDirectory: String) {
        files = FileMiddleware(publicDirectory: publicDirectory)
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let path = request.url.path
        guard path.hasPrefix("/static/"), path.utf8.count < 200 else { return try await next.respond(to: request) }
        return try await files.respond(to: request, chainingTo: next).get()
    }
}
