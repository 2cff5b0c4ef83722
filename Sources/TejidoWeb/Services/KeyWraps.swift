@preconcurrency import Crypto
import Fluent
import Foundation
import SQLKit
import TejidoCore

/// A table of wrapped keys: one key (a case's data key, a collective's private key) wrapped for
/// each of its holders — a person's public key (`CaseKeyWrap`, HPKE) or a link's secret — and
/// every wrap locked with the instance key as well, so a database copied without the key file
/// yields nothing and `tejido keys rotate` can re-lock them all without opening any.
struct KeyWraps {
    /// `case_keys` or `collective_keys`.
    let table: String
    /// `case_id` or `collective_id`.
    let scopeColumn: String
    let keys: KeyRingStore

    static let cases = "case_keys"
    static let collectives = "collective_keys"

    static func forCases(_ keys: KeyRingStore) -> KeyWraps { KeyWraps(table: cases, scopeColumn: "case_id", keys: keys) }
    static func forCollectives(_ keys: KeyRingStore) -> KeyWraps {
        KeyWraps(table: collectives, scopeColumn: "collective_id", keys: keys)
    }

    static func holder(account userID: UUID) -> String { "account:\(userID)" }

    func lockLabel(_ scope: UUID, _ holder: String) -> String { "\(table):\(scope):\(holder)" }

    /// Wraps `key` for `userID`'s public key, replacing any earlier wrap of theirs.
    func give(
        _ key: SymmetricKey, scope: UUID, to userID: UUID, publicKey: PersonalKey.Public, on db: any Database
    )
        async throws
    {
        let holder = Self.holder(account: userID)
        let wrap = try CaseKeyWrap.wrap(key, scope: scope, holder: holder, to: publicKey.key)
        try await store(wrap, scope: scope, userID: userID, holder: holder, recipient: publicKey.fingerprint, on: db)
    }

    /// Wraps `key` for whoever holds `userID`'s account key now; false when they have none yet.
    @discardableResult
    func give(_ key: SymmetricKey, scope: UUID, to userID: UUID, on db: any Database) async throws -> Bool {
        guard let record = try await AccountKeyRecord.query(on: db).filter(\.$userID == userID).first(),
            let publicKey = try? PersonalKey.Public(record.publicKey)
        else { return false }
        try await give(key, scope: scope, to: userID, publicKey: publicKey, on: db)
        return true
    }

    /// Wraps `key` under a link's secret, for the holder the link stands for.
    func give(_ key: SymmetricKey, scope: UUID, holder: String, secret: String, on db: any Database) async throws {
        let wrap = try CaseKeyWrap.wrap(key, scope: scope, holder: holder, secret: secret)
        try await store(wrap, scope: scope, userID: nil, holder: holder, recipient: "link", on: db)
    }

    private func store(
        _ wrap: Data, scope: UUID, userID: UUID?, holder: String, recipient: String, on db: any Database
    ) async throws {
        let (locked, keyID) = try keys.current.lock(wrap, label: lockLabel(scope, holder))
        let sql = try db.sql()
        try await take(scope, holder: holder, on: db)
        try await sql.insert(into: table)
            .columns("id", scopeColumn, "user_id", "holder", "recipient", "wrapped", "key_id", "created_at")
            .values(
                SQLBind(UUID()), SQLBind(scope), SQLBind(userID), SQLBind(holder), SQLBind(recipient), SQLBind(locked),
                SQLBind(keyID), SQLBind(Date())
            ).run()
    }

    func take(_ scope: UUID, holder: String, on db: any Database) async throws {
        try await db.sql().delete(from: table).where(SQLColumn(scopeColumn), .equal, SQLBind(scope))
            .where("holder", .equal, SQLBind(holder)).run()
    }

    func take(_ scope: UUID, from userID: UUID, on db: any Database) async throws {
        try await take(scope, holder: Self.holder(account: userID), on: db)
    }

    /// Opens a stored wrap for a person: the instance key's lock, then their own.
    func open(_ locked: Data, keyID: String, scope: UUID, userID: UUID, with key: PersonalKey) -> SymmetricKey? {
        let holder = Self.holder(account: userID)
        guard let wrap = try? keys.ring(holding: keyID).unlock(locked, keyID: keyID, label: lockLabel(scope, holder))
        else { return nil }
        return try? CaseKeyWrap.unwrap(wrap, scope: scope, holder: holder, with: key)
    }

    /// The stored wrap of `holder`, if any: locked bytes and the instance key that locked them.
    func find(_ scope: UUID, holder: String, on db: any Database) async throws -> (Data, String)? {
        guard
            let row = try await db.sql().select().columns("wrapped", "key_id").from(table)
                .where(SQLColumn(scopeColumn), .equal, SQLBind(scope)).where("holder", .equal, SQLBind(holder)).first()
        else { return nil }
        return (try row.decode(column: "wrapped", as: Data.self), try row.decode(column: "key_id", as: String.self))
    }

    /// Opens a link's wrap with its secret.
    func open(_ scope: UUID, holder: String, secret: String, on db: any Database) async throws -> SymmetricKey? {
        guard let (locked, keyID) = try await find(scope, holder: holder, on: db),
            let wrap = try? keys.ring(holding: keyID).unlock(locked, keyID: keyID, label: lockLabel(scope, holder))
        else { return nil }
        return try? CaseKeyWrap.unwrap(wrap, scope: scope, holder: holder, secret: secret)
    }

    /// `tejido keys rotate`: every wrap re-locked with the current instance key. Opens no wrap.
    func relockAll(on db: any Database) async throws -> Int {
        let ring = keys.current
        let sql = try db.sql()
        var count = 0
        for row in try await sql.select().columns("id", scopeColumn, "holder", "wrapped", "key_id").from(table).all() {
            let keyID = try row.decode(column: "key_id", as: String.self)
            guard keyID != ring.currentID else { continue }
            let scope = try row.decode(column: scopeColumn, as: UUID.self)
            let holder = try row.decode(column: "holder", as: String.self)
            let label = lockLabel(scope, holder)
            let wrap = try ring.unlock(try row.decode(column: "wrapped", as: Data.self), keyID: keyID, label: label)
            let (locked, freshID) = try ring.lock(wrap, label: label)
            try await sql.update(table).set("wrapped", to: SQLBind(locked)).set("key_id", to: SQLBind(freshID))
                .where("id", .equal, SQLBind(try row.decode(column: "id", as: UUID.self))).run()
            count += 1
        }
        return count
    }
}
