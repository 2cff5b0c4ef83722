import Fluent
import TejidoCore
import Vapor

/// Creating, checking and changing accounts. Used by the web and by the command line alike.
struct AccountService {
    let database: any Database
    let services: TejidoServices
    let application: Application

    /// Validates everything at once so the person sees every problem in one go.
    func validateNewAccount(username raw: String, passphrase: String, confirmation: String) async throws -> Username {
        var problems: [FieldProblem] = []
        var username: Username?
        do { username = try Username(raw) } catch let TejidoError.invalid(found) { problems += found }
        problems += PassphrasePolicy.problems(passphrase, username: raw)
        if passphrase != confirmation {
            problems.append(FieldProblem(field: "confirmation", messageKey: "error_passphrase_mismatch"))
        }
        if let username, try await isTaken(username) {
            problems.append(FieldProblem(field: "username", messageKey: "error_username_taken"))
        }
        try problems.throwIfAny()
        return username!
    }

    func isTaken(_ username: Username) async throws -> Bool {
        try await UserRecord.query(on: database).filter(\.$usernameNormalized == username.normalized).count() > 0
    }

    /// Saves a validated account. Call inside the caller's transaction.
    func create(_ username: Username, passphrase: String, language: Language?, on db: any Database) async throws -> UserRecord {
        let hash = try await services.passphrases.hash(passphrase, on: application)
        let user = UserRecord(
            username: username.display, usernameNormalized: username.normalized,
            passphraseHash: hash, language: language?.rawValue, createdAt: services.clock.now())
        do {
            try await user.save(on: db)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Someone took the name between our check and our write.
            throw TejidoError.invalid([FieldProblem(field: "username", messageKey: "error_username_taken")])
        }
        return user
    }

    /// Checks a sign-in, counting failures per account name and per client address. Every failure
    /// looks the same from outside, whether or not the account exists.
    func authenticate(username raw: String, passphrase: String, clientAddress: String) async throws -> UserRecord {
        let now = services.clock.now()
        let normalized = Username.normalize(raw)
        let subjects = [
            (LoginThrottle.perAccount, KeyDerivation.pseudonym(for: "account:" + normalized, key: services.throttleKey)),
            (LoginThrottle.perAddress, KeyDerivation.pseudonym(for: "address:" + clientAddress, key: services.throttleKey)),
        ]
        var records: [LoginFailureRecord?] = []
        for (rule, subject) in subjects {
            let record = try await LoginFailureRecord.query(on: database).filter(\.$subject == subject).first()
            records.append(record)
            let state = LoginThrottle.State(failures: record?.failures ?? 0, lastFailure: record?.lastFailureAt)
            if rule.nextAttemptAllowed(state, now: now) != nil { throw TejidoError.throttled }
        }

        // A name that could never have been registered is not looked up: it would only reach the
        // database to fail there (PostgreSQL refuses a NUL byte, for one).
        let user =
            (try? Username(raw)) == nil
            ? nil
            : try await UserRecord.query(on: database).filter(\.$usernameNormalized == normalized).first()
        let matches = try await services.passphrases.verify(
            passphrase, against: user?.passphraseHash ?? services.decoyPassphraseHash, on: application)
        if let user, matches {
            for record in records.compactMap({ $0 }) { try await record.delete(on: database) }
            return user
        }

        for ((rule, subject), record) in zip(subjects, records) {
            let state = LoginThrottle.State(failures: record?.failures ?? 0, lastFailure: record?.lastFailureAt)
            let next = rule.recordingFailure(state, now: now)
            let row = record ?? LoginFailureRecord(subject: subject, failures: 0, lastFailureAt: now)
            row.failures = next.failures
            row.lastFailureAt = now
            try await row.save(on: database)
        }
        throw TejidoError.invalid([FieldProblem(field: "form", messageKey: "error_login_failed")])
    }

    func changePassphrase(userID: UUID, current: String, new: String, confirmation: String) async throws {
        guard let user = try await UserRecord.find(userID, on: database) else { throw TejidoError.notFound }
        var problems: [FieldProblem] = []
        if try await !services.passphrases.verify(current, against: user.passphraseHash, on: application) {
            problems.append(FieldProblem(field: "current", messageKey: "error_passphrase_wrong"))
        }
        problems += PassphrasePolicy.problems(new, username: user.username, field: "new")
        if new != confirmation { problems.append(FieldProblem(field: "confirmation", messageKey: "error_passphrase_mismatch")) }
        try problems.throwIfAny()
        user.passphraseHash = try await services.passphrases.hash(new, on: application)
        try await user.save(on: database)
    }

    /// Deletes the account with its memberships and sessions, unless it is the last admin of a
    /// collective (which would leave that collective with no one able to run it).
    func delete(userID: UUID, passphrase: String) async throws {
        guard let user = try await UserRecord.find(userID, on: database) else { throw TejidoError.notFound }
        guard try await services.passphrases.verify(passphrase, against: user.passphraseHash, on: application) else {
            throw TejidoError.invalid([FieldProblem(field: "passphrase", messageKey: "error_passphrase_wrong")])
        }
        try await database.transaction { db in
            let memberships = try await MembershipRecord.query(on: db).filter(\.$user.$id == userID).all()
            for membership in memberships {
                let admins = try await MembershipQueries.adminCount(in: membership.$collective.id, on: db)
                try MembershipRules.checkAdminRemains(currentRole: membership.role, newRole: nil, adminCount: admins)
            }
            try await UserSessionRecord.query(on: db).filter(\.$user.$id == userID).delete()
            try await MembershipRecord.query(on: db).filter(\.$user.$id == userID).delete()
            try await user.delete(on: db)
        }
    }
}
