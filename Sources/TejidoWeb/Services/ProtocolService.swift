import Fluent
import Foundation
import TejidoCore

/// Changing a collective's protocol: saving versions, proposing one for adoption, recording the
/// decision, publishing. Versions are only ever inserted.
struct ProtocolService {
    let database: any Database
    let now: Date

    /// How a collective's protocol begins.
    enum Start: String, CaseIterable {
        case template, empty
        var document: ProtocolDocument { self == .template ? ProtocolTemplate.document : ProtocolTemplate.empty }
    }

    enum SaveResult: Equatable {
        case saved(number: Int)
        case unchanged
        /// Someone saved the same part since the form was opened; nothing was written.
        case conflict(latest: Int)
    }

    /// Saves `document` as version 1, for a new collective.
    func begin(
        collectiveID: UUID, with document: ProtocolDocument, authorID: UUID?, note: String?, on db: any Database
    ) async throws {
        try await ProtocolVersionRecord(
            collectiveID: collectiveID, number: 1, document: document, authorID: authorID, note: note, createdAt: now
        ).save(on: db)
    }

    /// Applies `change` to the latest version and saves the result as a new version.
    ///
    /// `base` is the version the editor's form showed. If the part being edited (`part`) differs
    /// between that version and the latest, another person changed it meanwhile, and saving would
    /// silently undo their work: the save is refused as a conflict. Other parts may have changed
    /// freely; they are kept.
    func save(
        collectiveID: UUID, authorID: UUID, base: Int?, note: String?,
        part: @escaping @Sendable (ProtocolDocument) -> Data?, change: @escaping @Sendable (inout ProtocolDocument) -> Void
    ) async throws -> SaveResult {
        do {
            return try await saveOnce(
                collectiveID: collectiveID, authorID: authorID, base: base, note: note, part: part, change: change)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Another save took the same version number a moment earlier: the same as a conflict.
            let latest = try await ProtocolQueries(database: database, collectiveID: collectiveID).latest()
            return .conflict(latest: latest?.number ?? 0)
        }
    }

    private func saveOnce(
        collectiveID: UUID, authorID: UUID, base: Int?, note: String?,
        part: @escaping @Sendable (ProtocolDocument) -> Data?, change: @escaping @Sendable (inout ProtocolDocument) -> Void
    ) async throws -> SaveResult {
        try await database.transaction { db in
            let queries = ProtocolQueries(database: db, collectiveID: collectiveID)
            guard let latest = try await queries.latest() else { throw TejidoError.notFound }
            let current = try latest.document()
            if let base, base != latest.number {
                guard let shown = try await queries.version(number: base) else { throw TejidoError.notFound }
                if part(try shown.document()) != part(current) { return .conflict(latest: latest.number) }
            }
            var edited = current
            change(&edited)
            edited = edited.restricted(to: edited.languages)
            let problems = ProtocolValidator.problems(in: edited)
            if !problems.isEmpty { throw ProtocolFileProblems(problems) }
            if edited == current { return .unchanged }
            let number = latest.number + 1
            try await ProtocolVersionRecord(
                collectiveID: collectiveID, number: number, document: edited, authorID: authorID,
                note: note.flatMap(Self.cleanNote),
                createdAt: now
            ).save(on: db)
            return .saved(number: number)
        }
    }

    /// Replaces the draft with a whole new protocol (template, empty, or an imported file).
    func replace(collectiveID: UUID, with document: ProtocolDocument, authorID: UUID?, note: String) async throws -> Int {
        do {
            return try await replaceOnce(collectiveID: collectiveID, with: document, authorID: authorID, note: note)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw TejidoError.conflict(messageKey: "error_saved_meanwhile")
        }
    }

    private func replaceOnce(
        collectiveID: UUID, with document: ProtocolDocument, authorID: UUID?, note: String
    ) async throws -> Int {
        try await database.transaction { db in
            let latest = try await ProtocolQueries(database: db, collectiveID: collectiveID).latest()
            let number = (latest?.number ?? 0) + 1
            try await ProtocolVersionRecord(
                collectiveID: collectiveID, number: number, document: document, authorID: authorID, note: note, createdAt: now
            ).save(on: db)
            return number
        }
    }

    /// Puts a version to the collective for adoption. One proposal at a time, and only a version
    /// complete enough for cases to use.
    func propose(collectiveID: UUID, version: ProtocolVersionRecord, proposerID: UUID) async throws {
        try await database.transaction { db in
            let queries = ProtocolQueries(database: db, collectiveID: collectiveID)
            if try await queries.openProposal() != nil { throw TejidoError.conflict(messageKey: "error_proposal_open") }
            if let adopted = try await queries.adopted(), adopted.version.number == version.number {
                throw TejidoError.conflict(messageKey: "error_version_already_adopted")
            }
            let problems = ProtocolValidator.adoptionProblems(in: try version.document())
            if !problems.isEmpty { throw ProtocolFileProblems(problems) }
            try await DecisionRecord(
                collectiveID: collectiveID, subject: .protocolAdoption, subjectID: version.requireID(), proposedBy: proposerID,
                proposedAt: now
            ).save(on: db)
            // The proposal is on the assembly's agenda too, decided there by the collective's method.
            let item = AssemblyItemRecord()
            item.source = AgendaSource.protocolAdoption.rawValue
            item.protocolVersionID = try version.requireID()
            item.proposedBy = proposerID
            let method = try await CollectiveRecord.find(collectiveID, on: db)?.assemblySettings.method ?? .consent
            _ = try await AssemblyService.open(item, collectiveID: collectiveID, method: method, now: now, on: db)
        }
    }

    /// Records how the collective decided on the open proposal. This is the seam the assembly
    /// plugs into: its decisions close proposals through here, with their own method.
    func decide(
        _ proposal: DecisionRecord, outcome: DecisionOutcome, counts: DecisionCounts?, deciderID: UUID, note: String?,
        method: DecisionMethod = .recorded
    ) async throws {
        guard proposal.outcome == nil, let id = proposal.id else {
            throw TejidoError.conflict(messageKey: "error_proposal_closed")
        }
        // Only a proposal still open is closed, in one statement, so two admins recording at once
        // cannot overwrite each other: the second finds it closed.
        let decidedAt = now
        try await DecisionRecord.query(on: database)
            .filter(\.$id == id).filter(\.$outcomeValue == nil)
            .set(\.$outcomeValue, to: outcome.rawValue).set(\.$decidedBy.$id, to: deciderID).set(\.$decidedAt, to: decidedAt)
            .set(\.$agree, to: counts?.agree).set(\.$disagree, to: counts?.disagree).set(\.$abstain, to: counts?.abstain)
            .set(\.$block, to: counts?.block).set(\.$note, to: note.flatMap(Self.cleanNote))
            .set(\.$methodValue, to: method.rawValue)
            .update()
        let stored = try await DecisionRecord.find(id, on: database)
        guard stored?.$decidedBy.id == deciderID, stored?.outcomeValue == outcome.rawValue else {
            throw TejidoError.conflict(messageKey: "error_proposal_closed")
        }
        // Decided at a meeting held elsewhere: the assembly's item for it closes with the same outcome.
        if let item = try await AssemblyItemRecord.query(on: database).filter(\.$protocolVersionID == proposal.subjectID)
            .sort(\.$proposedAt, .descending).first(), let itemID = item.id
        {
            try await DecisionRecord.query(on: database).filter(\.$subjectValue == DecisionSubject.agendaItem.rawValue)
                .filter(\.$subjectID == itemID).filter(\.$outcomeValue == nil)
                .set(\.$outcomeValue, to: outcome.rawValue).set(\.$decidedBy.$id, to: deciderID).set(\.$decidedAt, to: decidedAt)
                .set(\.$agree, to: counts?.agree).set(\.$disagree, to: counts?.disagree).set(\.$abstain, to: counts?.abstain)
                .set(\.$block, to: counts?.block).set(\.$methodValue, to: DecisionMethod.recorded.rawValue).update()
        }
        // A new protocol in force goes to the connected collectives we send protocols to.
        if outcome == .adopted {
            try await SharedData.enqueue(.protocols, collectiveID: proposal.$collective.id, on: database, now: now)
        }
    }

    func setPublished(_ collective: CollectiveRecord, _ published: Bool) async throws {
        collective.protocolPublished = published
        try await collective.save(on: database)
    }

    static func cleanNote(_ raw: String) -> String? {
        let note = String(raw.trimmingCharacters(in: .whitespacesAndNewlines).prefix(500))
        return note.isEmpty ? nil : note
    }
}
