import Foundation
import NIOHTTP1
import VaporTesting

/// A browser stand-in: keeps cookies between requests and fills in the form token like a real
/// form would, so tests walk through the app the way a person does.
final class TestBrowser: @unchecked Sendable {
    let app: Application
    var cookies: [String: String] = [:]
    var headers: HTTPHeaders

    /// `overNetwork`: send real requests to a server on 127.0.0.1 instead of calling the app in
    /// memory, for what depends on the socket's address.
    let overNetwork: Bool

    init(_ app: Application, headers: HTTPHeaders = [:], overNetwork: Bool = false) {
        self.app = app
        self.headers = headers
        self.overNetwork = overNetwork
    }

    /// The form-token cookie, under either of its names (plain, or `__Host-` over TLS).
    var csrfToken: String? { cookies["ft"] ?? cookies["__Host-ft"] }
    var sessionCookie: String? { cookies["sid"] ?? cookies["__Host-sid"] }

    @discardableResult
    func get(_ path: String, headers extra: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
        try await send(.GET, path, headers: extra, body: nil)
    }

    /// Posts a form. The token is taken from this browser's cookie unless `csrf` says otherwise;
    /// a browser with no token yet first loads a page, as a person would.
    @discardableResult
    func post(
        _ path: String, _ form: [String: String] = [:], csrf: String? = nil, includeToken: Bool = true,
        headers extra: HTTPHeaders = [:]
    ) async throws -> TestingHTTPResponse {
        if includeToken, csrf == nil, csrfToken == nil { try await get("/about") }
        var fields = form
        if includeToken { fields["_csrf"] = csrf ?? csrfToken ?? "" }
        let body = fields.map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }.joined(separator: "&")
        var headers = extra
        headers.replaceOrAdd(name: .contentType, value: "application/x-www-form-urlencoded")
        return try await send(.POST, path, headers: headers, body: ByteBuffer(string: body))
    }

    func send(
        _ method: HTTPMethod, _ path: String, headers extra: HTTPHeaders, body: ByteBuffer?
    ) async throws -> TestingHTTPResponse {
        var headers = self.headers
        for (name, value) in extra { headers.replaceOrAdd(name: name, value: value) }
        if !cookies.isEmpty {
            headers.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        var captured: TestingHTTPResponse?
        // Below Linux's ephemeral range (32768 and up), where outgoing connections could hold the
        // port a random pick lands on.
        let tester = overNetwork ? try app.testing(method: .running(port: Int.random(in: 20_000...32_000))) : try app.testing()
        try await tester.test(method, path, headers: headers, body: body) { response in captured = response }
        guard let response = captured else { throw TestBrowserError.noResponse }
        for line in response.headers[.setCookie] { absorb(line) }
        return response
    }

    private func absorb(_ line: String) {
        let parts = line.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let pair = parts.first, let equals = pair.firstIndex(of: "=") else { return }
        let name = String(pair[..<equals])
        let value = String(pair[pair.index(after: equals)...])
        let expired = parts.contains { $0.lowercased() == "max-age=0" } || value.isEmpty
        cookies[name] = expired ? nil : value
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }
}

enum TestBrowserError: Error { case noResponse }

extension TestingHTTPResponse {
    var text: String { body.string }
    var location: String? { headers.first(name: .location) }
}
