import FluentSQLiteDriver
import Foundation
import SQLKit
import TejidoCore
import Testing
import VaporTesting

@testable import TejidoWeb

@Suite("Backup and restore")
struct BackupTests {
    /// Every case page (and the pages linked from it, its access log among them) each demo account
    /// can open, keyed by account and address, with the form token (the one value that differs per
    /// browser) taken out. Each view adds a line to the case's access log, so two databases compare
    /// equal only when read in the same order from the same state, each view a second after the
    /// last (lines of the same moment would list in no fixed order).
    static func casePages(
        _ app: Application, _ clock: TestClock, _ demo: Application.DemoAccounts
    ) async throws -> [String: String] {
        var pages: [String: String] = [:]
        for username in demo.usernames {
            let browser = TestBrowser(app)
            try await browser.signIn(username, passphrase: demo.passphrase)
            let list = try await browser.get("/c/\(demo.slug)/cases").text
            let cases = Set(list.matches(of: /\/c\/[a-z0-9]+\/cases\/[0-9A-F-]{36}/).map { String($0.0) }).sorted()
            for link in cases {
                // Every view a second after the one before: lines of one instant have no order.
                clock.advance(minutes: 1 / 60)
                let page = try await browser.get(link).text
                let inner = Set(page.matches(of: /href="([^"#?]+)"/).map { String($0.1) }.filter { $0.hasPrefix(link + "/") })
                for address in [link] + inner.sorted() {
                    clock.advance(minutes: 1 / 60)
                    let response = try await browser.get(address)
                    pages["\(username) \(address)"] = "\(response.status.code)\n" + strip(response.text)
                }
            }
        }
        return pages
    }

    static func strip(_ page: String) -> String {
        page.replacing(/name="_csrf" value="[^"]*"/, with: "name=\"_csrf\"").replacing(/data-csrf="[^"]*"/, with: "data-csrf")
    }

    @Test("a backup restored under the same key shows every demo account the same case pages; under another it is refused")
    func roundTrip() async throws {
        let original = try DataFolder()
        let restored = try DataFolder(sharing: original)
        let stranger = try DataFolder()
        defer { for folder in [original, restored, stranger] { folder.remove() } }
        let backup = original.path + "-backup.sqlite"
        defer { try? FileManager.default.removeItem(atPath: backup) }
        var demo: Application.DemoAccounts?
        var before: [String: String] = [:]
        try await withTejido(original.use) { app, clock in
            demo = try await app.makeDemo()
            // Someone is signed in while the backup is made.
            _ = try await TestBrowser(app).signIn("demo-sofi", passphrase: try #require(demo).passphrase)
            #expect(try await UserSessionRecord.query(on: app.db).count() == 1)
            let report = try await app.backUp(to: backup, sealedTo: nil)
            #expect(report.instanceKeys == [original.keyID])
            before = try await Self.casePages(app, clock, try #require(demo))
        }
        #expect(before.count > 20, "the demo's accounts read many case pages")
        #expect(try FileManager.default.attributesOfItem(atPath: backup)[.posixPermissions] as? Int == 0o600)

        let report = try await DatabaseRestore.restore(backup, into: restored.config, keyFile: nil, replace: false)
        #expect(report.instanceKeys == [original.keyID])
        try await withTejido(restored.use) { app, clock in
            // No session comes back with a backup: signing out must not be undone by a restore.
            #expect(try await UserSessionRecord.query(on: app.db).count() == 0)
            let after = try await Self.casePages(app, clock, try #require(demo))
            #expect(after.keys.sorted() == before.keys.sorted())
            for (address, page) in before where after[address] != page {
                let was = page.split(separator: "\n"), now = (after[address] ?? "").split(separator: "\n")
                let changed = zip(was, now).first { $0 != $1 }.map { "\($0.0) → \($0.1)" } ?? "\(was.count) → \(now.count) lines"
                Issue.record("\(address) differs after restore: \(changed)")
            }
        }

        // Another instance key: refused, naming the key the backup needs, and nothing left behind.
        do {
            _ = try await DatabaseRestore.restore(backup, into: stranger.config, keyFile: nil, replace: false)
            Issue.record("restored under a key that cannot open its cases")
        } catch BackupProblem.instanceKeys(let mismatch) {
            #expect(mismatch.missing == [original.keyID])
            #expect(mismatch.description.contains("instance key \(original.keyID)"))
            #expect(mismatch.description.contains(stranger.keyFile))
        }
        #expect(stranger.files == ["instance.key"])
    }

    @Test("a sealed backup is unreadable as it lies and opens only with the private key of its pair")
    func sealedBackup() async throws {
        let original = try DataFolder()
        let restored = try DataFolder(sharing: original)
        let keys = try DataFolder(key: false)
        defer { for folder in [original, restored, keys] { folder.remove() } }
        let (rightID, wrongID) = (
            try BackupKeys.create(publicPath: keys.path + "/a.pub", privatePath: keys.path + "/a.key"),
            try BackupKeys.create(publicPath: keys.path + "/b.pub", privatePath: keys.path + "/b.key")
        )
        let backup = keys.path + "/sealed.backup"
        try await withTejido(original.use) { app, _ in
            _ = try await Fixtures.collective(app, "Casa ZQSEALED", admin: "ana")
            let report = try await app.backUp(to: backup, sealedTo: try BackupKeys.readPublic(path: keys.path + "/a.pub"))
            #expect(report.sealedTo == rightID)
        }
        let bytes = try #require(FileManager.default.contents(atPath: backup))
        #expect(bytes.count > 10_000)
        #expect(bytes.firstRange(of: Data("SQLite format 3".utf8)) == nil)
        #expect(bytes.firstRange(of: Data("ZQSEALED".utf8)) == nil)
        #expect(original.files.allSatisfy { !$0.hasSuffix(".tmp") }, "no copy in clear is left in the data folder")

        await #expect(throws: BackupProblem.needsBackupKey(sealedTo: rightID)) {
            try await DatabaseRestore.restore(backup, into: restored.config, keyFile: nil, replace: false)
        }
        await #expect(throws: BackupProblem.wrongBackupKey(sealedTo: rightID, given: wrongID)) {
            try await DatabaseRestore.restore(backup, into: restored.config, keyFile: keys.path + "/b.key", replace: false)
        }
        #expect(restored.files == ["instance.key"])
        let report = try await DatabaseRestore.restore(
            backup, into: restored.config, keyFile: keys.path + "/a.key", replace: false)
        #expect(report.sealedTo == rightID)
        try await withTejido(restored.use) { app, _ in
            let names = try await CollectiveRecord.query(on: app.db).all().map(\.name)
            #expect(names == ["Casa ZQSEALED"])
        }
    }

    @Test("restore leaves an existing database untouched without --replace, and one a server has open even with it")
    func neverOverAnExistingDatabase() async throws {
        let original = try DataFolder()
        let present = try DataFolder(sharing: original)
        defer { for folder in [original, present] { folder.remove() } }
        let backup = original.path + "-backup.sqlite"
        defer { try? FileManager.default.removeItem(atPath: backup) }
        try await withTejido(original.use) { app, _ in
            _ = try await Fixtures.collective(app, "Casa", admin: "ana")
            _ = try await app.backUp(to: backup, sealedTo: nil)
        }
        try await withTejido(present.use) { app, _ in
            _ = try await Fixtures.collective(app, "Huerta", admin: "hugo")
            // The server has it open: refused even with --replace.
            await #expect(throws: BackupProblem.databaseInUse(path: present.database)) {
                try await DatabaseRestore.restore(backup, into: present.config, keyFile: nil, replace: true)
            }
        }
        let untouched = try #require(FileManager.default.contents(atPath: present.database))
        await #expect(throws: BackupProblem.databaseExists(path: present.database)) {
            try await DatabaseRestore.restore(backup, into: present.config, keyFile: nil, replace: false)
        }
        #expect(FileManager.default.contents(atPath: present.database) == untouched)
        #expect(present.files == ["instance.key", "tejido.sqlite"])

        // With --replace on a stopped server: the backup's data, and no stale log beside it.
        _ = FileManager.default.createFile(atPath: present.database + "-wal", contents: Data(repeating: 7, count: 4096))
        _ = try await DatabaseRestore.restore(backup, into: present.config, keyFile: nil, replace: true)
        #expect(present.files == ["instance.key", "tejido.sqlite"])
        try await withTejido(present.use) { app, _ in
            let names = try await CollectiveRecord.query(on: app.db).all().map(\.name)
            #expect(names == ["Casa"], "the backup's collective, and only it")
        }
    }

    @Test("a backup cut short is refused as damaged, and a data folder made for it is removed again")
    func cutShort() async throws {
        let original = try DataFolder()
        defer { original.remove() }
        let backup = original.path + "-backup.sqlite"
        let half = original.path + "-half.sqlite"
        let target = Configuration(mode: .testing, dataDirectory: original.path + "-new", keyFilePath: original.keyFile)
        defer { for path in [backup, half, target.dataDirectory] { try? FileManager.default.removeItem(atPath: path) } }
        try await withTejido(original.use) { app, _ in
            _ = try await Fixtures.collective(app, "Casa", admin: "ana")
            _ = try await app.backUp(to: backup, sealedTo: nil)
        }
        let bytes = try #require(FileManager.default.contents(atPath: backup))
        _ = FileManager.default.createFile(atPath: half, contents: bytes.prefix(bytes.count / 2))
        do {
            _ = try await DatabaseRestore.restore(half, into: target, keyFile: nil, replace: false)
            Issue.record("a backup cut in half was restored")
        } catch BackupProblem.damaged {
        }
        #expect(!FileManager.default.fileExists(atPath: target.dataDirectory))
    }

    @Test("a backup taken while another connection writes passes SQLite's integrity check and holds every earlier write")
    func duringWrites() async throws {
        let folder = try DataFolder()
        defer { folder.remove() }
        try await withTejido(folder.use) { app, _ in
            try await sql(app).raw("CREATE TABLE churn (id INTEGER PRIMARY KEY, pair INTEGER NOT NULL)").run()
            // Another process, as far as SQLite can tell: a connection of its own, writing two rows at a time.
            let writer = try await SQLiteConnection.open(storage: .file(path: folder.database))
            let writes = Task {
                for pair in 0..<3000 {
                    try await writer.sql().raw("INSERT INTO churn (pair) VALUES (\(bind: pair)), (\(bind: pair))").run()
                }
            }
            while try await Self.rows(sql(app)) == 0 { try await Task.sleep(for: .milliseconds(5)) }
            var counts: [(path: String, before: Int)] = []
            for n in 0..<4 {
                let before = try await Self.rows(sql(app))
                let path = folder.path + "/during-\(n).sqlite"
                _ = try await app.backUp(to: path, sealedTo: nil)
                counts.append((path, before))
            }
            try await writes.value
            try await writer.close()
            #expect(counts.first!.before < 6000, "the backups ran while rows were being written")
            for (path, before) in counts {
                let (facts, _) = try await SQLiteFile(path: path).inspect(ring: nil)
                #expect(facts.integrity == ["ok"])
                let rows = try await SQLiteFile(path: path).withConnection { try await Self.rows($0) }
                #expect(rows >= before, "every write committed before the backup began is in it")
                #expect(rows % 2 == 0, "no write is in it by half")
            }
        }
    }

    static func rows(_ sql: any SQLDatabase) async throws -> Int {
        try await sql.raw("SELECT COUNT(*) AS n FROM churn").first()?.decode(column: "n", as: Int.self) ?? -1
    }
}
