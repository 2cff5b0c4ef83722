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

    private func save(_ key: PersonalKey, for userID: UUID, passphrase: String, on db: any Database) async throws {
        let stretch = KeyStretch.fresh(logRounds: logRounds)
        let sealed = try await stretched { try key.sealed(under: stretch, secret: passphrase, owner: userID, kind: "passphrase") }
        try await AccountKeyRecord.query(on: db).filter(\.$userID == userID).delete()
        let record = AccountKeyRecord()
        record.userID = userID
        record.publicKey = key.publicKey.rawRepresentation
        record.sealedKey = sealed
        record.stretch = try Self.encode(stretch)
        record.createdAt = services.clock.now()
        try await record.create(on: db)
    }

    /// At sign-in, with the passphrase just checked: the person's key, opened. An account made
    /// before keys existed gets one now. If the stored key no longer opens with this passphrase (an
    /// operator set a new one from the command line), a new key is made: cases wrapped for the old
    /// one wait until someone in them restores this person's access, or their recovery code does.
    func unlock(_ userID: UUID, passphrase: String) async throws -> PersonalKey {
        guard let record = try await AccountKeyRecord.query(on: database).filter(\.$userID == userID).first() else {
            return try await create(for: userID, passphrase: passphrase, on: database)
        }
        let stretch = try Self.decode(record.stretch)
        let sealed = record.sealedKey
        if let key = try? await stretched({
            try PersonalKey.open(sealed, stretch: stretch, secret: passphrase, owner: userID, kind: "passphrase")
        }) {
            // Stretched more weakly than this server now asks (a raised cost): sealed again, stronger.
            if stretch.logRounds < logRounds { try await reseal(key, userID: userID, passphrase: passphrase) }
            return key
        }
        let key = PersonalKey.generate()
        try await save(key, for: userID, passphrase: passphrase, on: database)
        return key
    }

    /// The key sealed again under a new passphrase; the recovery code's copy stays as it was.
    func reseal(_ key: PersonalKey, userID: UUID, passphrase: String) async throws {
        let stretch = KeyStretch.fresh(logRounds: logRounds)
        let sealed = try await stretched { try key.sealed(under: stretch, secret: passphrase, owner: userID, kind: "passphrase") }
        try await AccountKeyRecord.query(on: database).filter(\.$userID == userID).set(\.$sealedKey, to: sealed)
            .set(\.$stretch, to: try Self.encode(stretch)).update()
    }

    func publicKey(of userID: UUID, on db: any Database) async throws -> (PersonalKey.Public)? {
        guard let record = try await AccountKeyRecord.query(on: db).filter(\.$userID == userID).first() else { return nil }
        return try? PersonalKey.Public(record.publicKey)
    }

    func hasRecoveryCode(_ userID: UUID) async throws -> Bool {
        try await AccountKeyRecord.query(on: database).filter(\.$userID == userID).first()?.recoveryKey != nil
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

    /// The key the recovery code opens, or nil when it opens nothing.
    func openWithRecoveryCode(_ userID: UUID, code: String) async throws -> PersonalKey? {
        guard let record = try await AccountKeyRecord.query(on: database).filter(\.$userID == userID).first(),
            let sealed = record.recoveryKey, let text = record.recoveryStretch
        else { return nil }
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
