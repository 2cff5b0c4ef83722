import Fluent
import Foundation
import SQLKit
import TejidoCore

/// Keeps a case's wraps in step with its readers. Whenever someone who holds the case's key opens
/// it, anyone who reads it but has no wrap yet (they had no key of their own when they were
/// added) gets one, anyone who no longer reads it (they left the collective) loses theirs, and a
/// case made before cases were sealed to their people loses its instance-only wrap once every
/// reader has their own. A wrap made for a key someone no longer holds is *not* replaced here:
/// that is a restore, an act someone in the case chooses and the survivor reads in the log.
struct CaseSealing {
    let store: CaseStore

    func settle(_ file: CaseFile) async throws {
        switch store.opener {
        case .nobody, .claimLink: return
        case .person, .instance: break
        }
        let readers = file.readers
        let missing = readers.filter { $0.wrapRecipient == nil && $0.publicKey != nil }
        let extra = file.people.filter { person in
            person.wrapRecipient != nil && !readers.contains { $0.userID == person.userID }
        }
        var dropInstance = false
        if file.record.wrappedKey != nil {
            // Every reader holds a wrap for the key they have now, or is about to be given one.
            dropInstance = readers.allSatisfy { reader in
                reader.publicKey != nil && (reader.wrapRecipient == nil || reader.wrapRecipient == reader.keyFingerprint)
            }
            // A place waiting to be claimed is read through its link's wrap; a link made before
            // cases were sealed has none, and keeps the instance wrap until it is used.
            for place in file.activePeople where place.userID == nil && !place.accountGone {
                if try await !store.caseKeys.hasClaimWrap(file.id, personID: place.id) { dropInstance = false }
            }
        }
        guard !missing.isEmpty || !extra.isEmpty || dropInstance else { return }
        let keys = store.caseKeys
        let vault = file.vault
        let caseID = file.id
        let drop = dropInstance
        do {
            try await store.database.transaction { db in
                for person in missing {
                    guard let userID = person.userID, let raw = person.publicKey else { continue }
                    try await keys.give(vault, to: userID, publicKey: try PersonalKey.Public(raw), on: db)
                }
                for person in extra {
                    if let userID = person.userID { try await keys.take(caseID, from: userID, on: db) }
                }
                if drop {
                    try await db.sql().update(CaseRecord.schema).set("wrapped_key", to: SQLLiteral.null)
                        .set("key_id", to: SQLLiteral.null).where("id", .equal, SQLBind(caseID)).run()
                }
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Another request settled the same case at the same moment: its wraps stand.
            return
        }
        if dropInstance {
            file.record.wrappedKey = nil
            file.record.keyID = nil
        }
    }
}

extension CaseSealing {
    /// At sign-in, once the person's key is open: each case made before cases were sealed to their
    /// people, in which they have a place, is opened with the instance key one last time for them
    /// and wrapped for every reader who has a key — and loses its instance wrap when all do.
    static func upgradeCases(of userID: UUID, database: any Database, keys: KeyRingStore) async throws {
        let rows = try await database.sql().raw(
            """
            SELECT DISTINCT c.id, c.collective_id FROM cases c JOIN case_participants p ON p.case_id = c.id
            WHERE p.user_id = \(bind: userID) AND p.removed_at IS NULL AND c.deleted_at IS NULL
            AND c.wrapped_key IS NOT NULL
            """
        ).all()
        let store = CaseStore(database: database, keys: keys, opener: .instance)
        for row in rows {
            _ = try await store.load(
                try row.decode(column: "id", as: UUID.self), in: try row.decode(column: "collective_id", as: UUID.self))
        }
    }
}
