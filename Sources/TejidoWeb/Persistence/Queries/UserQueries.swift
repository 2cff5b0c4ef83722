import Fluent
import Foundation
import TejidoCore

/// Account names for display, looked up once for many ids.
/// Accounts: names for display, and a person's own preferences.
struct UserQueries {
    let database: any Database

    func usernames(_ ids: some Collection<UUID>) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        let users = try await UserRecord.query(on: database).filter(\.$id ~~ Array(ids)).all()
        return Dictionary(users.compactMap { user in user.id.map { ($0, user.username) } }, uniquingKeysWith: { a, _ in a })
    }

    func find(_ id: UUID) async throws -> UserRecord? {
        try await UserRecord.find(id, on: database)
    }

    /// A person's own choices: neutral titles, and their language when one was chosen.
    func savePreferences(_ id: UUID, neutralTitles: Bool?, language: Language?) async throws {
        let query = UserRecord.query(on: database).filter(\.$id == id)
        if let neutralTitles { query.set(\.$neutralTitles, to: neutralTitles) }
        if let language { query.set(\.$language, to: language.rawValue) }
        try await query.update()
    }
}

/// Collectives by id, for pages that start from something else (a case kept after leaving).
struct CollectiveQueries {
    let database: any Database

    func find(_ id: UUID) async throws -> CollectiveRecord? {
        try await CollectiveRecord.find(id, on: database)
    }
}
