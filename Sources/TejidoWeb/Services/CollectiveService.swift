@preconcurrency import Crypto
import Fluent
import FluentSQL
import TejidoCore
import Vapor

/// Collectives and who belongs to them.
struct CollectiveService {
    let database: any Database
    let now: Date

    /// Creates a collective at a new random address and makes `adminUserID` its first admin. Its
    /// protocol starts as a draft (version 1) from the template unless told otherwise.
    func create(
        name raw: String, adminUserID: UUID, protocol start: ProtocolService.Start = .template, on db: any Database
    ) async throws -> CollectiveRecord {
        let name = try CollectiveName.validated(raw)
        var slug = CollectiveName.newAddress()
        while try await CollectiveRecord.query(on: db).filter(\.$slug == slug).count() > 0 {
            slug = CollectiveName.newAddress()
        }
        let collective = CollectiveRecord(name: name, slug: slug, createdAt: now)
        try await collective.save(on: db)
        try await MembershipRecord(userID: adminUserID, collectiveID: collective.requireID(), role: .admin, joinedAt: now)
            .save(on: db)
        try await ProtocolService(database: db, now: now).begin(
            collectiveID: collective.requireID(), with: start.document, authorID: adminUserID,
            note: start == .template ? "Tejido template · plantilla de Tejido" : nil, on: db)
        try await DirectoryService(database: db, now: now).save(StarterDirectory.entries, in: collective.requireID(), on: db)
        return collective
    }

    /// Every page inside a collective starts here, so the query is plain SQL.
    func find(slug: String) async throws -> CollectiveRecord? {
        try await database.sql().raw("SELECT * FROM collectives WHERE slug = \(bind: slug)").first()?
            .decode(fluentModel: CollectiveRecord.self)
    }

    func members(of collectiveID: UUID) async throws -> [MembershipRecord] {
        try await MembershipRecord.query(on: database)
            .filter(\.$collective.$id == collectiveID)
            .with(\.$user)
            .all()
            .sorted { $0.user.username.localizedCaseInsensitiveCompare($1.user.username) == .orderedAscending }
    }

    func changeRole(_ membership: MembershipRecord, to role: CollectiveRole) async throws {
        try await database.transaction { db in
            let admins = try await MembershipQueries(database: db).adminCount(in: membership.$collective.id)
            try MembershipRules.checkAdminRemains(currentRole: membership.role, newRole: role, adminCount: admins)
            membership.roleValue = role.rawValue
            try await membership.save(on: db)
        }
    }

    /// Removes a membership (an admin removing someone, or a person leaving). Their sessions stay;
    /// the membership is simply gone from the next request on. Each case they are in records it;
    /// the person harmed keeps her place in her own cases (the access policy says so).
    /// `removal` is an admin's: who removes, why (required), and the key that seals the reason;
    /// nil when the person leaves on their own.
    func remove(
        _ membership: MembershipRecord, keys: KeyRingStore, removal: (by: UUID, reason: String, key: SymmetricKey)? = nil
    ) async throws {
        let reason = try removal.map { try MemberRemovals.validatedReason($0.reason) }
        try await database.transaction { db in
            let admins = try await MembershipQueries(database: db).adminCount(in: membership.$collective.id)
            try MembershipRules.checkAdminRemains(currentRole: membership.role, newRole: nil, adminCount: admins)
            try await membership.delete(on: db)
            if let removal, let reason {
                try await MemberRemovals.record(membership, reason: reason, by: removal.by, at: now, key: removal.key, on: db)
            }
            try await CaseStore(database: db, keys: keys).noteLeaving(
                membership.$user.id, collectiveID: membership.$collective.id, removed: removal != nil, at: now)
            // The collective's key goes at once. (Their wraps of its cases go the next time someone
            // in each case opens it: nothing in clear says which case is hers to keep.)
            try await KeyWraps.forCollectives(keys).take(membership.$collective.id, from: membership.$user.id, on: db)
            // Leaving the collective is leaving its groups: their wraps of each group's key go too.
            try await GroupService.leaveAll(
                of: membership.$user.id, in: membership.$collective.id, keys: keys, at: now, on: db)
        }
    }

    /// The instance's only collective, when it has exactly one. Pages that need no account (help,
    /// the home page) point to its public directory then; with several, they name none of them,
    /// so strangers cannot list an instance's collectives.
    func sole() async throws -> CollectiveRecord? {
        let two = try await CollectiveRecord.query(on: database).limit(2).all()
        return two.count == 1 ? two[0] : nil
    }

    /// Closed cases are kept at least a month (time to change one's mind) and at most ten years.
    static let retentionDays = 30...3_650

    func updateSettings(
        _ collective: CollectiveRecord, name raw: String, exitURL rawExit: String, retentionDays rawRetention: String? = nil,
        assembly: (method: String, quorumPercent: String, hidePositions: Bool)? = nil
    ) async throws {
        var problems: [FieldProblem] = []
        var name = collective.name
        do { name = try CollectiveName.validated(raw, field: "name") } catch let TejidoError.invalid(found) { problems += found }
        let exit = rawExit.trimmingCharacters(in: .whitespaces)
        if !exit.isEmpty, !ExitDestination.isAcceptable(exit, requireHTTPS: true) {
            problems.append(FieldProblem(field: "exit_url", messageKey: "error_exit_url"))
        }
        var retention = collective.caseRetentionDays
        if let rawRetention, !rawRetention.trimmingCharacters(in: .whitespaces).isEmpty {
            if let days = Int(rawRetention.trimmingCharacters(in: .whitespaces)), Self.retentionDays.contains(days) {
                retention = days
            } else {
                problems.append(FieldProblem(field: "retention_days", messageKey: "error_retention_days"))
            }
        }
        var settings = collective.assemblySettings
        if let assembly {
            do {
                settings = try AssemblySettings.validated(
                    method: assembly.method, quorumPercent: assembly.quorumPercent, hidePositions: assembly.hidePositions)
            } catch TejidoError.invalid(let found) { problems += found }
        }
        try problems.throwIfAny()
        collective.decisionMethod = settings.method.rawValue
        collective.quorumPercent = settings.quorumPercent
        collective.hidePositions = settings.hidePositions
        collective.caseRetentionDays = retention
        collective.name = name
        collective.exitURL = exit.isEmpty ? nil : exit
        try await collective.save(on: database)
    }
}
