import Fluent
import TejidoCore
import Vapor

/// Reads about memberships. Every query here is scoped by a collective or a user id.
enum MembershipQueries {
    static func summaries(userID: UUID, on database: any Database) async throws -> [MembershipSummary] {
        try await MembershipRecord.query(on: database)
            .filter(\.$user.$id == userID)
            .with(\.$collective)
            .all()
            .compactMap { membership in
                guard let id = membership.collective.id else { return nil }
                return MembershipSummary(
                    collectiveID: id, name: membership.collective.name,
                    slug: membership.collective.slug, role: membership.role,
                    exitURL: membership.collective.exitURL)
            }
            .sorted { $0.name.localizedCaseInsensitiveCompare($1.name) == .orderedAscending }
    }

    /// One membership of one collective; nil when the id belongs to another collective or none.
    static func find(_ membershipID: UUID, in collectiveID: UUID, on database: any Database) async throws -> MembershipRecord? {
        try await MembershipRecord.query(on: database)
            .filter(\.$id == membershipID)
            .filter(\.$collective.$id == collectiveID)
            .with(\.$user)
            .first()
    }

    /// A person's own membership of one collective, if they have one.
    static func find(userID: UUID, in collectiveID: UUID, on database: any Database) async throws -> MembershipRecord? {
        try await MembershipRecord.query(on: database)
            .filter(\.$user.$id == userID)
            .filter(\.$collective.$id == collectiveID)
            .first()
    }

    static func adminCount(in collectiveID: UUID, on database: any Database) async throws -> Int {
        try await MembershipRecord.query(on: database)
            .filter(\.$collective.$id == collectiveID)
            .filter(\.$roleValue == CollectiveRole.admin.rawValue)
            .count()
    }
}

/// Account names for display, looked up once for many ids.
enum UserQueries {
    static func usernames(_ ids: some Collection<UUID>, on database: any Database) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        let users = try await UserRecord.query(on: database).filter(\.$id ~~ Array(ids)).all()
        return Dictionary(users.compactMap { user in user.id.map { ($0, user.username) } }, uniquingKeysWith: { a, _ in a })
    }
}
