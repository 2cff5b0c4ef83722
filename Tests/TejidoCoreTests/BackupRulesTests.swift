import Foundation
import Testing

@testable import TejidoCore

@Suite("When a backup or a restore stops")
struct BackupRulesTests {
    static let file = Configuration.Database.sqlite(path: "/srv/tejido/tejido.sqlite")
    static let postgres = Configuration.Database.postgres(url: "postgres://tejido@db/tejido", schema: nil)

    @Test("backing up: only an existing embedded database, never over a file")
    func backingUp() {
        #expect(BackupRules.refusal(backingUp: Self.file, databaseExists: true, fileExists: false, file: "/b") == nil)
        #expect(
            BackupRules.refusal(backingUp: Self.file, databaseExists: false, fileExists: false, file: "/b")
                == .noDatabase(path: "/srv/tejido/tejido.sqlite"))
        #expect(
            BackupRules.refusal(backingUp: Self.file, databaseExists: true, fileExists: true, file: "/b")
                == .fileExists(path: "/b"))
        #expect(
            BackupRules.refusal(backingUp: .sqliteInMemory, databaseExists: true, fileExists: false, file: "/b")
                == .noDatabaseFile)
        #expect(BackupRules.refusal(backingUp: Self.postgres, databaseExists: true, fileExists: false, file: "/b") == .postgres)
    }

    @Test(
        "restoring: an existing database only with --replace, and never one that is open",
        arguments: [
            // exists, in use, replace, refusal
            (false, false, false, nil),
            (true, false, true, nil),
            (true, false, false, BackupProblem.databaseExists(path: "/srv/tejido/tejido.sqlite")),
            (true, true, false, .databaseExists(path: "/srv/tejido/tejido.sqlite")),
            (true, true, true, .databaseInUse(path: "/srv/tejido/tejido.sqlite")),
        ] as [(Bool, Bool, Bool, BackupProblem?)])
    func restoringInto(exists: Bool, inUse: Bool, replace: Bool, refusal: BackupProblem?) {
        #expect(BackupRules.refusal(restoringInto: Self.file, exists: exists, inUse: inUse, replace: replace) == refusal)
        #expect(BackupRules.refusal(restoringInto: Self.postgres, exists: exists, inUse: inUse, replace: replace) == .postgres)
    }

    @Test("on PostgreSQL the refusal points to pg_dump, pg_restore into a new database, and tejido migrate")
    func postgresPath() {
        let text = BackupProblem.postgres.description
        #expect(
            text.contains("pg_dump -Fc") && text.contains("pg_restore --clean --if-exists") && text.contains("tejido migrate"))
        #expect(text.contains("key file apart"))
    }

    @Test("a restored file is checked for damage, for being Tejido's, then for the instance key it needs")
    func restored() {
        let good = BackupRules.Restored(integrity: ["ok"], isTejido: true, missingKeys: [])
        #expect(BackupRules.refusal(restored: good, keyFile: "/k", held: ["aa"]) == nil)
        var damaged = good
        damaged.integrity = ["*** in database main ***", "Page 7: btreeInitPage() returns error code 11"]
        #expect(BackupRules.refusal(restored: damaged, keyFile: "/k", held: ["aa"])?.description.contains("Page 7") == true)
        var foreign = good
        foreign.isTejido = false
        #expect(BackupRules.refusal(restored: foreign, keyFile: "/k", held: ["aa"]) == .notTejido)

        var locked = good
        locked.missingKeys = ["0123456789abcdef"]
        let other = BackupRules.refusal(restored: locked, keyFile: "/etc/tejido/instance.key", held: ["aa"])
        #expect(
            other?.description
                == "This backup holds cases sealed with instance key 0123456789abcdef. The key file at /etc/tejido/instance.key "
                + "holds other keys (aa), and with it those cases could never be opened. Put the instance key this backup "
                + "was made under (from your key backup) at /etc/tejido/instance.key, or point TEJIDO_KEY_FILE at it, and "
                + "restore again; nothing was changed.")
        let none = BackupRules.refusal(restored: locked, keyFile: "/k", held: nil)
        #expect(
            none?.description.contains("No key file was found at /k, and without the key those cases could never be opened.")
                == true)
    }
}
