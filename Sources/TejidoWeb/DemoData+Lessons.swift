@preconcurrency import Crypto
import Fluent
import Foundation
import TejidoCore
import Vapor

extension Application {
    /// The demo's closed case gives one published lesson, written and approved by its survivor
    /// through the same service as the pages, and a practice scenario the care team made from it.
    /// The story's case is taken to have ended six weeks before the demo was made and the lesson
    /// approved nine days before, so its one-month delay has passed and members can read it now.
    func demoLesson(
        from caseID: UUID, in collectiveID: UUID, survivor: (id: UUID, key: PersonalKey), careTeam coraID: UUID, now: Date
    ) async throws {
        guard let record = try await CaseRecord.find(caseID, on: db) else { return }
        record.endedAt = now.addingTimeInterval(-42 * 86_400)
        try await record.save(on: db)
        let opener = CaseOpener.person(userID: survivor.id, key: survivor.key)
        guard let file = try await CaseStore(database: db, keys: tejido.keys, opener: opener).load(caseID, in: collectiveID)
        else { return }
        let approvedAt = now.addingTimeInterval(-9 * 86_400)
        let lessons = LessonService(database: db, keys: tejido.keys, now: approvedAt, opener: opener)
        let id = try await lessons.start(
            from: file, by: survivor.id, offeredHarms: ["psychological"], offeredResponses: [.conversation])
        let year = Calendar.utc.component(.year, from: approvedAt)
        let text = LessonText(
            title: "(Fictional) When jokes in meetings were laughed off",
            happened:
                "(Fictional) A member made jokes about another member's body during meetings, again and again. Others laughed or looked away.",
            collectiveDid:
                "(Fictional) The care team listened to her first, asked what she wanted, and then talked with him without naming her.",
            helped: "(Fictional) Being believed at once, and choosing myself what happened next.",
            didNotHelp: "(Fictional) Weeks of people saying it was only humour before anyone asked me.",
            differently: "(Fictional) Say in the meeting itself that this is not a joke; the agreement already covers it.",
            season: .autumn, year: year, harmTypes: ["psychological"], responses: [.conversation], language: .en)
        guard let fresh = try await lessons.load(id, in: collectiveID) else { return }
        try await lessons.save(fresh, text: text, namesAgreed: false, datesChecked: false, delay: .oneMonth, by: survivor.id)
        guard let saved = try await lessons.load(id, in: collectiveID), let written = saved.draft?.text else { return }
        try await lessons.approve(saved, shownDigest: LessonApproval.digest(written, delay: .oneMonth))
        var scenario = PracticeScenario.draft(from: written)
        scenario.contentNote = "(Fictional) Verbal harassment about someone's body, in a group setting."
        scenario.questions = ["What could someone in the room have said at the time?", "Who would you tell, and how?"]
        try await PracticeService(database: db, keys: tejido.keys, now: now)
            .create(scenario, in: collectiveID, fromLesson: id, by: coraID)
    }
}
