import ArgumentParser
import Foundation
import TejidoCore
import TejidoWeb
import Vapor

@main
struct Tejido: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tejido",
        abstract: "Tejido: a collective's own way to respond to harm, without the police.",
        subcommands: [
            Serve.self, Migrate.self, Setup.self, CollectiveCommand.self, ProtocolCommand.self, DirectoryCommand.self,
            Keygen.self, KeysCommand.self, CasesCommand.self, AccountCommand.self, Demo.self, BenchSeed.self,
        ])
}

/// Options every command shares.
struct CommonOptions: ParsableArguments {
    @ArgumentParser.Option(name: .long, help: "development or production (overrides TEJIDO_ENV).")
    var env: String?
}

/// Builds a configured application for a command, turning configuration and key problems into a
/// plain message and a non-zero exit instead of a crash.
func makeApplication(
    _ flags: ConfigurationLoader.Flags, arguments: [String] = ["tejido"]
) async throws
    -> (Application, Configuration)
{
    // Everything Tejido writes (the database, the key) is for the service account alone.
    umask(0o077)
    let config: Configuration
    do {
        config = try ConfigurationLoader.load(flags: flags, environment: ProcessInfo.processInfo.environment)
    } catch let error as ConfigurationError {
        fail(error.description)
    }
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

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve Tejido over HTTP.")

    @ArgumentParser.OptionGroup var common: CommonOptions
    @ArgumentParser.Option(name: .long, help: "Address to listen on (default 127.0.0.1; TEJIDO_HOSTNAME).")
    var hostname: String?
    @ArgumentParser.Option(name: .long, help: "Port to listen on (default 8080; TEJIDO_PORT).")
    var port: Int?

    func run() async throws {
        let (app, config) = try await makeApplication(
            .init(hostname: hostname, port: port, environment: common.env), arguments: ["tejido", "serve"])
        try await prepareDatabase(app, config)
        app.logger.notice("Tejido starting: \(config)")
        if config.logsSensitiveDetail {
            app.logger.warning(
                "Log level \(config.logLevel) records database values and request headers. Use it only on test data.")
        }
        if config.mode == .production && !config.behindTLSProxy {
            app.logger.warning(
                "Production without TEJIDO_BEHIND_TLS_PROXY: cookies are not marked Secure. Serve Tejido only behind TLS.")
        }
        app.startRetentionJob()
        do {
            try await app.execute()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply database migrations (needed for PostgreSQL).")

    @ArgumentParser.OptionGroup var common: CommonOptions

    func run() async throws {
        let (app, _) = try await makeApplication(.init(environment: common.env))
        let pending = try await app.pendingMigrations()
        try await quietlyMigrate(app)
        print(pending == 0 ? "The database is up to date." : "Applied \(pending) migration(s).")
        try await app.asyncShutdown()
    }
}

/// Reads a passphrase from a file, dropping only the final line break an editor adds.
func readPassphrase(_ path: String) -> String {
    guard let raw = try? String(contentsOfFile: path, encoding: .utf8) else { fail("Cannot read the passphrase file \(path).") }
    return raw.hasSuffix("\r\n") ? String(raw.dropLast(2)) : raw.hasSuffix("\n") ? String(raw.dropLast()) : raw
}

struct CollectiveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collective", abstract: "Manage the collectives this instance hosts.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create another collective, with an existing account (or a new one) as its admin.")

        @ArgumentParser.OptionGroup var common: CommonOptions
        @ArgumentParser.Option(name: .long, help: "The collective's name.")
        var name: String
        @ArgumentParser.Option(name: .long, help: "Username of its first admin.")
        var admin: String
        @ArgumentParser.Option(
            name: .customLong("passphrase-file"), help: "Only when the admin account does not exist yet: its passphrase.")
        var passphraseFile: String?
        @ArgumentParser.Option(name: .long, help: "How its protocol draft starts: template (default) or empty.")
        var `protocol`: String = "template"

        func run() async throws {
            let passphrase = passphraseFile.map(readPassphrase)
            try await withPreparedApplication(env: common.env, failure: "Could not create the collective") { app in
                let slug = try await app.createCollective(name: name, admin: admin, passphrase: passphrase, protocol: `protocol`)
                return "Created the collective at /c/\(slug), with \(admin) as its admin."
            }
        }
    }
}

struct ProtocolCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "protocol", abstract: "Export or import a collective's protocol.", subcommands: [Export.self, Import.self])

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the protocol in force (or the latest draft before any adoption) to standard output.")

        @ArgumentParser.OptionGroup var common: CommonOptions
        @ArgumentParser.Option(name: .long, help: "The collective's address (the part after /c/).")
        var collective: String
        @ArgumentParser.Option(name: .long, help: "json (the shareable file format) or markdown.")
        var format: String = "json"
        @ArgumentParser.Option(name: .long, help: "en or es: only this language (default: every language kept).")
        var language: String?
        @ArgumentParser.Option(name: .long, help: "A version number instead of the one in force.")
        var version: Int?

        func run() async throws {
            try await withPreparedApplication(env: common.env, failure: "Could not export the protocol") { app in
                try await app.exportProtocol(slug: collective, format: format, language: language, number: version)
            }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Save a shared protocol file as the collective's new draft version. Nothing is saved if it has problems.")

        @ArgumentParser.OptionGroup var common: CommonOptions
        @ArgumentParser.Option(name: .long, help: "The collective's address (the part after /c/).")
        var collective: String
        @ArgumentParser.Argument(help: "The protocol file (JSON, as made by export).")
        var file: String

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else { fail("Cannot read \(file).") }
            try await withPreparedApplication(env: common.env, failure: "The file was not imported; nothing changed") { app in
                let number = try await app.importProtocol(slug: collective, data: data)
                return "Saved as draft version \(number). Review it in the browser, then put it to the collective."
            }
        }
    }
}

struct DirectoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "directory", abstract: "Export or import a collective's directory.", subcommands: [Export.self, Import.self])

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print every entry of the directory to standard output.")

        @ArgumentParser.OptionGroup var common: CommonOptions
        @ArgumentParser.Option(name: .long, help: "The collective's address (the part after /c/).")
        var collective: String
        @ArgumentParser.Option(name: .long, help: "csv or json.")
        var format: String = "csv"

        func run() async throws {
            try await withPreparedApplication(env: common.env, failure: "Could not export the directory") { app in
                let text = try await app.exportDirectory(slug: collective, format: format)
                return text.hasSuffix("\n") ? String(text.dropLast()) : text
            }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add the entries of a CSV or JSON file. Rejected rows are reported on standard error (exit status 2).")

        @ArgumentParser.OptionGroup var common: CommonOptions
        @ArgumentParser.Option(name: .long, help: "The collective's address (the part after /c/).")
        var collective: String
        @ArgumentParser.Argument(help: "The file: CSV, or JSON as made by export.")
        var file: String

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else { fail("Cannot read \(file).") }
            var rejected = ""
            try await withPreparedApplication(env: common.env, failure: "The file was not imported; nothing changed") { app in
                let result = try await app.importDirectory(slug: collective, data: data)
                rejected = result.report
                let skipped = result.skipped == 0 ? "" : " Skipped \(result.skipped) already in the directory."
                return "Imported \(result.imported) entr\(result.imported == 1 ? "y" : "ies").\(skipped)"
            }
            if !rejected.isEmpty {
                FileHandle.standardError.write(Data(("Rejected rows (not imported):\n" + rejected + "\n").utf8))
                throw ExitCode(2)
            }
        }
    }
}

struct Setup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create the first collective and its first admin (only while no collective exists).")

    @ArgumentParser.OptionGroup var common: CommonOptions
    @ArgumentParser.Option(name: .long, help: "The collective's name.")
    var collective: String
    @ArgumentParser.Option(name: .long, help: "The first admin's username (pseudonymous is fine).")
    var admin: String
    @ArgumentParser.Option(
        name: .customLong("passphrase-file"),
        help: "A file holding the admin's passphrase (kept off the command line and shell history).")
    var passphraseFile: String

    func run() async throws {
        let passphrase = readPassphrase(passphraseFile)
        try await withPreparedApplication(env: common.env, failure: "Setup failed") { app in
            let slug = try await app.runSetup(collective: collective, admin: admin, passphrase: passphrase)
            return """
                Created the collective at /c/\(slug). Its admin can now sign in at /login.
                Back up the instance key \(app.instanceKeyPath) now, somewhere other than your database backups:
                without it, encrypted content cannot be read.
                """
        }
    }
}

struct Keygen: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create the instance key file (TEJIDO_KEY_FILE) if it does not exist. Never overwrites.")

    @ArgumentParser.OptionGroup var common: CommonOptions

    func run() async throws {
        let config: Configuration
        do {
            config = try ConfigurationLoader.load(
                flags: .init(environment: common.env), environment: ProcessInfo.processInfo.environment)
        } catch let error as ConfigurationError {
            fail(error.description)
        }
        do {
            try InstanceKeyFile.create(path: config.keyFilePath)
        } catch let error as InstanceKeyError {
            fail(error.description)
        }
        print("Created \(config.keyFilePath) (mode 600). Back it up now, somewhere other than your database backups.")
    }
}

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Rotate the instance key.", subcommands: [Rotate.self, Prune.self])

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Put a new instance key first in the key file and re-wrap every case key under it. The server may keep running.")

        @ArgumentParser.OptionGroup var common: CommonOptions

        func run() async throws {
            try await withPreparedApplication(env: common.env, failure: "The rotation stopped") { app in
                let count = try await app.rotateKeys()
                return """
                    Re-locked \(count) wrapped key(s) under the new instance key in \(app.instanceKeyPath).
                    The previous key stays in the file so nothing wrapped during the rotation is lost; once every
                    server has been running for a minute, remove it with `tejido keys prune`.
                    Back up the key file now.
                    """
            }
        }
    }

    struct Prune: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Drop previous instance keys no case still uses.")

        @ArgumentParser.OptionGroup var common: CommonOptions

        func run() async throws {
            try await withPreparedApplication(env: common.env, failure: "Nothing was pruned") { app in
                "Removed \(try await app.pruneKeys()) previous key(s) from \(app.instanceKeyPath)."
            }
        }
    }
}

struct CasesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cases", abstract: "Case housekeeping.", subcommands: [Purge.self])

    struct Purge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete closed and withdrawn cases past their collective's retention now (the server does it hourly).")

        @ArgumentParser.OptionGroup var common: CommonOptions

        func run() async throws {
            try await withPreparedApplication(env: common.env, failure: "Retention did not run") { app in
                "Deleted \(try await app.deleteExpiredCases()) ended case(s)."
            }
        }
    }
}

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a demo collective with fictional cases in every stage. Refuses a data folder that holds collectives.")

    @ArgumentParser.OptionGroup var common: CommonOptions

    func run() async throws {
        try await withPreparedApplication(env: common.env, failure: "No demo data was made") { app in
            let demo = try await app.makeDemo()
            return """
                Demo collective at /c/\(demo.slug). Every account's passphrase is: \(demo.passphrase)
                Accounts: \(demo.usernames.joined(separator: ", ")) (demo-cora is on the care team; demo-ana is the admin
                and, like any admin, sees no case she was not added to).
                """
        }
    }
}

struct BenchSeed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-seed",
        abstract: "Fill an empty embedded database with synthetic sealed cases for benchmarks (bench/case_page.py).")

    @ArgumentParser.OptionGroup var common: CommonOptions
    @ArgumentParser.Option(name: .long, help: "How many cases.") var cases: Int = 100_000
    @ArgumentParser.Option(name: .long, help: "How many timeline entries in all.") var entries: Int = 1_000_000

    func run() async throws {
        try await withPreparedApplication(env: common.env, failure: "Seeding stopped") { app in
            let seed = try await app.benchSeed(cases: cases, entries: entries)
            return "case=\(seed.casePath)\nusername=\(seed.username)\npassphrase=\(seed.passphrase)"
        }
    }
}

struct AccountCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account", abstract: "Help someone back into their account.", subcommands: [ResetPassphrase.self])

    struct ResetPassphrase: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset-passphrase",
            abstract: "Give an account a new passphrase, for someone who forgot theirs and has no recovery code.",
            discussion: """
                Nobody can open the person's own key without their old passphrase or recovery code, so this \
                gives them a new key: their cases stay closed to them until someone in each case gives \
                their access back, and a case only they could open stays closed. Every session of theirs ends.
                """)

        @ArgumentParser.OptionGroup var common: CommonOptions
        @ArgumentParser.Argument(help: "The account's username.")
        var username: String
        @ArgumentParser.Option(
            name: .customLong("passphrase-file"),
            help: "A file holding the new passphrase (kept off the command line). Without it, one is made and printed.")
        var passphraseFile: String?

        func run() async throws {
            let chosen = passphraseFile.map(readPassphrase)
            try await withPreparedApplication(env: common.env, failure: "The passphrase was not changed") { app in
                let passphrase = try await app.resetPassphrase(username: username, to: chosen)
                return """
                    \(username) has a new passphrase\(chosen == nil ? ": \(passphrase)" : ".")
                    Give it to them in person; they should change it under Your account. Their cases open again
                    once someone in each gives their access back from the case page.
                    """
            }
        }
    }
}
