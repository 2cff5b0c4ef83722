import Fluent
import Foundation
import SQLKit
import TejidoCore
import Testing
import VaporTesting

@testable import TejidoWeb

/// Runs `body` against a fresh, migrated Tejido. In-memory SQLite by default; when
/// TEJIDO_TEST_DATABASE_URL is set, a PostgreSQL schema of its own, dropped afterwards, so tests
/// can run in parallel against one server.
func withTejido(
    _ adjust: (inout Configuration) -> Void = { _ in },
    _ body: (Application, TestClock) async throws -> Void
) async throws {
    let clock = TestClock()
    // Hashing cost 4 keeps the suite fast; the production cost is asserted in its own test.
    var config = Configuration(
        mode: .testing, database: .sqliteInMemory, keyFilePath: "/nonexistent/instance.key",
        setupFromAnyAddress: true, passphraseHashCost: 4)
    if let url = ProcessInfo.processInfo.environment["TEJIDO_TEST_DATABASE_URL"], !url.isEmpty {
        config.database = .postgres(
            url: url, schema: "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))
    }
    adjust(&config)
    // A test may choose a SQLite file even on a PostgreSQL run (backups are of that file).
    var schema: String?
    if case .postgres(_, let chosen) = config.database { schema = chosen }
    try await withApp { app in
        app.directory = DirectoryConfiguration(workingDirectory: packageRoot)
        // A test that made a key file of its own runs on it, as a server would; others get a fresh key.
        let fromFile = FileManager.default.fileExists(atPath: config.keyFilePath)
        try await configure(app, configuration: config, clock: clock.tejidoClock, instanceKey: fromFile ? nil : .generate())
        if let schema { try await sql(app).raw("CREATE SCHEMA \(ident: schema)").run() }
        try await app.autoMigrate()
        do {
            try await body(app, clock)
        } catch {
            if let schema { try? await sql(app).raw("DROP SCHEMA \(ident: schema) CASCADE").run() }
            throw error
        }
        if let schema { try await sql(app).raw("DROP SCHEMA \(ident: schema) CASCADE").run() }
    }
}

var isPostgresRun: Bool { !(ProcessInfo.processInfo.environment["TEJIDO_TEST_DATABASE_URL"] ?? "").isEmpty }

func sql(_ app: Application) -> any SQLDatabase { app.db as! any SQLDatabase }

/// The package's root folder, where Resources/ and Public/ live.
let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { url.deleteLastPathComponent() }
    return url.path + "/"
}()
