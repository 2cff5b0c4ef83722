import Fluent
import Foundation
import SQLKit
import TejidoCore
import Vapor

/// Each person's own key pair (`PersonalKey`): made with the account, opened with the passphrase
/// at sign-in (scrypt on the thread pool, so it never stalls the event loop), re-sealed when the
/// passphrase changes, and restorable with a recovery code. Nobody but its owner can open it.
struct AccountKeys {
    let database: any Database
    let services: TejidoServices
    let application: Application

    var logRounds: Int { services.keyStretchRounds }

    private func stretched<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await application.threadPool.runIfActive { try work() }
    }

    /// A new key pair for `userID`, sealed under `passphrase`. Call inside the caller's transaction.
    @discardableResult
    func create(for userID: UUID, passphrase: String, on db: any Database) async throws -> PersonalKey {
        let key = PersonalKey.generate()
        try await save(key, for: userID, passphrase: passphrase, on: db)
        return key
    }

    /// Stores `key` sealed under `passphrase`: a new record, or the existing one changed in one
    /// write — its recovery copy, if any, kept (it opens the key it was made for).
    private func save(_ key: PersonalKey, for userID: UUID, passphrase: String, on db: any Database) async throws {
        let stretch = KeyStretch.fresh(logRounds: logRounds)
        let sealed = try await stretched { try key.sealed(under: stretch, secret: passphrase, owner: userID, kind: "passphrase") }
        if try await AccountKeyRecord.query(on: db).filter(\.$userID == userID).count() > 0 {
            try await AccountKeyRecord.query(on: db).filter(\.$userID == userID)
                .set(\.$publicKey, to: key.publicKey.rawRepresentation).set(\.$sealedKey, to: sealed)
                .set(\.$stretch, to: try Self.encode(stretch)).update()
            return
        }
        let record = AccountKeyRecord()
        record.userID = userID
        record.publicKey = key.publicKey.rawRepresentation
        record.sealedKey = sealed
        record.stretch = try Self.encode(stretch)
        record.createdAt = services.clock.now()
        try await record.create(on: db)
    }

    /// At sign-in, with the passphrase just checked: the person's key, opened. An account made
    /// before keys existed gets one now, and so does one whose passphrase an operator set anew
    /// (`reset`): cases wrapped for the old key wait until someone in them gives this person's
    /// access back, or their recovery code brings the old key back. A stored key that does not
    /// open for any other reason (damaged, tampered with) is never replaced: signing in stops.
    func unlock(_ userID: UUID, passphrase: String) async throws -> PersonalKey {
        guard let record = try await AccountKeyRecord.query(on: database).filter(\.$userID == userID).first() else {
            return try await create(for: userID, passphrase: passphrase, on: database)
        }
        if record.sealedKey.isEmpty {
            let key = PersonalKey.generate()
            try await save(key, for: userID, passphrase: passphrase, on: database)
            return key
        }
        let stretch = try Self.decode(record.stretch)
        let sealed = record.sealedKey
        if let key = try? await stretched({
            try PersonalKey.open(sealed, stretch: stretch, secret: passphrase, owner: userID, kind: "passphrase")
        }) {
            // Stretched more weakly than this server now asks (a raised cost): sealed again, stronger.
            if stretch.logRounds < logRounds { try await save(key, for: userID, passphrase: passphrase, on: database) }
            return key
        }
        throw TejidoError.invalid([FieldProblem(field: "form", messageKey: "error_key_unopenable")])
    }

    /// The key sealed again under a new passphrase (its public half set with it, for a key a
    /// recovery code brought back); the recovery code's copy stays as it was.
    func reseal(_ key: PersonalKey, userID: UUID, passphrase: String, on db: any Database) async throws {
        try await save(key, for: userID, passphrase: passphrase, on: db)
    }

    /// An operator gave the account a new passphrase: the stored key can no longer be opened, so
    /// the next sign-in makes a new one. The recovery copy stays, and still brings the old key back.
    static func reset(_ userID: UUID, on db: any Database) async throws {
        // The public half goes with it: until they sign in and make a new key, nobody may wrap
        // anything for a key that nobody can open any more.
        try await AccountKeyRecord.query(on: db).filter(\.$userID == userID).set(\.$sealedKey, to: Data())
            .set(\.$publicKey, to: Data()).update()
    }

    func publicKey(of userID: UUID, on db: any Database) async throws -> (PersonalKey.Public)? {
        guard let record = try await AccountKeyRecord.query(on: db).filter(\.$userID == userID).first() else { return nil }
        return try? PersonalKey.Public(record.publicKey)
    }

    /// A new recovery code for the key this session holds, replacing any earlier one. Shown once.
    func makeRecoveryCode(for userID: UUID, key: PersonalKey) async throws -> String {
        let code = RecoveryCode.generate()
        let stretch = KeyStretch.fresh(logRounds: logRounds)
        let normalized = RecoveryCode.normalized(code)
        let sealed = try await stretched { try key.sealed(under: stretch, secret: normalized, owner: userID, kind: "recovery") }
        try await AccountKeyRecord.query(on: database).filter(\.$userID == userID).set(\.$recoveryKey, to: sealed)
            .set(\.$recoveryStretch, to: try Self.encode(stretch)).update()
        return code
    }

    /// The key the recovery code opens, or nil when it opens nothing. With no account or no code
    /// to try, the code is stretched all the same, so the time taken tells nobody which it was.
    func openWithRecoveryCode(_ userID: UUID?, code: String) async throws -> PersonalKey? {
        guard let userID, let record = try await AccountKeyRecord.query(on: database).filter(\.$userID == userID).first(),
            let sealed = record.recoveryKey, let text = record.recoveryStretch
        else {
            let decoy = KeyStretch.fresh(logRounds: logRounds)
            let normalized = RecoveryCode.normalized(code)
            _ = try? await stretched { _ = try decoy.key(for: normalized) }
            return nil
        }
        let stretch = try Self.decode(text)
        let normalized = RecoveryCode.normalized(code)
        return try? await stretched {
            try PersonalKey.open(sealed, stretch: stretch, secret: normalized, owner: userID, kind: "recovery")
        }
    }

    static func encode(_ stretch: KeyStretch) throws -> String {
        String(decoding: try JSONEncoder().encode(stretch), as: UTF8.self)
    }

    static func decode(_ text: String) throws -> KeyStretch {
        try JSONDecoder().decode(KeyStretch.self, from: Data(text.utf8))
    }
}
