@preconcurrency import Crypto
import Fluent
import Foundation
import TejidoCore

/// Practice scenarios for trainings, sealed with the instance-derived lessons key (every member
/// reads them) and bound to their row.
struct PracticeService {
    let database: any Database
    let keys: KeyRingStore
    let now: Date

    static func context(_ id: UUID) -> Data { Data("practice:\(id.text)".utf8) }

    func create(
        _ raw: PracticeScenario, in collectiveID: UUID, fromLesson lessonID: UUID?, by userID: UUID
    ) async throws
        -> UUID
    {
        var scenario = try raw.validated()
        scenario.fromLesson = lessonID != nil
        // The same scenario sent twice by the same person within a minute (a double press) is
        // the one already saved.
        let recent = try await PracticeScenarioRecord.query(on: database).filter(\.$collectiveID == collectiveID)
            .filter(\.$createdBy == userID).filter(\.$createdAt >= now.addingTimeInterval(-60)).all()
        if let same = recent.compactMap(open).first(where: { $0.scenario == scenario }) { return same.id }
        let id = UUID()
        let record = PracticeScenarioRecord()
        record.id = id
        record.collectiveID = collectiveID
        record.lessonID = lessonID
        record.createdBy = userID
        record.createdAt = now
        record.sealed = try Sealing.seal(
            try JSONEncoder().encode(scenario), with: keys.current.current.derived(.lessons), associatedData: Self.context(id))
        try await record.create(on: database)
        return id
    }

    func all(in collectiveID: UUID) async throws -> [(id: UUID, scenario: PracticeScenario)] {
        try await PracticeScenarioRecord.query(on: database).filter(\.$collectiveID == collectiveID)
            .sort(\.$createdAt, .descending).all().compactMap(open)
    }

    func find(_ id: UUID, in collectiveID: UUID) async throws -> PracticeScenario? {
        guard
            let record = try await PracticeScenarioRecord.query(on: database).filter(\.$id == id)
                .filter(\.$collectiveID == collectiveID).first()
        else { return nil }
        return open(record)?.scenario
    }

    private func open(_ record: PracticeScenarioRecord) -> (id: UUID, scenario: PracticeScenario)? {
        guard let id = record.id,
            let data = InstanceSealed.open(record.sealed, keys: LessonService.publishedKeys(keys), context: Self.context(id)),
            let scenario = try? JSONDecoder().decode(PracticeScenario.self, from: data)
        else { return nil }
        return (id, scenario)
    }
}
