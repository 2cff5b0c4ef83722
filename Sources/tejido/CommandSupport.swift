import ArgumentParser
import Foundation
import TejidoCore
import TejidoWeb
import Vapor

/// Builds a configured application for a command, turning configuration and key problems into a
/// plain message and a non-zero exit instead of a crash.
func makeApplication(
    _ flags: ConfigurationLoader.Flags, arguments: [String] = ["tejido"]
) async throws
    -> (Application, Configuration)
{
    // Everything Tejido writes (the database, the key) is for the service account alone.
    umask(0o077)
    let config = loadConfiguration(flags)
    let environment = Environment(name: config.mode == .production ? "production" : "development", arguments: arguments)
    let app = try await Application.make(environment)
    do {
        try await configure(app, configuration: config)
    } catch let error as InstanceKeyError {
        try? await app.asyncShutdown()
        fail("Tejido cannot start: \(error.description)")
    } catch let error as ConfigurationError {
        // The key file does not belong with the database, for one.
        try? await app.asyncShutdown()
        fail(error.description)
    }
    return (app, config)
}

/// The configuration alone, for commands that must not open the database or make a key file.
func loadConfiguration(_ flags: ConfigurationLoader.Flags) -> Configuration {
    do {
        return try ConfigurationLoader.load(flags: flags, environment: ProcessInfo.processInfo.environment)
    } catch let error as ConfigurationError {
        fail(error.description)
    } catch {
        fail(String(describing: error))
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    Foundation.exit(1)
}

/// Applies migrations on the embedded database; on PostgreSQL, refuses to run behind the schema.
func prepareDatabase(_ app: Application, _ config: Configuration) async throws {
    if config.isEmbeddedDatabase {
        try await quietlyMigrate(app)
    } else if try await app.pendingMigrations() > 0 {
        try? await app.asyncShutdown()
        fail("The database needs migrating first: run `tejido migrate` (with the same DATABASE_URL).")
    }
}

/// Applies pending migrations with one line about them instead of a few lines per migration,
/// which would bury what the command itself has to say.
func quietlyMigrate(_ app: Application) async throws {
    let pending = try await app.pendingMigrations()
    guard pending > 0 else { return }
    let level = app.logger.logLevel
    app.logger.logLevel = max(level, .warning)
    defer { app.logger.logLevel = level }
    try await app.autoMigrate()
    app.logger.logLevel = level
    app.logger.notice("Applied \(pending) database migration(s).")
}

/// Runs `work` on a configured application with a ready database, printing its result, and turns
/// any failure into a plain explanation on standard error and a non-zero exit.
func withPreparedApplication(env: String?, failure: String, _ work: (Application) async throws -> String) async throws {
    let (app, config) = try await makeApplication(.init(environment: env))
    try await prepareDatabase(app, config)
    do {
        print(try await work(app))
    } catch {
        let message = app.explain(error)
        try? await app.asyncShutdown()
        fail("\(failure):\n\(message)")
    }
    try await app.asyncShutdown()
}

/// Reads a passphrase from a file, dropping only the final line break an editor adds.
func readPassphrase(_ path: String) -> String {
    guard let raw = try? String(contentsOfFile: path, encoding: .utf8) else { fail("Cannot read the passphrase file \(path).") }
    return raw.hasSuffix("\r\n") ? String(raw.dropLast(2)) : raw.hasSuffix("\n") ? String(raw.dropLast()) : raw
}
