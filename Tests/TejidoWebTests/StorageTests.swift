import Fluent
import SQLKit
import TejidoCore
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
            #expect(try await app.pendingMigrations() == TejidoMigrations.all(keys: app.tejido.keys).count)
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

    @Test("a database from the release that logged case access in clear gets its lines sealed, once")
    func repairsEarlierAccessLog() async throws {
        try await withTejido { app, _ in
            // One connection for the changes of shape: another connection may still hold the table
            // as it was, and SQLite reads its own copy when it prepares an ALTER.
            let db = app.db
            let sqlDB = db as! any SQLDatabase
            let p = try await CaseTests.people(app)
            let caseID = try #require(UUID(uuidString: String(p.caseURL.split(separator: "/").last!)))
            let sofi = try #require(try await UserRecord.query(on: app.db).filter(\.$username == "sofi").first()?.requireID())
            // That release wrapped every case's key with the instance key alone.
            let file = try #require(try await Fixtures.store(app, as: "sofi").load(caseID, in: p.casa.id))
            let (wrapped, keyID) = try app.tejido.keys.current.wrap(file.vault.dataKey, label: CaseVault.wrapLabel(caseID))
            try await sqlDB.update("cases").set("wrapped_key", to: SQLBind(wrapped)).set("key_id", to: SQLBind(keyID))
                .where("id", .equal, SQLBind(caseID)).run()
            // The access log as that release made it: who and what in clear columns.
            try await db.schema("case_access_log").delete()
            try await db.schema("case_access_log").id()
                .field("case_id", .uuid, .required, .references("cases", "id", onDelete: .cascade))
                .field("user_id", .uuid).field("action", .string, .required).field("at", .datetime, .required).create()
            try await sqlDB.insert(into: "case_access_log").columns("id", "case_id", "user_id", "action", "at")
                .values(SQLBind(UUID()), SQLBind(caseID), SQLBind(sofi), SQLBind("classified"), SQLBind(Date())).run()

            let repair = M0019_RepairEarlierInstalls(keys: app.tejido.keys)
            try await repair.prepare(on: db)
            #expect(try await !M0019_RepairEarlierInstalls.hasColumn(sqlDB, "case_access_log", "action"))
            let rows = try await sqlDB.raw("SELECT * FROM case_access_log").all()
            #expect(rows.count == 1)
            // Then M0021 adds its columns, as it would after M0019 on such a database.
            for (column, type) in [
                ("refused_by", DatabaseSchema.DataType.string), ("refusal", .string), ("repeats", .int), ("since", .datetime),
            ] {
                try await db.schema("case_access_log").field(
                    .definition(name: .key(.string(column)), dataType: type, constraints: [])
                ).update()
            }
            for row in rows {
                for column in row.allColumns {
                    #expect((try? row.decode(column: column, as: String.self))?.contains("classified") != true)
                }
            }
            let log = try await p.sofi.get(p.caseURL + "/log").text
            #expect(log.contains("Classified the harm") && log.contains("<td>sofi</td>"))
            // A database already in shape is left as it is.
            try await repair.prepare(on: db)
            #expect(try await CaseAccessRecord.query(on: app.db).count() == 2, "the old line and this view's")
        }
    }
}
