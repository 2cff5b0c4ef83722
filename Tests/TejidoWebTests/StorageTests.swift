import Fluent
import SQLKit
import Testing
import VaporTesting

@testable import TejidoWeb

@Suite("What the database holds")
struct StorageTests {
    static let tables = ["users", "collectives", "memberships", "invites", "sessions", "login_failures"]

    /// Every text value in every table: what someone with a copy of the database would read.
    static func dump(_ app: Application) async throws -> String {
        var text = ""
        for table in tables {
            for row in try await sql(app).raw("SELECT * FROM \(ident: table)").all() {
                for column in row.allColumns {
                    if let value = try? row.decode(column: column, as: String.self) { text += value + "\n" }
                }
            }
        }
        return text
    }

    @Test("a database copy holds no passphrase, no live session token and no invite link")
    func noSecretsAtRest() async throws {
        try await withTejido { app, _ in
            let (_, ana) = try await Fixtures.casaWithAdmin(app)
            let link = try await InviteTests.invite(ana, slug: "casa")
            let session = try #require(ana.cookies["sid"])
            let dump = try await Self.dump(app)
            #expect(dump.contains("Casa"), "the dump reads real rows")
            #expect(!dump.contains(Fixtures.passphrase))
            #expect(!dump.contains(session))
            #expect(!dump.contains(String(link.dropFirst("/join/".count))))
        }
    }

    @Test("every migration reverts cleanly and applies again")
    func migrationsRevert() async throws {
        try await withTejido { app, _ in
            _ = try await Fixtures.collective(app, "Casa", admin: "ana")
            try await app.autoRevert()
            #expect(try await app.pendingMigrations() == TejidoMigrations.all.count)
            try await app.autoMigrate()
            #expect(try await app.pendingMigrations() == 0)
            #expect(try await TestBrowser(app).get("/setup").status == .ok, "setup is open again on an empty database")
        }
    }

    @Test("two accounts cannot share a name that reads the same")
    func uniqueNames() async throws {
        try await withTejido { app, _ in
            let (casa, admin) = try await Fixtures.casaWithAdmin(app)
            let link = try await InviteTests.invite(admin, slug: casa.slug)
            let response = try await TestBrowser(app).post(
                link, ["username": "ANA", "passphrase": Fixtures.passphrase, "confirmation": Fixtures.passphrase])
            #expect(response.status == .unprocessableEntity)
            #expect(response.text.contains("That username is taken."))
            #expect(try await InviteRecord.query(on: app.db).filter(\.$usedAt == nil).count() == 1, "the invite is not spent")
        }
    }
}
