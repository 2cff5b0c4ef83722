import Fluent
import Foundation
import TejidoCore
import Vapor

/// `tejido demo`'s activities: a workshop with a past session (attendance recorded) and one to
/// come, a self-organised masculinity group with a note, and a children's space that requires
/// child-safeguarding training of every adult on a session.
extension Application {
    func makeDemoActivities(
        collectiveID: UUID, ids: [String: UUID], personalKeys: [String: PersonalKey], now: Date
    ) async throws {
        guard let cora = ids["demo-cora"], let lu = ids["demo-lu"], let beto = ids["demo-beto"],
            let ramon = ids["demo-ramon"], let sofi = ids["demo-sofi"], let betoKey = personalKeys["demo-beto"]
        else { return }
        let service = ActivityService(database: db, keys: tejido.keys, now: now)
        // A workshop requires no safeguarding, so the roster is never asked.
        let noRoster: SafeguardingHolders = { _, _, _ in [] }

        let workshop = try ActivityDetails.validated(
            kind: ActivityKind.workshop.rawValue, title: "(Fictional) Consent and care at our events",
            description: "(Fictional) Two evenings on noticing, asking and stepping in, with role-play.", joining: "open",
            selfOrganised: false)
        let workshopID = try await service.create(workshop, facilitators: [cora], in: collectiveID, by: cora)
        guard let workshopRecord = try await ActivityRecord.find(workshopID, on: db) else { return }
        let facts = try await ActivityQueries(database: db).facts(workshopRecord)
        for daysFromNow in [-7.0, 7.0] {
            let start = now.addingTimeInterval(daysFromNow * 86_400)
            try await service.addSession(
                SessionPlan(
                    startsAt: start, endsAt: start.addingTimeInterval(2 * 3600), place: "(Fictional) Social centre, back room",
                    language: .es, adults: [cora]), to: workshopRecord, facts: facts, holders: noRoster)
        }
        let sessions = try await ActivityQueries(database: db).sessions(of: workshopID)
        if let past = sessions.first, let upcoming = sessions.last {
            for person in [sofi, ramon] { try await service.setComing(true, session: try past.requireID(), userID: person) }
            try await service.recordAttendance([sofi, ramon], session: past, offered: [sofi, ramon], by: cora)
            try await service.setComing(true, session: try upcoming.requireID(), userID: sofi)
        }

        let group = try ActivityDetails.validated(
            kind: ActivityKind.masculinityGroup.rawValue, title: "(Fictional) Men unlearning together",
            description: "(Fictional) Self-organised by cis men, for cis men. We meet every other Thursday.",
            joining: "by_choice", selfOrganised: true)
        let groupID = try await service.create(group, facilitators: [], in: collectiveID, by: beto)
        let groups = GroupService(database: db, keys: tejido.keys, now: now)
        let betoOpener = CaseOpener.person(userID: beto, key: betoKey)
        try await groups.askToJoin(groupID, userID: ramon)
        if let groupRecord = try await ActivityRecord.find(groupID, on: db) {
            try await groups.decide(ramon, accept: true, activity: groupRecord, opener: betoOpener)
        }
        try await groups.write(
            GroupNote(
                text: "(Fictional) We talked about jealousy and who does the dishes. Next time: reading bell hooks.",
                author: "demo-beto"),
            in: groupID, opener: betoOpener)

        let space = try ActivityDetails.validated(
            kind: ActivityKind.childrenSpace.rawValue, title: "(Fictional) Kids' corner at the assembly",
            description: "(Fictional) Games and a quiet corner while the grown-ups meet.", joining: "open",
            selfOrganised: false)
        // Run by demo-lu, who is on the roster, and demo-ramon, who is not: a session naming him is
        // refused; the one below names demo-lu alone.
        let spaceID = try await service.create(space, facilitators: [lu, ramon], in: collectiveID, by: cora)
        if let spaceRecord = try await ActivityRecord.find(spaceID, on: db) {
            let start = now.addingTimeInterval(10 * 86_400)
            try await service.addSession(
                SessionPlan(
                    startsAt: start, endsAt: start.addingTimeInterval(3 * 3600), place: "(Fictional) Social centre, garden",
                    language: .es, adults: [lu]), to: spaceRecord,
                facts: try await ActivityQueries(database: db).facts(spaceRecord),
                holders: { collectiveID, day, db in
                    try await SkillQueries(database: db).currentHolders(of: .childSafeguarding, in: collectiveID, on: day)
                })
        }
    }
}
