@preconcurrency import Crypto
import Fluent
import Foundation
import SQLKit
import TejidoCore

/// Each collective's own key pair (`CollectiveKey`): what the whole collective reads from a case
/// is sealed to its public half; its private half is wrapped for every member (`KeyWraps`). Made
/// by the first member who needs it; kept in step with the membership whenever a member who
/// holds it opens the assembly.
struct CollectiveKeys {
    let database: any Database
    let keys: KeyRingStore

    var wraps: KeyWraps { .forCollectives(keys) }
    static func instanceLabel(_ collectiveID: UUID) -> String { "collective:\(collectiveID)" }

    /// The public half, to seal to; made (with the whole key) if the collective has none yet.
    func publicKey(_ collectiveID: UUID, opener: CaseOpener) async throws -> Data? {
        if let existing = try await row(collectiveID)?.publicKey { return existing }
        return try await open(collectiveID, opener: opener)?.publicKey
    }

    private struct Row {
        let publicKey: Data?
        let wrappedKey: Data?
        let keyID: String?
    }

    private func row(_ collectiveID: UUID) async throws -> Row? {
        guard
            let row = try await database.sql().select().columns("public_key", "wrapped_key", "key_id").from("collectives")
                .where("id", .equal, SQLBind(collectiveID)).first()
        else { return nil }
        return Row(
            publicKey: try row.decode(column: "public_key", as: Data?.self),
            wrappedKey: try row.decode(column: "wrapped_key", as: Data?.self),
            keyID: try row.decode(column: "key_id", as: String?.self))
    }

    /// The collective's key as `opener` holds it — their own wrap, or during an upgrade the
    /// instance's — kept in step with the membership; made first if the collective has none.
    func open(_ collectiveID: UUID, opener: CaseOpener) async throws -> CollectiveKey? {
        guard let row = try await row(collectiveID) else { return nil }
        var key: CollectiveKey?
        if case .person(let userID, let personal) = opener,
            let (locked, keyID) = try await wraps.find(collectiveID, holder: KeyWraps.holder(account: userID), on: database),
            let raw = wraps.open(locked, keyID: keyID, scope: collectiveID, userID: userID, with: personal)
        {
            key = try? CollectiveKey(collectiveID: collectiveID, privateKey: raw.withUnsafeBytes { Data($0) })
        }
        if key == nil, let wrapped = row.wrappedKey, let keyID = row.keyID,
            let raw = try? keys.ring(holding: keyID).unwrap(wrapped, keyID: keyID, label: Self.instanceLabel(collectiveID))
        {
            key = try? CollectiveKey(collectiveID: collectiveID, privateKey: raw.withUnsafeBytes { Data($0) })
        }
        if key == nil, row.publicKey == nil, case .person(let userID, _) = opener {
            key = try await create(collectiveID, by: userID)
        }
        guard let key else { return nil }
        try await settle(key, instanceWrapped: row.wrappedKey != nil)
        return key
    }

    /// A new key pair, claimed for the collective in one conditional write (two members making
    /// one at once get the same one) together with its maker's wrap, so no key is ever left that
    /// nobody holds; `settle` then wraps it for the other members.
    private func create(_ collectiveID: UUID, by userID: UUID) async throws -> CollectiveKey? {
        guard try await MembershipQueries(database: database).find(userID: userID, in: collectiveID) != nil,
            let record = try await AccountKeyRecord.query(on: database).filter(\.$userID == userID).first(),
            let publicKey = try? PersonalKey.Public(record.publicKey)
        else { return nil }
        let key = CollectiveKey.generate(collectiveID: collectiveID)
        let wraps = self.wraps
        do {
            return try await database.transaction { db in
                let claimed = try await db.sql().update("collectives").set("public_key", to: SQLBind(key.publicKey))
                    .where("id", .equal, SQLBind(collectiveID)).where("public_key", .is, SQLLiteral.null).returning("id")
                    .all()
                guard !claimed.isEmpty else { return nil }
                try await wraps.give(key.wrappable, scope: collectiveID, to: userID, publicKey: publicKey, on: db)
                return key
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            return nil
        }
    }

    /// Members whose wrap of the collective's key was made for a key they no longer hold (an
    /// operator gave them a new passphrase): an admin who knows it is really them gives it back.
    func waitingForRestore(_ collectiveID: UUID) async throws -> Set<UUID> {
        let rows = try await database.sql().raw(
            """
            SELECT ck.user_id, ck.recipient, ak.public_key FROM collective_keys ck
            JOIN account_keys ak ON ak.user_id = ck.user_id WHERE ck.collective_id = \(bind: collectiveID)
            """
        ).all()
        var waiting: Set<UUID> = []
        for row in rows {
            let recipient = try row.decode(column: "recipient", as: String.self)
            let publicKey = try row.decode(column: "public_key", as: Data.self)
            // An emptied key (reset, not signed in since) waits until there is a new one to give it to.
            if !publicKey.isEmpty, PersonalKey.fingerprint(publicKey) != recipient {
                waiting.insert(try row.decode(column: "user_id", as: UUID.self))
            }
        }
        return waiting
    }

    /// Gives `userID` the collective's key again, for the key their account holds now.
    func restore(_ collectiveID: UUID, to userID: UUID, by opener: CaseOpener) async throws {
        guard try await waitingForRestore(collectiveID).contains(userID),
            let key = try await open(collectiveID, opener: opener),
            try await wraps.give(key.wrappable, scope: collectiveID, to: userID, on: database)
        else { throw TejidoError.notFound }
    }

    /// Every member with a key of their own holds a wrap; nobody else does; and the instance wrap
    /// left by an upgrade goes once every member has theirs.
    private func settle(_ key: CollectiveKey, instanceWrapped: Bool) async throws {
        let collectiveID = key.collectiveID
        let sql = try database.sql()
        let members = try await sql.raw(
            """
            SELECT m.user_id, ak.public_key, ck.recipient FROM memberships m
            LEFT JOIN account_keys ak ON ak.user_id = m.user_id
            LEFT JOIN collective_keys ck ON ck.collective_id = m.collective_id AND ck.user_id = m.user_id
            WHERE m.collective_id = \(bind: collectiveID)
            """
        ).all()
        var missing: [(UUID, PersonalKey.Public)] = []
        var allHold = true
        for row in members {
            let userID = try row.decode(column: "user_id", as: UUID.self)
            let recipient = try row.decode(column: "recipient", as: String?.self)
            guard let raw = try row.decode(column: "public_key", as: Data?.self), let publicKey = try? PersonalKey.Public(raw)
            else {
                allHold = false
                continue
            }
            // Only a member with no wrap at all: one made for a key they no longer hold waits for
            // an admin to give it back (`restore`), as a case waits for someone in it.
            if recipient == nil { missing.append((userID, publicKey)) }
        }
        let strangers = try await sql.raw(
            """
            SELECT ck.user_id FROM collective_keys ck WHERE ck.collective_id = \(bind: collectiveID)
            AND ck.user_id IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM memberships m WHERE m.collective_id = ck.collective_id AND m.user_id = ck.user_id)
            """
        ).all().map { try $0.decode(column: "user_id", as: UUID.self) }
        let dropInstance = instanceWrapped && allHold
        guard !missing.isEmpty || !strangers.isEmpty || dropInstance else { return }
        let wraps = self.wraps
        let toWrap = missing
        do {
            try await database.transaction { db in
                for (userID, publicKey) in toWrap {
                    try await wraps.give(key.wrappable, scope: collectiveID, to: userID, publicKey: publicKey, on: db)
                }
                for userID in strangers { try await wraps.take(collectiveID, from: userID, on: db) }
                if dropInstance {
                    try await db.sql().update("collectives").set("wrapped_key", to: SQLLiteral.null)
                        .set("key_id", to: SQLLiteral.null).where("id", .equal, SQLBind(collectiveID)).run()
                }
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Another request settled the same collective at the same moment.
        }
    }
}
