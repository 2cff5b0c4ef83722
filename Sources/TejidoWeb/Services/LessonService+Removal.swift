@preconcurrency import Crypto
import Fluent
import Foundation
import SQLKit
import TejidoCore

/// Taking lessons away — by their authors, with their case or their account — and sealing the
/// published copies again when the instance key rotates.
extension LessonService {
    /// Every lesson, in any collective, that the signed-in person writes as the survivor.
    func survivorsOwn() async throws -> [Opened] {
        guard case .person(let userID, let personal) = opener else { return [] }
        let held = try await lessonKeys.held(by: personal, on: database)
        guard !held.isEmpty else { return [] }
        var found: [Opened] = []
        for record in try await LessonRecord.query(on: database).filter(\.$id ~~ Array(held.keys)).all() {
            guard let id = record.id else { continue }
            let opened = open(record, id: id, held: held[id])
            if opened.draft?.authors[userID] == .survivor { found.append(opened) }
        }
        return found
    }

    /// Gone at once and for good: its row, its keys, and the practice scenarios made from it.
    func withdraw(_ lesson: Opened) async throws {
        let id = lesson.id
        try await database.transaction { db in
            try await PracticeScenarioRecord.query(on: db).filter(\.$lessonID == id).delete()
            try await db.sql().delete(from: LessonKeys.table).where("lesson_id", .equal, SQLBind(id)).run()
            try await LessonRecord.query(on: db).filter(\.$id == id).delete()
        }
    }

    /// As the case is deleted by someone who writes its lessons: those they asked to go with it,
    /// found by opening each with their own key (nothing else links a case to its lessons).
    func removeWithCase(_ caseID: UUID, in collectiveID: UUID) async throws {
        for lesson in try await mine(in: collectiveID, caseID: caseID) where lesson.draft?.removeWithCase == true {
            try await withdraw(lesson)
        }
    }

    /// Every published copy sealed again under the newest key, for `tejido keys rotate`. The
    /// authors' copies need no reseal: their key is in `lesson_keys`, re-locked with the others.
    static func reseal(keys: [SymmetricKey], on db: any Database) async throws {
        for row in try await LessonRecord.query(on: db).filter(\.$published != nil).all() {
            guard let id = row.id, let sealed = row.published,
                let data = InstanceSealed.open(sealed, keys: keys, context: publishedContext(id))
            else { continue }
            row.published = try Sealing.seal(data, with: keys[0], associatedData: publishedContext(id))
            try await row.save(on: db)
        }
        for row in try await PracticeScenarioRecord.query(on: db).all() {
            guard let id = row.id,
                let data = InstanceSealed.open(row.sealed, keys: keys, context: PracticeService.context(id))
            else { continue }
            row.sealed = try Sealing.seal(data, with: keys[0], associatedData: PracticeService.context(id))
            try await row.save(on: db)
        }
    }
}
