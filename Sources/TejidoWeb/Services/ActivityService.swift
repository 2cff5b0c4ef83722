@preconcurrency import Crypto
import Fluent
import Foundation
import SQLKit
import TejidoCore

/// Who, on a given day, holds a current child-safeguarding skill in a collective. The skills roster
/// answers it (`SkillQueries.currentHolders`, see `Request.safeguardingHolders`); a closure here
/// keeps planning a session independent of how the roster is stored.
typealias SafeguardingHolders = @Sendable (_ collectiveID: UUID, _ day: Date, _ db: any Database) async throws -> Set<UUID>

/// Creating activities, planning their sessions, saying one will come, and recording who came.
struct ActivityService {
    let database: any Database
    let keys: KeyRingStore
    let now: Date

    /// Creates an activity. A self-organised group has no facilitators: whoever starts it is its
    /// first member and holds its key. Facilitators must be members of the collective.
    func create(
        _ details: ActivityDetails, facilitators: [UUID], in collectiveID: UUID, by userID: UUID
    ) async throws -> UUID {
        let runners = details.selfOrganised ? [] : Array(Set(facilitators))
        if !details.selfOrganised {
            let members = try await ActivityQueries(database: database).memberIDs(of: collectiveID)
            if runners.isEmpty || !Set(runners).isSubset(of: members) {
                throw TejidoError.invalid([FieldProblem(field: "facilitators", messageKey: "error_activity_facilitators")])
            }
        }
        // The same form sent twice (a double click, a reload) lands on what the first one made.
        if let same = try await ActivityRecord.query(on: database).filter(\.$collectiveID == collectiveID)
            .filter(\.$createdBy == userID).filter(\.$title == details.title).filter(\.$closedAt == nil)
            .filter(\.$createdAt >= now.addingTimeInterval(-600)).first()
        {
            return try same.requireID()
        }
        let id = UUID()
        let now = self.now
        let wraps = KeyWraps.forGroups(keys)
        try await database.transaction { db in
            let record = ActivityRecord()
            record.id = id
            record.collectiveID = collectiveID
            record.kind = details.kind.rawValue
            record.title = details.title
            record.description = details.description
            record.joining = details.joining.rawValue
            record.selfOrganised = details.selfOrganised
            record.requiresSafeguarding = details.requiresSafeguarding
            record.createdBy = userID
            record.createdAt = now
            try await record.create(on: db)
            let sql = try db.sql()
            for person in runners {
                try await sql.insert(into: "activity_facilitators").columns("id", "activity_id", "user_id")
                    .values(SQLBind(UUID()), SQLBind(id), SQLBind(person)).run()
            }
            if details.selfOrganised {
                try await GroupService.addMember(userID, to: id, at: now, on: db)
                // The group's own key, held only as wraps for its members.
                try await wraps.give(SymmetricKey(size: .bits256), scope: id, to: userID, on: db)
            }
        }
        return id
    }

    /// Adds a session. A children's space that requires it refuses a plan with any adult not
    /// covered by a current child-safeguarding skill on the session's day, naming each.
    func addSession(
        _ plan: SessionPlan, to activity: ActivityRecord, facts: ActivityFacts, holders: SafeguardingHolders
    ) async throws {
        let runners = facts.selfOrganised ? facts.members : facts.facilitators
        if !Set(plan.adults).isSubset(of: runners) {
            throw TejidoError.invalid([FieldProblem(field: "adults", messageKey: "error_session_adults_unknown")])
        }
        if activity.requiresSafeguarding {
            let covered = try await holders(activity.collectiveID, plan.startsAt, database)
            try SafeguardingRule.check(plan, currentHolders: covered, required: true)
        }
        let activityID = try activity.requireID()
        // A session planned twice at the same times is the same session sent twice.
        let twice = try await ActivitySessionRecord.query(on: database).filter(\.$activityID == activityID)
            .filter(\.$startsAt == plan.startsAt).filter(\.$endsAt == plan.endsAt).count()
        if twice > 0 { return }
        let now = self.now
        try await database.transaction { db in
            let session = ActivitySessionRecord()
            let sessionID = UUID()
            session.id = sessionID
            session.activityID = activityID
            session.startsAt = plan.startsAt
            session.endsAt = plan.endsAt
            session.place = plan.place
            session.language = plan.language.rawValue
            session.createdAt = now
            try await session.create(on: db)
            let sql = try db.sql()
            for adult in Set(plan.adults) {
                try await sql.insert(into: "session_adults").columns("id", "session_id", "user_id")
                    .values(SQLBind(UUID()), SQLBind(sessionID), SQLBind(adult)).run()
            }
        }
    }

    /// Says `userID` will come to a session, or takes it back. Saying it twice changes nothing.
    func setComing(_ coming: Bool, session sessionID: UUID, userID: UUID) async throws {
        let sql = try database.sql()
        try await sql.delete(from: "session_comings").where("session_id", .equal, SQLBind(sessionID))
            .where("user_id", .equal, SQLBind(userID)).run()
        guard coming else { return }
        do {
            try await sql.insert(into: "session_comings").columns("id", "session_id", "user_id", "at")
                .values(SQLBind(UUID()), SQLBind(sessionID), SQLBind(userID), SQLBind(now)).run()
        } catch let error as any DatabaseError where error.isConstraintFailure {
            return  // A double submit: the other request already said it.
        }
    }

    /// Records who took part in a session that has begun: exactly the people in `present`, each of
    /// whom must be among those the session's page offered.
    func recordAttendance(
        _ present: Set<UUID>, session: ActivitySessionRecord, offered: Set<UUID>, by userID: UUID
    ) async throws {
        guard session.startsAt <= now else {
            throw TejidoError.invalid([FieldProblem(field: "form", messageKey: "error_attendance_too_early")])
        }
        guard present.isSubset(of: offered) else {
            throw TejidoError.invalid([FieldProblem(field: "form", messageKey: "error_attendance_unknown")])
        }
        let sessionID = try session.requireID()
        let now = self.now
        do {
            try await database.transaction { db in
                let sql = try db.sql()
                try await sql.delete(from: "session_attendance").where("session_id", .equal, SQLBind(sessionID)).run()
                for person in present {
                    try await sql.insert(into: "session_attendance")
                        .columns("id", "session_id", "user_id", "recorded_by", "recorded_at")
                        .values(SQLBind(UUID()), SQLBind(sessionID), SQLBind(person), SQLBind(userID), SQLBind(now)).run()
                }
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Two saves of the same list at once (a double press, two people running it): the
            // other one's list stands, whole.
        }
    }
}

extension KeyWraps {
    /// Each self-organised group's key, wrapped for each of its members.
    static let groups = "group_keys"

    static func forGroups(_ keys: KeyRingStore) -> KeyWraps { KeyWraps(table: groups, scopeColumn: "group_id", keys: keys) }
}
