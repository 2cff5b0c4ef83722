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
        user.neutralTitles = services.config.neutralTitlesByDefault
        do {
            try await user.save(on: db)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Someone took the name between our check and our write.
            throw TejidoError.invalid([FieldProblem(field: "username", messageKey: "error_username_taken")])
        }
        return user
    }

    /// Checks a sign-in. Every failure looks the same from outside, whether or not the account exists.
    func authenticate(username raw: String, passphrase: String, clientAddress: String) async throws -> UserRecord {
        // A name that could never have been registered is not looked up: it would only reach the
        // database to fail there (PostgreSQL refuses a NUL byte, for one).
        let user =
            (try? Username(raw)) == nil
            ? nil
            : try await UserRecord.query(on: database).filter(\.$usernameNormalized == Username.normalize(raw)).first()
        guard
            try await checkPassphrase(passphrase, of: user, typedName: raw, clientAddress: clientAddress), let user
        else { throw TejidoError.invalid([FieldProblem(field: "form", messageKey: "error_login_failed")]) }
        return user
    }

    /// Verifies a passphrase under the sign-in throttle — for signing in, and for the account
    /// pages that ask for it again, so a borrowed unlocked session cannot guess it freely either.
    /// Failures count per account name and per client address, under keyed hashes.
    func checkPassphrase(
        _ passphrase: String, of user: UserRecord?, typedName: String, clientAddress: String
    ) async throws
        -> Bool
    {
        let now = services.clock.now()
        let account = KeyDerivation.pseudonym(for: "account:" + Username.normalize(typedName), key: services.throttleKey)
        let address = KeyDerivation.pseudonym(for: "address:" + clientAddress, key: services.throttleKey)
        let subjects = [(LoginThrottle.perAccount, account), (LoginThrottle.perAddress, address)]
        for (rule, subject) in subjects {
            let state = try await failures(subject)
            if rule.nextAttemptAllowed(state, now: now) != nil { throw TejidoError.throttled }
        }
        let matches = try await services.passphrases.verify(
            passphrase, against: user?.passphraseHash ?? services.decoyPassphraseHash, on: application)
        if user != nil, matches {
            // Only the account's count is cleared: clearing the address's would let anyone with an
            // account reset it between guesses at someone else's.
            try await LoginFailureRecord.query(on: database).filter(\.$subject == account).delete()
            return true
        }
        for (rule, subject) in subjects { try await recordFailure(subject, rule: rule, now: now) }
        return false
    }

    private func failures(_ subject: String) async throws -> LoginThrottle.State {
        let record = try await LoginFailureRecord.query(on: database).filter(\.$subject == subject).first()
        return LoginThrottle.State(failures: record?.failures ?? 0, lastFailure: record?.lastFailureAt)
    }

    private func recordFailure(_ subject: String, rule: LoginThrottle, now: Date) async throws {
        for attempt in 0..<2 {
            let record = try await LoginFailureRecord.query(on: database).filter(\.$subject == subject).first()
            let state = LoginThrottle.State(failures: record?.failures ?? 0, lastFailure: record?.lastFailureAt)
            let next = rule.recordingFailure(state, now: now)
            let row = record ?? LoginFailureRecord(subject: subject, failures: 0, lastFailureAt: now)
            row.failures = next.failures
            row.lastFailureAt = now
            do {
                try await row.save(on: database)
                return
            } catch let error as any DatabaseError where error.isConstraintFailure && attempt == 0 {
                // A simultaneous first failure created the row; count on top of it instead.
                continue
            }
        }
    }

    func changePassphrase(
        userID: UUID, current: String, new: String, confirmation: String, clientAddress: String
    )
        async throws
    {
        guard let user = try await UserRecord.find(userID, on: database) else { throw TejidoError.notFound }
        var problems: [FieldProblem] = []
        if try await !checkPassphrase(current, of: user, typedName: user.username, clientAddress: clientAddress) {
            problems.append(FieldProblem(field: "current", messageKey: "error_passphrase_wrong"))
        }
        problems += PassphrasePolicy.problems(new, username: user.username, field: "new")
        if new != confirmation {
            problems.append(FieldProblem(field: "confirmation", messageKey: "error_passphrase_mismatch"))
        }
        try problems.throwIfAny()
        user.passphraseHash = try await services.passphrases.hash(new, on: application)
        try await user.save(on: database)
    }

    /// Deletes the account with its memberships and sessions, unless it is the last admin of a
    /// collective (which would leave that collective with no one able to run it).
    func delete(userID: UUID, passphrase: String, clientAddress: String) async throws {
        guard let user = try await UserRecord.find(userID, on: database) else { throw TejidoError.notFound }
        guard try await checkPassphrase(passphrase, of: user, typedName: user.username, clientAddress: clientAddress) else {
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
