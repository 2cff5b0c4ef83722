import Fluent
import Foundation
import SQLKit
import TejidoCore

/// Reads and writes of a collective's skills roster. A listing counts only while its person has
/// agreed to it and still belongs to the collective: leaving takes them off every roster at once.
struct SkillQueries {
    let database: any Database

    /// The skills Tejido names, added once per collective (the unique key makes two requests
    /// adding them at once harmless).
    func ensureStarter(in collectiveID: UUID, now: Date) async throws {
        let existing = try await SkillRecord.query(on: database).filter(\.$collective.$id == collectiveID)
            .filter(\.$key != nil).count()
        guard existing == 0 else { return }
        for key in SkillKey.allCases {
            try await database.sql().raw(
                """
                INSERT INTO skills (id, collective_id, key, created_at) VALUES (\(bind: UUID()), \(bind: collectiveID), \
                \(bind: key.rawValue), \(bind: now)) ON CONFLICT DO NOTHING
                """
            ).run()
        }
    }

    /// Skills not retired, Tejido's first (in their fixed order), then the collective's own by name.
    func skills(in collectiveID: UUID) async throws -> [SkillRecord] {
        let rows = try await SkillRecord.query(on: database).filter(\.$collective.$id == collectiveID)
            .filter(\.$retiredAt == nil).all()
        let order = Dictionary(uniqueKeysWithValues: SkillKey.allCases.enumerated().map { ($1.rawValue, $0) })
        return rows.sorted {
            let left = $0.key.flatMap { order[$0] } ?? Int.max, right = $1.key.flatMap { order[$0] } ?? Int.max
            return left != right
                ? left < right : ($0.name ?? "").localizedCaseInsensitiveCompare($1.name ?? "") == .orderedAscending
        }
    }

    func skill(_ id: UUID, in collectiveID: UUID) async throws -> SkillRecord? {
        try await SkillRecord.query(on: database).filter(\.$id == id).filter(\.$collective.$id == collectiveID)
            .filter(\.$retiredAt == nil).first()
    }

    /// Someone's own entries in one collective, agreed or waiting for them.
    func listings(of userID: UUID, in collectiveID: UUID) async throws -> [SkillListingRecord] {
        try await SkillListingRecord.query(on: database).filter(\.$collective.$id == collectiveID)
            .filter(\.$user.$id == userID).with(\.$skill).all().filter { $0.skill.retiredAt == nil }
    }

    /// Agreed listings of people who still belong to the collective, with their account.
    func agreedListings(in collectiveID: UUID) async throws -> [SkillListingRecord] {
        let members = try await MembershipRecord.query(on: database).filter(\.$collective.$id == collectiveID).all()
            .map(\.$user.id)
        guard !members.isEmpty else { return [] }
        return try await SkillListingRecord.query(on: database).filter(\.$collective.$id == collectiveID)
            .filter(\.$agreedAt != nil).filter(\.$user.$id ~~ members).with(\.$skill).with(\.$user).all()
            .filter { $0.skill.retiredAt == nil }
    }

    /// Members whose training for `key` counts on `day` (current or due for renewal soon), for a
    /// children's space. Only a training the care team recorded and its person agreed to counts:
    /// what someone types about themself is not enough to be trusted with children. Willingness to
    /// be asked for cases does not matter here.
    func currentHolders(of key: SkillKey, in collectiveID: UUID, on day: Date) async throws -> Set<UUID> {
        Set(
            try await agreedListings(in: collectiveID)
                .filter {
                    $0.skill.key == key.rawValue && $0.offeredBy != nil && SkillStanding.on(day, renewBy: $0.renewBy).counts
                }
                .map(\.$user.id))
    }
}
