import Fluent
import SQLKit
import TejidoCore
import Vapor

/// Reads about memberships. Every query here is scoped by a collective or a user id.
struct MembershipQueries {
    let database: any Database

    /// The collectives someone belongs to, by name: one joined query. (A signed-in request gets
    /// the same from its session query, through `summaries(from:)`.)
    func summaries(userID: UUID) async throws -> [MembershipSummary] {
        try Self.summaries(
            from: try await database.sql().raw(
                """
                SELECT m.role AS membership_role, c.* FROM memberships m
                JOIN collectives c ON c.id = m.collective_id WHERE m.user_id = \(bind: userID)
                """
            ).all())
    }

    /// Rows holding a collective's columns and `membership_role`, as summaries sorted by name;
    /// a row without a membership (an account that belongs nowhere) is left out. Each keeps its
    /// row, so pages in that collective need not read it again.
    static func summaries(from rows: [any SQLRow]) throws -> [MembershipSummary] {
        try rows.compactMap { row in
            guard let role = try row.decode(column: "membership_role", as: String?.self) else { return nil }
            return MembershipSummary(
                collectiveID: try row.decode(column: "id", as: UUID.self), name: try row.decode(column: "name", as: String.self),
                slug: try row.decode(column: "slug", as: String.self), role: CollectiveRole(rawValue: role) ?? .member,
                exitURL: try row.decode(column: "exit_url", as: String?.self), stored: StoredCollective(row: row))
        }
        .sorted { $0.name.localizedCaseInsensitiveCompare($1.name) == .orderedAscending }
    }

    /// One membership of one collective; nil when the id belongs to another collective or none.
    func find(_ membershipID: UUID, in collectiveID: UUID) async throws -> MembershipRecord? {
        try await MembershipRecord.query(on: database)
            .filter(\.$id == membershipID)
            .filter(\.$collective.$id == collectiveID)
            .with(\.$user)
            .first()
    }

    /// A person's own membership of one collective, if they have one.
    func find(userID: UUID, in collectiveID: UUID) async throws -> MembershipRecord? {
        try await MembershipRecord.query(on: database)
            .filter(\.$user.$id == userID)
            .filter(\.$collective.$id == collectiveID)
            .first()
    }

    func adminCount(in collectiveID: UUID) async throws -> Int {
        try await MembershipRecord.query(on: database)
            .filter(\.$collective.$id == collectiveID)
            .filter(\.$roleValue == CollectiveRole.admin.rawValue)
            .count()
    }
}

/// A collective's row as the session's query read it: decoded into a record only by a page inside
/// that collective, so other pages pay nothing for it.
struct StoredCollective: Sendable {
    fileprivate let row: any SQLRow

    func record() throws -> CollectiveRecord { try row.decode(fluentModel: CollectiveRecord.self) }
}
