@preconcurrency import Crypto
import Fluent
import Foundation
import SQLKit
import TejidoCore

/// Lessons from past cases (issue 17, history recovery). A lesson is sealed with its own key,
/// wrapped for its authors (`lesson_keys`): its text, and the case it came from, open only with
/// an author's session. Once the survivor approves the exact text, a copy of that text alone is
/// sealed with a key derived from the instance key, for every member to read from `publish_at`.
/// Nothing in clear leads from a lesson to its case, nor from a case to its lessons.
struct LessonService {
    let database: any Database
    let keys: KeyRingStore
    let now: Date
    let opener: CaseOpener

    var lessonKeys: LessonKeys { LessonKeys(keys: keys) }
    static func publishedKeys(_ keys: KeyRingStore) -> [SymmetricKey] { keys.current.keys.map { $0.derived(.lessons) } }

    static func draftContext(_ id: UUID) -> Data { Data("lesson:\(id.text):draft".utf8) }
    static func publishedContext(_ id: UUID) -> Data { Data("lesson:\(id.text):published".utf8) }

    /// One lesson as the asker may hold it: the authors' copy if they are one, the published copy
    /// if there is one.
    struct Opened {
        let record: LessonRecord
        let id: UUID
        let key: SymmetricKey?
        let draft: LessonDraft?
        let published: PublishedLesson?
        let isPublished: Bool

        var facts: LessonFacts {
            LessonFacts(collectiveID: record.collectiveID, authors: draft?.authors ?? [:], isPublished: isPublished)
        }
    }

    // MARK: Starting

    /// A new, empty lesson from an ended case, for `userID`: the survivor, or — only for a survivor
    /// with no account here — a supporter acting for her with her consent, together with any other
    /// such supporter. The choices offered are the harms and responses the adopted protocol gives
    /// the case's classification.
    func start(
        from file: CaseFile, by userID: UUID, offeredHarms: [String], offeredResponses: [ResponseKind]
    ) async throws
        -> UUID
    {
        guard let me = file.person(userID: userID), let endedAt = file.record.endedAt else {
            throw TejidoError.conflict(messageKey: "error_lesson_case_not_ended")
        }
        let id = UUID()
        let key = SymmetricKey(size: .bits256)
        let draft = LessonDraft(
            caseID: file.id, authors: [:], endedAt: endedAt, knownNames: AssemblyService.knownNames(in: file),
            offeredHarms: offeredHarms, offeredResponses: offeredResponses)
        let lessonKeys = self.lessonKeys
        let survivorID = file.survivor?.userID
        let consented = file.consentStands(.historyRecovery, now: now)
        // Supporters write a lesson only for a survivor who has no account here: one who does
        // writes her own, and nobody else can then read, change or take it back.
        let supporters =
            survivorID != nil
            ? []
            : file.activePeople.filter { $0.role == .supporter && $0.participation.speaksForSurvivor && consented }
                .compactMap(\.userID)
        return try await database.transaction { db in
            let record = LessonRecord()
            record.id = id
            record.collectiveID = file.collectiveID
            record.sealed = Data()
            try await record.create(on: db)
            var draft = draft
            guard try await lessonKeys.give(key, lesson: id, to: userID, on: db) else {
                throw TejidoError.conflict(messageKey: "error_lesson_no_key")
            }
            draft.authors[userID] = me.role == .survivor ? .survivor : .supporter
            // The survivor holds every lesson written for her (when she has no key yet, whoever acts
            // for her writes it alone), and so does each supporter acting for her with her standing
            // consent to history recovery. Nobody else in the case ever does.
            for other in supporters where other != userID {
                if try await lessonKeys.give(key, lesson: id, to: other, on: db) { draft.authors[other] = .supporter }
            }
            record.sealed = try Self.seal(draft, id: id, key: key)
            try await record.save(on: db)
            return id
        }
    }

    static func seal(_ draft: LessonDraft, id: UUID, key: SymmetricKey) throws -> Data {
        try Sealing.seal(try JSONEncoder().encode(draft), with: key, associatedData: draftContext(id))
    }

    // MARK: Reading

    func load(_ id: UUID, in collectiveID: UUID) async throws -> Opened? {
        guard
            let record = try await LessonRecord.query(on: database).filter(\.$id == id)
                .filter(\.$collectiveID == collectiveID).first()
        else { return nil }
        return try await open(record)
    }

    func open(_ record: LessonRecord) async throws -> Opened {
        let id = try record.requireID()
        var held: SymmetricKey?
        if case .person(_, let personal) = opener {
            held = try await lessonKeys.held(by: personal, lesson: id, on: database)[id]
        }
        return open(record, id: id, held: held)
    }

    /// `held`: the lesson's key as the asker's own wrap gave it, if they are an author.
    func open(_ record: LessonRecord, id: UUID, held: SymmetricKey?) -> Opened {
        var key: SymmetricKey?
        var draft: LessonDraft?
        if let opened = held, let data = try? Sealing.open(record.sealed, with: opened, associatedData: Self.draftContext(id)) {
            key = opened
            draft = try? JSONDecoder().decode(LessonDraft.self, from: data)
        }
        let published = Self.published(record, keys: Self.publishedKeys(keys))
        return Opened(
            record: record, id: id, key: key, draft: draft, published: published,
            isPublished: published != nil && LessonSchedule.isPublished(publishAt: record.publishAt, now: now))
    }

    static func published(_ record: LessonRecord, keys: [SymmetricKey]) -> PublishedLesson? {
        guard let id = record.id, let sealed = record.published,
            let data = InstanceSealed.open(sealed, keys: keys, context: publishedContext(id))
        else { return nil }
        return try? JSONDecoder().decode(PublishedLesson.self, from: data)
    }

    /// Every lesson of the collective members may read now.
    func published(in collectiveID: UUID) async throws -> [PublishedLesson] {
        let keys = Self.publishedKeys(keys)
        return try await LessonRecord.query(on: database).filter(\.$collectiveID == collectiveID)
            .filter(\.$publishAt <= now).all()
            .compactMap { Self.published($0, keys: keys) }
    }

    /// The lessons the signed-in person writes in this collective, found and opened with their own
    /// key (`LessonKeys.held`); for one case only
    /// when `caseID` is given (found by opening each, as nothing else links them).
    func mine(in collectiveID: UUID, caseID: UUID? = nil) async throws -> [Opened] {
        guard case .person(_, let personal) = opener else { return [] }
        let held = try await lessonKeys.held(by: personal, collective: collectiveID, on: database)
        guard !held.isEmpty else { return [] }
        let records = try await LessonRecord.query(on: database).filter(\.$id ~~ Array(held.keys))
            .filter(\.$collectiveID == collectiveID).all()
        var found: [Opened] = []
        for record in records {
            guard let id = record.id else { continue }
            let opened = open(record, id: id, held: held[id])
            guard let draft = opened.draft, caseID == nil || draft.caseID == caseID else { continue }
            found.append(opened)
        }
        return found.sorted { ($0.draft?.text?.title ?? "") < ($1.draft?.text?.title ?? "") }
    }

    // MARK: Writing

    /// Saves a new version: checked, anonymity rules applied, and whoever wrote it, the approval
    /// and the published copy are gone at once — members read nothing until she approves again.
    func save(
        _ lesson: Opened, text raw: LessonText, namesAgreed: Bool, datesChecked: Bool, delay: LessonSchedule.Delay,
        removeWithCase: Bool = false, by userID: UUID
    ) async throws {
        guard var draft = lesson.draft, let key = lesson.key else { throw TejidoError.notFound }
        let text = try raw.validated(
            now: now, allowedHarms: draft.offeredHarms, allowedResponses: draft.offeredResponses)
        // Only the survivor can agree that names stay; a supporter's tick counts for nothing.
        let agreed = namesAgreed && draft.authors[userID] == .survivor
        try LessonAnonymity.problems(
            in: text, knownNames: draft.knownNames, namesAgreed: agreed, datesChecked: datesChecked
        ).throwIfAny()
        draft.edit(text, namesAgreed: agreed, datesChecked: datesChecked, delay: delay, removeWithCase: removeWithCase)
        lesson.record.sealed = try Self.seal(draft, id: lesson.id, key: key)
        lesson.record.published = nil
        lesson.record.publishAt = nil
        let record = lesson.record, id = lesson.id
        // A practice scenario copied the words she approved; words she has since changed (perhaps
        // because they identified her) must not stay readable there.
        try await database.transaction { db in
            try await PracticeScenarioRecord.query(on: db).filter(\.$lessonID == id).delete()
            try await record.save(on: db)
        }
    }

    /// The survivor's approval of the text she was shown (`shownDigest`): the copy members will
    /// read is sealed now, to open from the day the schedule says.
    func approve(_ lesson: Opened, shownDigest: String) async throws {
        guard var draft = lesson.draft, let key = lesson.key else { throw TejidoError.notFound }
        // Approving the same words twice (a double press) changes nothing.
        if LessonApproval.isApproved(draft), draft.approvedDigest == shownDigest, lesson.record.published != nil { return }
        try LessonApproval.approve(&draft, shownDigest: shownDigest, at: now)
        guard let text = draft.text else { return }
        let publishAt = LessonSchedule.publishAt(
            endedAt: draft.endedAt, delay: draft.delay, approvedAt: now, extraDays: Int.random(in: 0...6))
        let published = PublishedLesson(id: lesson.id, text: text, publishAt: publishAt)
        lesson.record.sealed = try Self.seal(draft, id: lesson.id, key: key)
        lesson.record.published = try Sealing.seal(
            try JSONEncoder().encode(published), with: keys.current.current.derived(.lessons),
            associatedData: Self.publishedContext(lesson.id))
        lesson.record.publishAt = publishAt
        try await lesson.record.save(on: database)
    }
}
