import Fluent
import TejidoCore
import Vapor

/// What the command-line tool needs from the web library, without reaching into its internals.
extension Application {
    /// Explains an error in plain English for a terminal. Domain problems are spelled out from the
    /// catalog; anything else names its kind only.
    /// Another collective on this instance, for `tejido collective create`. The admin is an existing
    /// account, or a new one when a passphrase is given.
    public func createCollective(name: String, admin: String, passphrase: String?) async throws -> String {
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
                user = try await accounts.create(newAccount, passphrase: passphrase ?? "", language: nil, on: db)
            } else {
                user = existing!
            }
            return try await CollectiveService(database: db, now: services.clock.now())
                .create(name: name, adminUserID: user.requireID(), on: db)
        }
        return collective.slug
    }

    public var instanceKeyPath: String { tejido.config.keyFilePath }

    public func explain(_ error: any Error) -> String {
        let catalog = tejido.catalog
        switch error {
        case TejidoError.invalid(let problems):
            return problems.map { "\($0.field): \(catalog.string($0.messageKey, .en))" }.joined(separator: "\n")
        case CommandProblem.unknownAccount(let name):
            return "There is no account named \(name). Give --passphrase-file to create it."
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
}
