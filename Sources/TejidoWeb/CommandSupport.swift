import Fluent
import TejidoCore
import Vapor

/// What the command-line tool needs from the web library, without reaching into its internals.
extension Application {
    /// Explains an error in plain English for a terminal. Domain problems are spelled out from the
    /// catalog; anything else names its kind only.
    /// Another collective on this instance, for `tejido collective create`. The admin is an existing
    /// account, or a new one when a passphrase is given.
    public func createCollective(
        name: String, admin: String, passphrase: String?, protocol start: String = "template"
    ) async throws -> String {
        guard let start = ProtocolService.Start(rawValue: start) else { throw CommandProblem.unknownFormat(start) }
        let services = tejido
        let accounts = AccountService(database: db, services: services, application: self)
        let existing = try await UserRecord.query(on: db).filter(\.$usernameNormalized == Username.normalize(admin)).first()
        let newAccount: Username?
        if existing == nil {
            guard let passphrase else { throw CommandProblem.unknownAccount(admin) }
            newAccount = try await accounts.validateNewAccount(username: admin, passphrase: passphrase, confirmation: passphrase)
        } else {
            newAccount = nil
        }
        _ = try CollectiveName.validated(name)
        let collective = try await db.transaction { db in
            let user: UserRecord
            if let newAccount {
                user = try await accounts.create(newAccount, passphrase: passphrase ?? "", language: nil, on: db).user
            } else {
                user = existing!
            }
            return try await CollectiveService(database: db, now: services.clock.now())
                .create(name: name, adminUserID: user.requireID(), protocol: start, on: db)
        }
        return collective.slug
    }

    public var instanceKeyPath: String { tejido.config.keyFilePath }

    /// `tejido protocol export`: the version in force (or the latest draft before any adoption),
    /// or version `number`, as the JSON file format or Markdown.
    public func exportProtocol(slug: String, format: String, language: String?, number: Int?) async throws -> String {
        guard let collective = try await CollectiveService(database: db, now: tejido.clock.now()).find(slug: slug) else {
            throw CommandProblem.unknownCollective(slug)
        }
        let queries = ProtocolQueries(database: db, collectiveID: try collective.requireID())
        let version: ProtocolVersionRecord?
        if let number {
            version = try await queries.version(number: number)
        } else if let adopted = try await queries.adopted() {
            version = adopted.version
        } else {
            version = try await queries.latest()
        }
        guard let version else { throw CommandProblem.unknownVersion(number ?? 0) }
        let document = try version.document()
        let chosen = try language.map { code -> Language in
            guard let language = Language(rawValue: code), document.languages.contains(language) else {
                throw CommandProblem.unknownLanguage(code, kept: document.languages.map(\.rawValue))
            }
            return language
        }
        let source = try await ProtocolExport.source(of: version, collective: collective, on: db)
        switch format {
        case "json":
            return String(decoding: try ProtocolExchange.export(document, source: source, language: chosen), as: UTF8.self)
        case "markdown":
            // Without --language, every language the protocol keeps, one after the other.
            let languages = chosen.map { [$0] } ?? document.languages
            return languages.map { ProtocolMarkdown.render(document, in: $0, source: source) }.joined(separator: "\n---\n\n")
        default:
            throw CommandProblem.unknownFormat(format)
        }
    }

    /// `tejido directory export`: every entry of the collective, published or not.
    public func exportDirectory(slug: String, format: String) async throws -> String {
        let collective = try await findCollective(slug)
        let entries = try await DirectoryQueries(database: db).all(in: collective.requireID()).map(\.entry)
        switch format {
        case "csv": return DirectoryFile.csv(entries)
        case "json": return String(decoding: try DirectoryFile.json(entries), as: UTF8.self)
        default: throw CommandProblem.unknownFormat(format)
        }
    }

    /// `tejido directory import`: saves the good rows and returns them counted with a report of
    /// every rejected row, or throws when the file cannot be read at all (then nothing is saved).
    public func importDirectory(slug: String, data: Data) async throws -> (imported: Int, skipped: Int, report: String) {
        let collective = try await findCollective(slug)
        switch DirectoryImport.read(data, now: tejido.clock.now(), byteLimit: DirectoryImport.commandLineLimit) {
        case .failure(let problem):
            throw CommandProblem.directoryFile(tejido.catalog.string(problem.messageKey, .en, problem.values))
        case .success(let report):
            let skipped = try await DirectoryService(database: db, now: tejido.clock.now()).save(
                report.accepted, in: collective.requireID())
            let lines = report.rejected.map { row in
                let reasons = row.problems.map { "\($0.field): \(tejido.catalog.string($0.messageKey, .en))" }.joined(
                    separator: "; ")
                return "row \(row.row)\(row.name.isEmpty ? "" : " (\(row.name))"): \(reasons)"
            }
            return (report.accepted.count - skipped, skipped, lines.joined(separator: "\n"))
        }
    }

    private func findCollective(_ slug: String) async throws -> CollectiveRecord {
        guard let collective = try await CollectiveService(database: db, now: tejido.clock.now()).find(slug: slug) else {
            throw CommandProblem.unknownCollective(slug)
        }
        return collective
    }

    /// `tejido protocol import`: a shared protocol file becomes the collective's new draft version.
    /// Every problem is reported and nothing is saved when the file has any.
    public func importProtocol(slug: String, data: Data) async throws -> Int {
        guard let collective = try await CollectiveService(database: db, now: tejido.clock.now()).find(slug: slug) else {
            throw CommandProblem.unknownCollective(slug)
        }
        switch ProtocolExchange.read(data) {
        case .success(let document):
            return try await ProtocolService(database: db, now: tejido.clock.now()).replace(
                collectiveID: collective.requireID(), with: document, authorID: nil,
                note: "Imported from a file · importado de un archivo")
        case .failure(let problems):
            throw problems
        }
    }

    public func explain(_ error: any Error) -> String {
        let catalog = tejido.catalog
        switch error {
        case TejidoError.invalid(let problems):
            return problems.map { "\($0.field): \(catalog.string($0.messageKey, .en))" }.joined(separator: "\n")
        case CommandProblem.unknownAccount(let name):
            return "There is no account named \(name). Give --passphrase-file to create it."
        case CommandProblem.unknownCollective(let slug):
            return "There is no collective at /c/\(slug). The address is the part after /c/ in its links."
        case CommandProblem.unknownVersion(let number):
            return "The collective has no protocol version \(number)."
        case CommandProblem.unknownFormat(let format):
            return "Unknown format \"\(format)\": use json or markdown."
        case CommandProblem.unknownLanguage(let code, let kept):
            return "The protocol is not kept in \"\(code)\"; it is kept in: \(kept.joined(separator: ", "))."
        case CommandProblem.directoryFile(let message):
            return message
        case CommandProblem.notEmpty:
            return
                "This data folder already holds collectives. Demo data is only made in an empty one: set TEJIDO_DATA_DIR to a new folder."
        case CommandProblem.needsSQLite:
            return "bench-seed writes to the embedded SQLite database only: unset DATABASE_URL and use a new TEJIDO_DATA_DIR."
        case let failure as ProtocolFileProblems:
            return failure.problems.map(\.description).joined(separator: "\n")
        case TejidoError.notFound:
            return "Setup has already been done: a collective exists. Sign in, or ask an admin for an invitation."
        case let error as TejidoError:
            let (_, key) = ErrorPageMiddleware.describe(error)
            return catalog.string(key, .en)
        default:
            return String(describing: error)
        }
    }
}

enum CommandProblem: Error {
    case unknownAccount(String)
    case unknownCollective(String)
    case unknownVersion(Int)
    case unknownFormat(String)
    case unknownLanguage(String, kept: [String])
    case directoryFile(String)
    /// `tejido demo` on a data folder that already holds collectives.
    case notEmpty
    /// `tejido bench-seed` outside the embedded SQLite database.
    case needsSQLite
}

extension Application {
    /// `tejido account reset-passphrase`: a new passphrase (`chosen`, or a random one returned) for
    /// someone who forgot theirs and has no recovery code. Their own key cannot be opened without
    /// the old one, so their next sign-in makes a new key, and their cases wait for someone in each
    /// to give their access back. Every session of theirs ends.
    public func resetPassphrase(username: String, to chosen: String?) async throws -> String {
        guard let user = try await UserRecord.query(on: db).filter(\.$usernameNormalized == Username.normalize(username)).first()
        else { throw CommandProblem.unknownAccount(username) }
        let passphrase = chosen ?? "reset " + SecretToken.generate().value.prefix(20)
        let problems = PassphrasePolicy.problems(passphrase, username: user.username, field: "passphrase")
        guard problems.isEmpty else { throw TejidoError.invalid(problems) }
        user.passphraseHash = try await tejido.passphrases.hash(passphrase, on: self)
        try await db.transaction { db in
            try await user.save(on: db)
            try await SessionStore.endAll(userID: try user.requireID(), on: db)
            try await AccountKeys.reset(try user.requireID(), on: db)
        }
        return passphrase
    }
}
