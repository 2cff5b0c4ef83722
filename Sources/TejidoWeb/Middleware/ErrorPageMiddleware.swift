import TejidoCore
import Vapor

/// The one place errors become responses: domain errors map to statuses and friendly pages in
/// the reader's language. No stack trace or error text ever reaches the page, and the log gets
/// the error's type only — error descriptions can carry input, and input can carry case content.
struct ErrorPageMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            if PeerPath.isPeerPath(request.url.path) { return Self.peerResponse(for: error) }
            return await response(for: error, request: request)
        }
    }

    /// Another instance learns nothing from a refusal: unknown address, unknown connection, bad
    /// signature, paused connection — all the same bare 404. Only a server fault differs.
    static func peerResponse(for error: any Error) -> Response {
        let status: HTTPStatus = describe(error).0 == .internalServerError ? .internalServerError : .notFound
        var headers = HTTPHeaders()
        headers.contentType = .plainText
        return Response(status: status, headers: headers, body: .init(string: status == .notFound ? "Not found\n" : "Error\n"))
    }

    static func describe(_ error: any Error) -> (HTTPStatus, String) {
        switch error {
        case let error as TejidoError:
            switch error {
            case .notFound: return (.notFound, "error_not_found")
            case .forbidden: return (.forbidden, "error_forbidden")
            case .conflict(let key): return (.conflict, key)
            case .throttled: return (.tooManyRequests, "error_login_throttled")
            case .invalid: return (.unprocessableEntity, "error_invalid")
            case .signInRequired: return (.unauthorized, "error_sign_in_required")
            case .inviteUnusable: return (.notFound, "error_invite_unusable")
            case .setupOnlyFromServer: return (.forbidden, "error_setup_remote")
            }
        case is FormExpired:
            return (.forbidden, "error_form_expired")
        case let abort as any AbortError:
            switch (abort.status, abort.reason) {
            case (.notFound, _): return (.notFound, "error_not_found")
            case (.payloadTooLarge, _): return (.payloadTooLarge, "error_too_large")
            case (let status, _) where status.code < 500: return (status, "error_bad_request")
            default: return (.internalServerError, "error_server")
            }
        default:
            return (.internalServerError, "error_server")
        }
    }

    private func response(for error: any Error, request: Request) async -> Response {
        if case TejidoError.signInRequired = error {
            let next =
                request.method == .GET
                ? "?next=" + (request.url.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "") : ""
            let notice = request.context.sessionEnded ? (next.isEmpty ? "?" : "&") + "notice=session_ended" : ""
            return request.redirect(to: SiteURL.login.path + next + notice, redirectType: .normal)
        }
        var (status, key) = Self.describe(error)
        // Inside a case, what decides is the person's place in the case, not in the collective.
        if key == "error_forbidden", request.url.path.contains("/cases/") { key = "error_forbidden_case" }
        if status == .internalServerError {
            request.logger.error("request failed", metadata: ["error-type": .string(String(reflecting: type(of: error)))])
        }
        if request.context.user == nil { request.context.language = LanguageChoice.resolve(for: request) }
        return request.page(ErrorPage.build(messageKey: key, request.pageContext), titleKey: "error_title", status: status)
    }
}
