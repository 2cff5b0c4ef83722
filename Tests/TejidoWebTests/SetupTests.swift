import Fluent
import Foundation
import TejidoCore
import Testing
import VaporTesting

@testable import TejidoWeb

@Suite("First-run setup")
struct SetupTests {
    let form = [
        "collective": "Casa Ñandú", "username": "rosa", "passphrase": Fixtures.passphrase,
        "confirmation": Fixtures.passphrase,
    ]

    @Test("setup creates the collective and its admin, signs them in, then answers 404")
    func setupOnce() async throws {
        try await withTejido { app, _ in
            let browser = TestBrowser(app)
            #expect(try await browser.get("/setup").status == .ok)
            let created = try await browser.post("/setup", form)
            #expect(created.status == .seeOther)
            let home = try #require(created.location)
            let slug = String(home.dropFirst("/c/".count))
            #expect(home.hasPrefix("/c/") && CollectiveName.isPlausibleSlug(slug))
            #expect(!slug.contains("casa") && !slug.contains("nandu"), "an address never spells out the collective")
            #expect(try await browser.get(home).text.contains("Casa Ñandú"))
            #expect(try await CollectiveRecord.query(on: app.db).count() == 1)
            let membership = try #require(try await MembershipRecord.query(on: app.db).first())
            #expect(membership.role == .admin)

            #expect(try await browser.get("/setup").status == .notFound)
            let again = try await TestBrowser(app).post("/setup", form.merging(["collective": "Other"]) { $1 })
            #expect(again.status == .notFound)
            #expect(try await CollectiveRecord.query(on: app.db).count() == 1)
        }
    }

    @Test("a form with problems comes back with every problem, what was typed, and nothing saved")
    func setupValidation() async throws {
        try await withTejido { app, _ in
            let browser = TestBrowser(app)
            let response = try await browser.post(
                "/setup",
                [
                    "collective": "Sindicato Norte", "username": "r", "passphrase": "password123", "confirmation": "different",
                ])
            #expect(response.status == .unprocessableEntity)
            let page = response.text
            #expect(page.contains("value=\"Sindicato Norte\""))
            #expect(page.contains("value=\"r\""))
            #expect(page.contains("Choose a username of 3 to 32 characters."))
            #expect(page.contains("That passphrase is too easy to guess."))
            #expect(page.contains("The two passphrases are not the same."))
            #expect(!page.contains("password123"), "a passphrase is never echoed back")
            #expect(try await UserRecord.query(on: app.db).count() == 0)
            #expect(try await CollectiveRecord.query(on: app.db).count() == 0)
        }
    }

    @Test("setup answers only to loopback unless configured otherwise")
    func loopbackOnly() async throws {
        try await withTejido({
            $0.setupFromAnyAddress = false; $0.behindTLSProxy = true
        }) { app, _ in
            let remote = try await TestBrowser(app, headers: ["X-Forwarded-For": "203.0.113.9"]).get("/setup")
            #expect(remote.status == .forbidden)
            #expect(remote.text.contains("tejido setup"))
            let posted = try await TestBrowser(app, headers: ["X-Forwarded-For": "203.0.113.9"]).post("/setup", form)
            #expect(posted.status == .forbidden)
            #expect(try await UserRecord.query(on: app.db).count() == 0)
            let local = try await TestBrowser(app, headers: ["X-Forwarded-For": "127.0.0.1"]).get("/setup")
            #expect(local.status == .ok)
        }
    }

    @Test("a request relayed by an undeclared proxy is not local, though its socket is")
    func proxiedIsNotLocal() async throws {
        try await withTejido({ $0.setupFromAnyAddress = false }) { app, _ in
            #expect(try await TestBrowser(app, overNetwork: true).get("/setup").status == .ok)
            for header in ["X-Forwarded-For", "Forwarded", "X-Real-IP"] {
                let relayed = try await TestBrowser(app, headers: [header: "203.0.113.9"], overNetwork: true).get("/setup")
                #expect(relayed.status == .forbidden, "\(header)")
            }
        }
    }

    @Test("the same setup from the command-line entry point")
    func commandLineSetup() async throws {
        try await withTejido { app, _ in
            let slug = try await app.runSetup(collective: "Festival Crew", admin: "luz", passphrase: Fixtures.passphrase)
            #expect(try await CollectiveRecord.query(on: app.db).filter(\.$slug == slug).first()?.name == "Festival Crew")
            try await TestBrowser(app).signIn("luz")
            await #expect(throws: (any Error).self) {
                try await app.runSetup(collective: "Second", admin: "mo", passphrase: Fixtures.passphrase)
            }
        }
    }

    @Test("an operator adds more collectives, with an existing or a new admin")
    func moreCollectives() async throws {
        try await withTejido { app, _ in
            let casa = try await Fixtures.collective(app, "Casa", admin: "ana")
            let second = try await app.createCollective(name: "Casa", admin: "ana", passphrase: nil)
            let huerta = try await app.createCollective(name: "Huerta", admin: "hugo", passphrase: Fixtures.passphrase)
            await #expect(throws: CommandProblem.self) {
                try await app.createCollective(name: "X", admin: "nadie", passphrase: nil)
            }
            let ana = TestBrowser(app)
            try await ana.signIn("ana")
            let list = try await ana.get("/collectives").text
            #expect(list.contains("/c/\(casa.slug)") && list.contains("/c/\(second)") && !list.contains("/c/\(huerta)"))
            try await TestBrowser(app).signIn("hugo")
        }
    }

    @Test("production refuses to start without its key file, or with one others can read")
    func productionKeyChecks() async throws {
        let folder = NSTemporaryDirectory() + "tejido-prod-\(UUID().uuidString)"
        let config = Configuration(mode: .production, dataDirectory: folder, database: .sqliteInMemory)
        try await withApp { app in
            await #expect(throws: InstanceKeyError.missing(path: config.keyFilePath)) {
                try await configure(app, configuration: config)
            }
        }
        try InstanceKeyFile.create(path: config.keyFilePath)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: config.keyFilePath)
        try await withApp { app in
            await #expect(throws: InstanceKeyError.readableByOthers(path: config.keyFilePath, mode: 0o640)) {
                try await configure(app, configuration: config)
            }
        }
    }

    @Test("a data folder copied without its key file refuses to start, saying which key, and makes no new key")
    func missingKeyRefused() async throws {
        let folder = NSTemporaryDirectory() + "tejido-copy-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let config = Configuration(mode: .development, dataDirectory: folder, passphraseHashCost: 4)
        var keyID = ""
        try await withApp { app in
            app.directory = DirectoryConfiguration(workingDirectory: packageRoot)
            try await configure(app, configuration: config)
            try await app.autoMigrate()
            _ = try await app.makeDemo()
            keyID = try #require(try await CaseKeyRecord.query(on: app.db).first()?.keyID)
        }
        #expect(FileManager.default.fileExists(atPath: config.keyFilePath))
        try FileManager.default.removeItem(atPath: config.keyFilePath)
        try await withApp { app in
            app.directory = DirectoryConfiguration(workingDirectory: packageRoot)
            do {
                try await configure(app, configuration: config)
                Issue.record("started without the key its cases need")
            } catch let error as ConfigurationError {
                #expect(error.description.contains(keyID) && error.description.contains("instance.key"))
            }
        }
        #expect(!FileManager.default.fileExists(atPath: config.keyFilePath), "no new key was left behind")
        // Another key in its place is refused too, and left as it was.
        try InstanceKeyFile.create(path: config.keyFilePath)
        try await withApp { app in
            app.directory = DirectoryConfiguration(workingDirectory: packageRoot)
            await #expect(throws: ConfigurationError.self) { try await configure(app, configuration: config) }
        }
        #expect(FileManager.default.fileExists(atPath: config.keyFilePath))
    }
}
