@preconcurrency import Crypto
import Fluent
import Foundation
import SQLKit
import TejidoCore

/// Groups that govern themselves: asking to join, the group's answer, leaving, and its notes,
/// sealed with the group's own key. That key exists only as wraps for each current member
/// (`group_keys`), so nobody outside the group — an admin, the care team, the server with its key
/// file — can read a note while no member is signed in and asking.
struct GroupService {
    let database: any Database
    let keys: KeyRingStore
    let now: Date

    var wraps: KeyWraps { .forGroups(keys) }

    static func addMember(_ userID: UUID, to activityID: UUID, at now: Date, on db: any Database) async throws {
        let sql = try db.sql()
        try await sql.delete(from: "activity_members").where("activity_id", .equal, SQLBind(activityID))
            .where("user_id", .equal, SQLBind(userID)).run()
        try await sql.insert(into: "activity_members").columns("id", "activity_id", "user_id", "state", "at")
            .values(SQLBind(UUID()), SQLBind(activityID), SQLBind(userID), SQLBind("member"), SQLBind(now)).run()
    }

    /// Asks to join; asking again while the first request waits changes nothing.
    func askToJoin(_ activityID: UUID, userID: UUID) async throws {
        do {
            try await database.sql().insert(into: "activity_members").columns("id", "activity_id", "user_id", "state", "at")
                .values(SQLBind(UUID()), SQLBind(activityID), SQLBind(userID), SQLBind("asked"), SQLBind(now)).run()
        } catch let error as any DatabaseError where error.isConstraintFailure {
            return
        }
    }

    /// A member of the group (or a facilitator of a facilitated activity) answers a request. On
    /// "yes" to a self-organised group, the one answering opens the group's key with their own and
    /// wraps it for the newcomer, in the same transaction that takes them in.
    func decide(
        _ requestUserID: UUID, accept: Bool, activity: ActivityRecord, opener: CaseOpener
    ) async throws {
        let activityID = try activity.requireID()
        guard try await ActivityQueries(database: database).askers(of: activityID).contains(requestUserID) else {
            throw TejidoError.notFound
        }
        guard accept else {
            try await database.sql().delete(from: "activity_members").where("activity_id", .equal, SQLBind(activityID))
                .where("user_id", .equal, SQLBind(requestUserID)).where("state", .equal, SQLBind("asked")).run()
            return
        }
        let groupKey: SymmetricKey?
        if activity.selfOrganised {
            guard let key = try await openKey(activityID, opener: opener) else {
                throw TejidoError.conflict(messageKey: "error_group_key_unavailable")
            }
            groupKey = key
        } else {
            groupKey = nil
        }
        let wraps = self.wraps
        let now = self.now
        do {
            try await database.transaction { db in
                try await Self.addMember(requestUserID, to: activityID, at: now, on: db)
                if let groupKey { try await wraps.give(groupKey, scope: activityID, to: requestUserID, on: db) }
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Two members welcomed them at the same moment: one welcome took them in.
        }
    }

    /// Leaves at once: the membership and the wrap of the key go together. When the last member of
    /// a self-organised group leaves, the group closes and its notes, now unreadable by anyone,
    /// are deleted.
    static func leave(_ activityID: UUID, userID: UUID, keys: KeyRingStore, at now: Date, on db: any Database) async throws {
        let sql = try db.sql()
        try await sql.delete(from: "activity_members").where("activity_id", .equal, SQLBind(activityID))
            .where("user_id", .equal, SQLBind(userID)).run()
        try await KeyWraps.forGroups(keys).take(activityID, from: userID, on: db)
        let left =
            try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("activity_members")
            .where("activity_id", .equal, SQLBind(activityID)).where("state", .equal, SQLBind("member"))
            .first()?.decode(column: "n", as: Int.self) ?? 0
        let selfOrganised =
            try await ActivityRecord.query(on: db).filter(\.$id == activityID).first()?.selfOrganised ?? false
        if left == 0 && selfOrganised {
            try await ActivityRecord.query(on: db).filter(\.$id == activityID).set(\.$closedAt, to: now).update()
            try await sql.delete(from: "group_notes").where("activity_id", .equal, SQLBind(activityID)).run()
            try await sql.delete(from: "group_keys").where("group_id", .equal, SQLBind(activityID)).run()
            try await sql.delete(from: "activity_members").where("activity_id", .equal, SQLBind(activityID)).run()
        }
    }

    func leave(_ activityID: UUID, userID: UUID) async throws {
        let keys = self.keys
        let now = self.now
        try await database.transaction { db in try await Self.leave(activityID, userID: userID, keys: keys, at: now, on: db) }
    }

    /// Someone leaving the collective (or removed from it) leaves each of its groups with it.
    static func leaveAll(
        of userID: UUID, in collectiveID: UUID, keys: KeyRingStore, at now: Date, on db: any Database
    )
        async throws
    {
        let rows = try await db.sql().raw(
            """
            SELECT m.activity_id FROM activity_members m JOIN activities a ON a.id = m.activity_id
            WHERE m.user_id = \(bind: userID) AND a.collective_id = \(bind: collectiveID)
            """
        ).all()
        for row in rows {
            try await leave(try row.decode(column: "activity_id", as: UUID.self), userID: userID, keys: keys, at: now, on: db)
        }
    }

    // MARK: Notes

    /// The group's key, opened with the asking member's own key from their session.
    func openKey(_ activityID: UUID, opener: CaseOpener) async throws -> SymmetricKey? {
        guard case .person(let userID, let personal) = opener,
            let (locked, keyID) = try await wraps.find(activityID, holder: KeyWraps.holder(account: userID), on: database)
        else { return nil }
        return wraps.open(locked, keyID: keyID, scope: activityID, userID: userID, with: personal)
    }

    /// The notes, newest first; nil when the reader's key does not open the group's.
    func notes(_ activityID: UUID, opener: CaseOpener) async throws -> [(at: Date, note: GroupNote)]? {
        guard let key = try await openKey(activityID, opener: opener) else { return nil }
        try await settle(activityID, key: key)
        let records = try await GroupNoteRecord.query(on: database).filter(\.$activityID == activityID)
            .sort(\.$writtenAt, .descending).all()
        return try records.map { record in
            let context = GroupNote.sealingContext(activityID: activityID, noteID: try record.requireID())
            let data = try Sealing.open(record.sealed, with: key, associatedData: Data(context.utf8))
            return (record.writtenAt, try JSONDecoder().decode(GroupNote.self, from: data))
        }
    }

    func write(_ note: GroupNote, in activityID: UUID, opener: CaseOpener) async throws {
        guard let key = try await openKey(activityID, opener: opener) else {
            throw TejidoError.conflict(messageKey: "error_group_key_unavailable")
        }
        // The same note sent twice in a row (a double click, a reload) is kept once.
        if let latest = try await GroupNoteRecord.query(on: database).filter(\.$activityID == activityID)
            .sort(\.$writtenAt, .descending).first(), now.timeIntervalSince(latest.writtenAt) < 600,
            let latestID = latest.id,
            let opened = try? Sealing.open(
                latest.sealed, with: key,
                associatedData: Data(GroupNote.sealingContext(activityID: activityID, noteID: latestID).utf8)),
            (try? JSONDecoder().decode(GroupNote.self, from: opened)) == note
        {
            return
        }
        let record = GroupNoteRecord()
        let id = UUID()
        record.id = id
        record.activityID = activityID
        record.sealed = try Sealing.seal(
            try JSONEncoder().encode(note), with: key,
            associatedData: Data(GroupNote.sealingContext(activityID: activityID, noteID: id).utf8))
        record.writtenAt = now
        try await record.create(on: database)
    }

    /// A member taken in before they had a key of their own gets their wrap the next time another
    /// member opens the notes.
    private func settle(_ activityID: UUID, key: SymmetricKey) async throws {
        let rows = try await database.sql().raw(
            """
            SELECT m.user_id FROM activity_members m
            LEFT JOIN group_keys k ON k.group_id = m.activity_id AND k.user_id = m.user_id
            WHERE m.activity_id = \(bind: activityID) AND m.state = 'member' AND k.id IS NULL
            """
        ).all()
        for row in rows {
            try await wraps.give(key, scope: activityID, to: try row.decode(column: "user_id", as: UUID.self), on: database)
        }
    }
}
