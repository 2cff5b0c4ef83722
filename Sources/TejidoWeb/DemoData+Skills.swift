import Fluent
import Foundation
import TejidoCore
import Vapor

extension Application {
    /// The demo's skills roster: a few members listed (one due for renewal), and a training the
    /// care team recorded that waits for demo-lu's answer.
    func demoSkills(collectiveID: UUID, ids: [String: UUID], now: Date) async throws {
        let queries = SkillQueries(database: db)
        try await queries.ensureStarter(in: collectiveID, now: now)
        let skills = try await queries.skills(in: collectiveID)
        func skill(_ key: SkillKey) -> UUID? { skills.first { $0.key == key.rawValue }?.id }
        let service = SkillService(database: db, now: now)
        func days(_ count: Int) -> Date { Calendar.utc.date(byAdding: .day, value: count, to: now) ?? now }
        let listed: [(String, SkillKey, trained: Int, renew: Int?)] = [
            ("demo-beto", .accompaniment, -120, 600), ("demo-beto", .deEscalation, -300, nil),
            ("demo-lu", .childSafeguarding, -60, 300), ("demo-cora", .accountabilityFacilitation, -400, 330),
            ("demo-cora", .childSafeguarding, -700, 20),
        ]
        for (name, key, trained, renew) in listed {
            guard let userID = ids[name], let skillID = skill(key) else { continue }
            if key == .childSafeguarding, let cora = ids["demo-cora"] {
                // Recorded by the care team and agreed to: the only kind a children's space trusts.
                try await service.offer(
                    skillID: skillID, to: userID, in: collectiveID, trainedOn: days(trained), renewBy: renew.map(days), by: cora)
                if let listing = try await SkillListingRecord.query(on: db).filter(\.$skill.$id == skillID)
                    .filter(\.$user.$id == userID).first()
                {
                    try await service.answer(
                        listingID: try listing.requireID(), userID: userID, in: collectiveID, agree: true, willing: true)
                }
                continue
            }
            try await service.saveOwn(
                skillID: skillID, userID: userID, in: collectiveID,
                SkillListingInput(trainedOn: days(trained), renewBy: renew.map(days), willing: true))
        }
        if let lu = ids["demo-lu"], let cora = ids["demo-cora"], let skillID = skill(.deEscalation) {
            try await service.offer(skillID: skillID, to: lu, in: collectiveID, trainedOn: days(-14), renewBy: nil, by: cora)
        }
    }
}
