import Fluent
import Foundation
import TejidoCore
import VaporTesting

@testable import TejidoWeb

extension Fixtures {
    /// Adopts the collective's first protocol version through the admin's real forms.
    static func adoptProtocol(_ admin: TestBrowser, slug: String) async throws {
        _ = try await admin.post("/c/\(slug)/protocol/propose", ["version": "1"])
        _ = try await admin.post("/c/\(slug)/protocol/decision", ["outcome": "adopted", "agree": "5"])
    }

    /// Opens a case through the disclosure form and returns its address.
    static func disclose(
        _ browser: TestBrowser, slug: String, _ fields: [String: String] = [:]
    ) async throws -> String {
        var form = ["for": "self", "narrative": "What happened", "finish": "1", "limit_no_police": "1"]
        form.merge(fields) { _, new in new }
        let response = try await browser.post("/c/\(slug)/cases/new", form)
        guard response.status == .seeOther, let location = response.location else {
            throw SignInFailed(status: response.status.code)
        }
        return location
    }
}
