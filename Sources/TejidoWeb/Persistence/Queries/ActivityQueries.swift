import Fluent
import Foundation
import SQLKit
import TejidoCore

/// One session as a list shows it, with its activity.
struct SessionListing: Sendable {
    let activityID: UUID
    let title: String
    let kind: ActivityKind
    let sessionID: UUID
    let startsAt: Date
    let endsAt: Date
    let place: String?
}

/// Reading activities, their sessions and who is in them.
struct ActivityQueries {
    let database: any Database

    /// Throws, rather than crashing, on a database that does not speak SQL (`PlainSQL`).
    private var sql: any SQLDatabase { get throws { try database.sql() } }

    func find(_ activityID: UUID, in collectiveID: UUID) async throws -> ActivityRecord? {
        try await ActivityRecord.query(on: database).filter(\.$id == activityID).filter(\.$collectiveID == collectiveID).first()
    }

    func facts(_ activity: ActivityRecord) async throws -> ActivityFacts {
        let id = try activity.requireID()
        return ActivityFacts(
            collectiveID: activity.collectiveID, selfOrganised: activity.selfOrganised,
            joining: ActivityJoining(rawValue: activity.joining) ?? .byChoice,
            facilitators: Set(try await ids("SELECT user_id FROM activity_facilitators WHERE activity_id = ", id)),
            members: Set(try await ids("SELECT user_id FROM activity_members WHERE state = 'member' AND activity_id = ", id)),
            closed: activity.closedAt != nil)
    }

    func askers(of activityID: UUID) async throws -> Set<UUID> {
        Set(try await ids("SELECT user_id FROM activity_members WHERE state = 'asked' AND activity_id = ", activityID))
    }

    func memberIDs(of collectiveID: UUID) async throws -> Set<UUID> {
        Set(try await ids("SELECT user_id FROM memberships WHERE collective_id = ", collectiveID))
    }

    /// The collective's members with their names, for choosing who runs an activity.
    func members(of collectiveID: UUID) async throws -> [(id: UUID, name: String)] {
        try await sql.raw(
            """
            SELECT u.id, u.username FROM memberships m JOIN users u ON u.id = m.user_id
            WHERE m.collective_id = \(bind: collectiveID) ORDER BY u.username
            """
        ).all().map { (try $0.decode(column: "id", as: UUID.self), try $0.decode(column: "username", as: String.self)) }
    }

    func sessions(of activityID: UUID) async throws -> [ActivitySessionRecord] {
        try await ActivitySessionRecord.query(on: database).filter(\.$activityID == activityID).sort(\.$startsAt).all()
    }

    func session(_ sessionID: UUID, of activityID: UUID) async throws -> ActivitySessionRecord? {
        try await ActivitySessionRecord.query(on: database).filter(\.$id == sessionID).filter(\.$activityID == activityID)
            .first()
    }

    func comers(_ sessionID: UUID) async throws -> [UUID] {
        try await ids("SELECT user_id FROM session_comings WHERE session_id = ", sessionID)
    }

    func attendance(_ sessionID: UUID) async throws -> Set<UUID> {
        Set(try await ids("SELECT user_id FROM session_attendance WHERE session_id = ", sessionID))
    }

    func adults(_ sessionID: UUID) async throws -> [UUID] {
        try await ids("SELECT user_id FROM session_adults WHERE session_id = ", sessionID)
    }

    /// Sessions of the collective's open activities: upcoming (not yet ended) soonest first, or
    /// past ones latest first.
    func listings(in collectiveID: UUID, past: Bool, now: Date) async throws -> [SessionListing] {
        let rows = try await sql.raw(
            """
            SELECT a.id AS activity_id, a.title, a.kind, s.id AS session_id, s.starts_at, s.ends_at, s.place
            FROM activity_sessions s JOIN activities a ON a.id = s.activity_id
            WHERE a.collective_id = \(bind: collectiveID) AND a.closed_at IS NULL
            AND \(unsafeRaw: past ? "s.ends_at < " : "s.ends_at >= ")\(bind: now)
            ORDER BY s.starts_at \(unsafeRaw: past ? "DESC" : "ASC") LIMIT 200
            """
        ).all()
        return try rows.map { row in
            SessionListing(
                activityID: try row.decode(column: "activity_id", as: UUID.self),
                title: try row.decode(column: "title", as: String.self),
                kind: ActivityKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .workshop,
                sessionID: try row.decode(column: "session_id", as: UUID.self),
                startsAt: try row.decode(column: "starts_at", as: Date.self),
                endsAt: try row.decode(column: "ends_at", as: Date.self),
                place: try row.decode(column: "place", as: String?.self))
        }
    }

    /// Every open activity of the collective, by title.
    func activities(in collectiveID: UUID) async throws -> [ActivityRecord] {
        try await ActivityRecord.query(on: database).filter(\.$collectiveID == collectiveID).filter(\.$closedAt == nil)
            .sort(\.$title).all()
    }

    /// What one person took part in, as recorded by those who ran it: their own, for their eyes.
    func tookPart(_ userID: UUID) async throws -> [(collective: String, title: String, startsAt: Date)] {
        try await sql.raw(
            """
            SELECT c.name, a.title, s.starts_at FROM session_attendance t
            JOIN activity_sessions s ON s.id = t.session_id JOIN activities a ON a.id = s.activity_id
            JOIN collectives c ON c.id = a.collective_id
            WHERE t.user_id = \(bind: userID) ORDER BY s.starts_at DESC
            """
        ).all().map {
            (
                try $0.decode(column: "name", as: String.self), try $0.decode(column: "title", as: String.self),
                try $0.decode(column: "starts_at", as: Date.self)
            )
        }
    }

    private func ids(_ query: String, _ id: UUID) async throws -> [UUID] {
        try await sql.raw("\(unsafeRaw: query)\(bind: id)").all().map { try $0.decode(column: "user_id", as: UUID.self) }
    }
}
