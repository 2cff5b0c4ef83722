@preconcurrency import Crypto
import Fluent
import Foundation
import SQLKit
import TejidoCore

/// Each lesson's own key, wrapped for each of its authors in `lesson_keys` under a random label
/// that names nobody: no account, no key fingerprint, no time. An author finds her lessons by
/// trying her own key on the wraps (a few dozen X25519 operations for a collective's lessons),
/// so a copied database — key file and all — does not say which account wrote which lesson, and
/// therefore not which case it came from. Every wrap is still locked with the instance key, so
/// `tejido keys rotate` re-locks them with the others (`KeyWraps.relockAll`).
struct LessonKeys {
    let keys: KeyRingStore

    static let table = "lesson_keys"
    var wraps: KeyWraps { KeyWraps(table: Self.table, scopeColumn: "lesson_id", keys: keys) }

    /// Wraps `key` for whoever holds `userID`'s account key now; false when they have none yet.
    func give(_ key: SymmetricKey, lesson: UUID, to userID: UUID, on db: any Database) async throws -> Bool {
        guard let record = try await AccountKeyRecord.query(on: db).filter(\.$userID == userID).first(),
            let publicKey = try? PersonalKey.Public(record.publicKey)
        else { return false }
        let holder = "author:" + UUID().text
        let wrap = try CaseKeyWrap.wrap(key, scope: lesson, holder: holder, to: publicKey.key)
        let (locked, keyID) = try keys.current.lock(wrap, label: wraps.lockLabel(lesson, holder))
        try await db.sql().insert(into: Self.table).columns("id", "lesson_id", "holder", "wrapped", "key_id")
            .values(SQLBind(UUID()), SQLBind(lesson), SQLBind(holder), SQLBind(locked), SQLBind(keyID)).run()
        return true
    }

    /// The lessons whose key `personal` opens, with that key: of one lesson, of one collective's,
    /// or of every collective's.
    func held(
        by personal: PersonalKey, lesson: UUID? = nil, collective: UUID? = nil, on db: any Database
    ) async throws -> [UUID: SymmetricKey] {
        var query = try db.sql().select().columns(SQLColumn("lesson_id", table: "lk"), SQLColumn("holder", table: "lk"))
            .columns(SQLColumn("wrapped", table: "lk"), SQLColumn("key_id", table: "lk"))
            .from(SQLAlias(SQLIdentifier(Self.table), as: SQLIdentifier("lk")))
            .join(
                SQLAlias(SQLIdentifier("lessons"), as: SQLIdentifier("l")), on: SQLColumn("id", table: "l"), .equal,
                SQLColumn("lesson_id", table: "lk"))
        if let lesson { query = query.where(SQLColumn("lesson_id", table: "lk"), .equal, SQLBind(lesson)) }
        if let collective { query = query.where(SQLColumn("collective_id", table: "l"), .equal, SQLBind(collective)) }
        var found: [UUID: SymmetricKey] = [:]
        for row in try await query.all() {
            let id = try row.decode(column: "lesson_id", as: UUID.self)
            let holder = try row.decode(column: "holder", as: String.self)
            let keyID = try row.decode(column: "key_id", as: String.self)
            guard
                let wrap = try? keys.ring(holding: keyID).unlock(
                    try row.decode(column: "wrapped", as: Data.self), keyID: keyID, label: wraps.lockLabel(id, holder)),
                let key = try? CaseKeyWrap.unwrap(wrap, scope: id, holder: holder, with: personal)
            else { continue }
            found[id] = key
        }
        return found
    }
}
