import Fluent
import TejidoCore
import Vapor

/// The first run: while no collective exists, create the first collective and its first admin.
/// Shared by the setup page and `tejido setup`.
struct SetupService {
    let application: Application
    let database: any Database

    func isOpen() async throws -> Bool {
        try await CollectiveRecord.query(on: database).count() == 0
    }

    func run(
        collectiveName: String, username: String, passphrase: String, confirmation: String,
        language: Language?
    ) async throws -> (user: UserRecord, key: PersonalKey, collective: CollectiveRecord) {
        guard try await isOpen() else { throw TejidoError.notFound }
        let services = application.tejido
        let accounts = AccountService(database: database, services: services, application: application)
        var problems: [FieldProblem] = []
        var name: String?
        do { name = try CollectiveName.validated(collectiveName) } catch let TejidoError.invalid(found) { problems += found }
        var validUsername: Username?
        do {
            validUsername = try await accounts.validateNewAccount(
                username: username, passphrase: passphrase,
                confirmation: confirmation)
        } catch let TejidoError.invalid(found) { problems += found }
        try problems.throwIfAny()
        guard let name, let validUsername else { throw TejidoError.invalid(problems) }

        return try await database.transaction { db in
            // Checked again inside the transaction: two people racing through setup get one winner.
            guard try await CollectiveRecord.query(on: db).count() == 0 else { throw TejidoError.notFound }
            let (user, key) = try await accounts.create(validUsername, passphrase: passphrase, language: language, on: db)
            let collective = try await CollectiveService(database: db, now: services.clock.now())
                .create(name: name, adminUserID: user.requireID(), on: db)
            return (user, key, collective)
        }
    }
}
