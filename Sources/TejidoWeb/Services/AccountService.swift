import Fluent
import SQLKit
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

    var keys: AccountKeys { AccountKeys(database: database, services: services, application: application) }

    /// Saves a validated account, with its own key pair. Call inside the caller's transaction.
    func create(
        _ username: Username, passphrase: String, language: Language?, on db: any Database
    ) async throws -> (user: UserRecord, key: PersonalKey) {
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
        let key = try await AccountKeys(database: db, services: services, application: application)
            .create(for: try user.requireID(), passphrase: passphrase, on: db)
        return (user, key)
    }

    /// After a passphrase is checked at sign-in: the person's key, opened (or made), and every old
    /// case of theirs wrapped for them.
    func unlock(_ user: UserRecord, passphrase: String) async throws -> PersonalKey {
        let userID = try user.requireID()
        let key = try await keys.unlock(userID, passphrase: passphrase)
        try await settle(userID, key: key)
        return key
    }

    /// What waits for a person's key: each case and collective still held by the instance key
    /// alone, wrapped for them now.
    func settle(_ userID: UUID, key: PersonalKey) async throws {
        try await CaseSealing.upgradeCases(of: userID, database: database, keys: services.keys)
        // Likewise each collective still held by the instance key alone: wrapped for them now.
        let waiting = try await database.sql().raw(
            """
            SELECT c.id FROM collectives c JOIN memberships m ON m.collective_id = c.id
            WHERE m.user_id = \(bind: userID) AND c.wrapped_key IS NOT NULL
            """
        ).all()
        for row in waiting {
            _ = try await CollectiveKeys(database: database, keys: services.keys)
                .open(try row.decode(column: "id", as: UUID.self), opener: .person(userID: userID, key: key))
        }
    }

    /// Checks a sign-in. Every failure looks the same from outside, whether or not the account exists.
    func authenticate(
        username raw: String, passphrase: String, clientAddress: String, deviceCookie: String? = nil
    ) async throws -> UserRecord {
        // A name that could never have been registered is not looked up: it would only reach the
        // database to fail there (PostgreSQL refuses a NUL byte, for one).
        let user =
            (try? Username(raw)) == nil
            ? nil
            : try await UserRecord.query(on: database).filter(\.$usernameNormalized == Username.normalize(raw)).first()
        guard
            try await checkPassphrase(
                passphrase, of: user, typedName: raw, clientAddress: clientAddress, deviceCookie: deviceCookie),
            let user
        else { throw TejidoError.invalid([FieldProblem(field: "form", messageKey: "error_login_failed")]) }
        return user
    }

    /// Verifies a passphrase under the sign-in throttle — for signing in, and for the account
    /// pages that ask for it again, so a borrowed unlocked session cannot guess it freely either.
    /// Failures count per client address, and per account name — or, from a browser that signed
    /// in to that account before (`deviceCookie`), per that browser instead, so other people's
    /// failures on the name cannot keep its owner out. Keyed hashes only.
    ///
    /// Each attempt is counted as a failure *before* the passphrase is checked, in one conditional
    /// write, so that many guesses sent at once are each counted: only as many get checked as the
    /// throttle allows. A right passphrase then takes its count back.
    func checkPassphrase(
        _ passphrase: String, of user: UserRecord?, typedName: String, clientAddress: String, deviceCookie: String? = nil
    ) async throws
        -> Bool
    {
        let hasher = services.passphrases
        let decoy = services.decoyPassphraseHash
        let application = self.application
        return try await underThrottle(of: user, typedName: typedName, clientAddress: clientAddress, deviceCookie: deviceCookie) {
            try await hasher.verify(passphrase, against: user?.passphraseHash ?? decoy, on: application)
        }
    }

    /// Runs `check` (a passphrase, a recovery code) under the sign-in throttle described above.
    func underThrottle(
        of user: UserRecord?, typedName: String, clientAddress: String, deviceCookie: String?,
        _ check: @Sendable () async throws -> Bool
    ) async throws -> Bool {
        let now = services.clock.now()
        let name = Username.normalize(typedName)
        let key = services.throttleKey
        // The third part names the count for metrics only (never the subject it is kept for).
        let own: (LoginThrottle, String, TejidoMetrics.ThrottleRule)
        if let nonce = DeviceCookie.verify(deviceCookie, forAccount: Self.deviceBinding(name, user), key: key) {
            own = (.perDevice, KeyDerivation.pseudonym(for: "device:" + nonce, key: key), .device)
        } else {
            own = (.perAccount, KeyDerivation.pseudonym(for: "account:" + name, key: key), .account)
        }
        let address = KeyDerivation.pseudonym(for: "address:" + clientAddress, key: key)
        var claimed: [Claim] = []
        // The address first: a guesser whose address is already throttled must not touch the
        // account's (or browser's) count at all, not even to move its window forward.
        for (rule, subject, kind) in [(LoginThrottle.perAddress, address, .address), own] {
            guard let counted = try await claim(subject, rule: rule, now: now) else {
                services.metrics.signInRefused(by: kind)
                for earlier in claimed { try await giveBack(earlier) }
                throw TejidoError.throttled
            }
            claimed.append(counted)
        }
        let matches = try await check()
        guard user != nil, matches else { return false }
        // The account's (or this browser's) count is cleared; the address only takes back this
        // attempt — clearing it would let anyone with an account reset it between guesses at others'.
        try await LoginFailureRecord.query(on: database).filter(\.$subject == own.1).delete()
        try await giveBack(claimed[0])
        return true
    }

    /// What a known-browser cookie is bound to: the account's name and its current passphrase hash,
    /// so changing the passphrase voids every browser that knew the old one.
    static func deviceBinding(_ normalizedName: String, _ user: UserRecord?) -> String {
        normalizedName + ":" + (user?.passphraseHash ?? "")
    }

    /// One attempt counted against a subject: what its last failure was before, so that taking the
    /// attempt back also puts the window back where it was.
    private struct Claim {
        let subject: String
        let previous: Date?
        let at: Date
    }

    /// Counts one attempt against `subject` if the throttle allows one now; nil if it does not.
    /// The write only lands on the count it read, so two attempts at once cannot both pass a check
    /// that only one of them should.
    private func claim(_ subject: String, rule: LoginThrottle, now: Date) async throws -> Claim? {
        let sql = try database.sql()
        for _ in 0..<8 {
            let record = try await LoginFailureRecord.query(on: database).filter(\.$subject == subject).first()
            let state = LoginThrottle.State(failures: record?.failures ?? 0, lastFailure: record?.lastFailureAt)
            if rule.nextAttemptAllowed(state, now: now) != nil { return nil }
            let next = rule.recordingFailure(state, now: now)
            if let record {
                let updated = try await sql.update(LoginFailureRecord.schema).set("failures", to: next.failures)
                    .set("last_failure_at", to: now).where("subject", .equal, subject)
                    .where("failures", .equal, record.failures).returning("id").all()
                if !updated.isEmpty { return Claim(subject: subject, previous: record.lastFailureAt, at: now) }
            } else {
                do {
                    try await LoginFailureRecord(subject: subject, failures: next.failures, lastFailureAt: now)
                        .create(on: database)
                    return Claim(subject: subject, previous: nil, at: now)
                } catch let error as any DatabaseError where error.isConstraintFailure {
                    // Another attempt counted first; read again and count on top of it.
                }
            }
        }
        return nil
    }

    /// Takes back one counted attempt (a sign-in that succeeded, or one refused by another rule):
    /// the count, and — unless another attempt has moved it since — the time of the last failure,
    /// so that successes from a busy shared address do not keep pushing its waiting period on.
    private func giveBack(_ claim: Claim) async throws {
        let sql = try database.sql()
        if let previous = claim.previous {
            let restored = try await sql.update(LoginFailureRecord.schema)
                .set("failures", to: SQLRaw("failures - 1")).set("last_failure_at", to: SQLBind(previous))
                .where("subject", .equal, claim.subject).where("failures", .greaterThan, 0)
                .where("last_failure_at", .equal, SQLBind(claim.at)).returning("id").all()
            if !restored.isEmpty { return }
        }
        try await sql.update(LoginFailureRecord.schema)
            .set("failures", to: SQLRaw("failures - 1")).where("subject", .equal, claim.subject)
            .where("failures", .greaterThan, 0).run()
    }

    func changePassphrase(
        userID: UUID, current: String, new: String, confirmation: String, clientAddress: String, deviceCookie: String? = nil
    )
        async throws
    {
        guard let user = try await UserRecord.find(userID, on: database) else { throw TejidoError.notFound }
        var problems: [FieldProblem] = []
        if try await !checkPassphrase(
            current, of: user, typedName: user.username, clientAddress: clientAddress, deviceCookie: deviceCookie)
        {
            problems.append(FieldProblem(field: "current", messageKey: "error_passphrase_wrong"))
        }
        problems += PassphrasePolicy.problems(new, username: user.username, field: "new")
        if new != confirmation {
            problems.append(FieldProblem(field: "confirmation", messageKey: "error_passphrase_mismatch"))
        }
        try problems.throwIfAny()
        // The person's key goes with them to the new passphrase, in the same transaction as it.
        let key = try await keys.unlock(userID, passphrase: current)
        user.passphraseHash = try await services.passphrases.hash(new, on: application)
        let keys = self.keys
        try await database.transaction { db in
            try await user.save(on: db)
            try await keys.reseal(key, userID: userID, passphrase: new, on: db)
        }
    }

    /// Deletes the account with its memberships and sessions, unless it is the last admin of a
    /// collective (which would leave that collective with no one able to run it).
    func delete(userID: UUID, passphrase: String, clientAddress: String, deviceCookie: String? = nil) async throws {
        guard let user = try await UserRecord.find(userID, on: database) else { throw TejidoError.notFound }
        guard
            try await checkPassphrase(
                passphrase, of: user, typedName: user.username, clientAddress: clientAddress, deviceCookie: deviceCookie)
        else {
            throw TejidoError.invalid([FieldProblem(field: "passphrase", messageKey: "error_passphrase_wrong")])
        }
        try await database.transaction { db in
            let memberships = try await MembershipRecord.query(on: db).filter(\.$user.$id == userID).all()
            for membership in memberships {
                let admins = try await MembershipQueries(database: db).adminCount(in: membership.$collective.id)
                try MembershipRules.checkAdminRemains(currentRole: membership.role, newRole: nil, adminCount: admins)
            }
            try await UserSessionRecord.query(on: db).filter(\.$user.$id == userID).delete()
            // Their groups lose them as if they had left, closing any they were the last member of.
            for membership in memberships {
                try await GroupService.leaveAll(
                    of: userID, in: membership.$collective.id, keys: services.keys, at: services.clock.now(), on: db)
            }
            try await MembershipRecord.query(on: db).filter(\.$user.$id == userID).delete()
            try await user.delete(on: db)
        }
    }
}

extension AccountService {
    /// A forgotten passphrase, replaced with the recovery code: the code opens the person's key,
    /// which is sealed again under the new passphrase, and every session of theirs ends. Throttled
    /// like signing in; every failure reads the same.
    func recover(
        username raw: String, code: String, new: String, confirmation: String, clientAddress: String
    ) async throws -> (user: UserRecord, key: PersonalKey) {
        var problems = PassphrasePolicy.problems(new, username: raw, field: "new")
        if new != confirmation {
            problems.append(FieldProblem(field: "confirmation", messageKey: "error_passphrase_mismatch"))
        }
        try problems.throwIfAny()
        let user =
            (try? Username(raw)) == nil
            ? nil
            : try await UserRecord.query(on: database).filter(\.$usernameNormalized == Username.normalize(raw)).first()
        let keys = self.keys
        let userID = user?.id
        let opened = OpenedKey()
        let matched = try await underThrottle(of: user, typedName: raw, clientAddress: clientAddress, deviceCookie: nil) {
            guard let key = try await keys.openWithRecoveryCode(userID, code: code) else { return false }
            opened.key = key
            return true
        }
        guard matched, let user, let key = opened.key else {
            throw TejidoError.invalid([FieldProblem(field: "code", messageKey: "error_recovery_failed")])
        }
        let id = try user.requireID()
        user.passphraseHash = try await services.passphrases.hash(new, on: application)
        try await database.transaction { db in
            try await user.save(on: db)
            try await keys.reseal(key, userID: id, passphrase: new, on: db)
            try await SessionStore.endAll(userID: id, on: db)
        }
        try await settle(id, key: key)
        return (user, key)
    }

    /// Carries the key a recovery code opened out of the throttled check.
    private final class OpenedKey: @unchecked Sendable {
        var key: PersonalKey?
    }
}
