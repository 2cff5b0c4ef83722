import Fluent
import Foundation
import TejidoCore
import Testing
import VaporTesting

@testable import TejidoWeb

/// Ready-made collectives and people, created through the same services the app uses.
enum Fixtures {
    static let passphrase = "violet tide over the harbour"

    struct Collective {
        let id: UUID
        let slug: String
        let adminID: UUID
        let adminName: String
    }

    @discardableResult
    static func user(_ app: Application, _ name: String) async throws -> UUID {
        let accounts = AccountService(database: app.db, services: app.tejido, application: app)
        let username = try await accounts.validateNewAccount(username: name, passphrase: passphrase, confirmation: passphrase)
        return try await accounts.create(username, passphrase: passphrase, language: nil, on: app.db).user.requireID()
    }

    static func collective(_ app: Application, _ name: String, admin: String) async throws -> Collective {
        let adminID = try await user(app, admin)
        let record = try await CollectiveService(database: app.db, now: app.tejido.clock.now())
            .create(name: name, adminUserID: adminID, on: app.db)
        // Real addresses are random; tests use readable ones ("/c/casa") so failures are easy to read.
        record.slug = name.lowercased()
        try await record.save(on: app.db)
        return Collective(id: try record.requireID(), slug: record.slug, adminID: adminID, adminName: admin)
    }

    @discardableResult
    static func member(
        _ app: Application, _ collective: Collective, _ name: String, role: CollectiveRole = .member
    ) async throws -> UUID {
        let userID = try await user(app, name)
        try await join(app, collective, userID: userID, role: role)
        return userID
    }

    static func join(_ app: Application, _ collective: Collective, userID: UUID, role: CollectiveRole) async throws {
        try await MembershipRecord(userID: userID, collectiveID: collective.id, role: role, joinedAt: app.tejido.clock.now())
            .save(on: app.db)
    }

    static func membershipID(_ app: Application, _ collective: Collective, userID: UUID) async throws -> UUID {
        try await MembershipRecord.query(on: app.db).filter(\.$collective.$id == collective.id).filter(\.$user.$id == userID)
            .first()!.requireID()
    }
}

extension Fixtures {
    /// The most common opening: collective "Casa" with admin "ana", and a browser signed in as her.
    static func casaWithAdmin(_ app: Application) async throws -> (Collective, TestBrowser) {
        let casa = try await collective(app, "Casa", admin: "ana")
        let browser = TestBrowser(app)
        try await browser.signIn("ana")
        return (casa, browser)
    }
}

extension TestBrowser {
    /// Signs in through the real form and checks it worked.
    @discardableResult
    func signIn(_ username: String, passphrase: String = Fixtures.passphrase) async throws -> TestingHTTPResponse {
        let response = try await post("/login", ["username": username, "passphrase": passphrase])
        guard response.status == .seeOther, sessionCookie != nil else {
            throw SignInFailed(status: response.status.code)
        }
        return response
    }
}

struct SignInFailed: Error { let status: UInt }

extension Fixtures {
    /// The cases `name` can open, as their session would: with their own key.
    static func store(_ app: Application, as name: String) async throws -> CaseStore {
        CaseStore(database: app.db, keys: app.tejido.keys, opener: try await opener(app, name))
    }

    static func opener(_ app: Application, _ name: String) async throws -> CaseOpener {
        let user = try #require(try await UserRecord.query(on: app.db).filter(\.$usernameNormalized == name).first())
        let key = try await AccountKeys(database: app.db, services: app.tejido, application: app)
            .unlock(try user.requireID(), passphrase: passphrase)
        return .person(userID: try user.requireID(), key: key)
    }
}
