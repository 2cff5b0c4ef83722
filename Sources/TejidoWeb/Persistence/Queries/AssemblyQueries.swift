import Fluent
import Foundation
import TejidoCore

/// One agenda item as the assembly sees it: its words (when they may still be read), its
/// decision and the positions taken on it.
struct AgendaEntry: Sendable {
    let record: AssemblyItemRecord
    let id: UUID
    let decision: DecisionRecord
    let source: AgendaSource
    /// Nil once an item from a case can no longer be read: the case was deleted, the survivor's
    /// consent ended, or they asked that it not go to the assembly.
    let words: AgendaText?
    let positions: [DecisionPositionRecord]
    /// For a protocol adoption: the version's number.
    let protocolVersion: Int?
    /// For an item from a case: where the case stands, and who in it caused the harm (they take
    /// no position on their own case).
    var caseStage: CaseStage? = nil
    var respondents: Set<UUID> = []

    /// The item may be read, but not by this member: their key changed and the collective's key
    /// waits for an admin to give it back.
    var locked = false
    /// For a review of the agreement in force: the number of the version under review.
    var reviewOf: Int? = nil

    var isWithdrawn: Bool { (words == nil && !locked) || decision.outcome == .withdrawn }
    /// Open for positions and closing: undecided, not withdrawn, and its case not paused.
    var isOpen: Bool { decision.outcomeValue == nil && !isWithdrawn && caseStage != .paused }
    /// Whether its positions are shown, and by whom: once closed, or while open where the
    /// collective does not hide them. A withdrawn item shows none (they are gone, and hidden ones
    /// stay hidden).
    func showsPositions(hidingWhileOpen: Bool) -> Bool { !isWithdrawn && (!isOpen || !hidingWhileOpen) }
    var method: AssemblySettings.Method { AssemblySettings.Method(rawValue: decision.methodValue) ?? .consent }
    /// Decided outside the assembly and recorded by hand (a protocol adoption decided elsewhere).
    var wasRecorded: Bool { decision.methodValue == DecisionMethod.recorded.rawValue }

    func position(of userID: UUID) -> DecisionPositionRecord? { positions.first { $0.userID == userID } }
}

/// Reads a collective's assembly: meetings, agenda items and their decisions.
struct AssemblyQueries {
    let database: any Database
    let keys: KeyRingStore
    let collectiveID: UUID
    let now: Date
    /// The member reading, with their key: the collective's key opens items from cases.
    var opener: CaseOpener = .nobody

    func meetings() async throws -> [AssemblyMeetingRecord] {
        try await AssemblyMeetingRecord.query(on: database).filter(\.$collective.$id == collectiveID)
            .sort(\.$heldOn, .descending).sort(\.$createdAt, .descending).all()
    }

    func meeting(_ id: UUID) async throws -> AssemblyMeetingRecord? {
        try await AssemblyMeetingRecord.query(on: database).filter(\.$id == id).filter(\.$collective.$id == collectiveID)
            .first()
    }

    /// Items of this collective, newest first: all of them, one meeting's, or one case's.
    func entries(meetingID: UUID? = nil, caseID: UUID? = nil, itemID: UUID? = nil) async throws -> [AgendaEntry] {
        var query = AssemblyItemRecord.query(on: database).filter(\.$collective.$id == collectiveID)
        if let meetingID { query = query.filter(\.$meetingID == meetingID) }
        if let caseID { query = query.filter(\.$caseID == caseID) }
        if let itemID { query = query.filter(\.$id == itemID) }
        let records = try await query.sort(\.$proposedAt, .descending).all()
        guard !records.isEmpty else { return [] }
        let itemIDs = records.compactMap(\.id)
        let decisions = try await DecisionRecord.query(on: database).filter(\.$collective.$id == collectiveID)
            .filter(\.$subjectValue == DecisionSubject.agendaItem.rawValue).filter(\.$subjectID ~~ itemIDs).all()
        let decisionIDs = decisions.compactMap(\.id)
        let positions = try await DecisionPositionRecord.query(on: database).filter(\.$decisionID ~~ decisionIDs)
            .sort(\.$at).all()
        var cases: [UUID: CaseState] = [:]
        var collectiveKey: CollectiveKey??
        let versionIDs = records.compactMap(\.protocolVersionID)
        let versions =
            versionIDs.isEmpty
            ? [:]
            : Dictionary(
                try await ProtocolVersionRecord.query(on: database).filter(\.$id ~~ versionIDs).all()
                    .compactMap { version in version.id.map { ($0, version.number) } }, uniquingKeysWith: { a, _ in a })
        let reviews = try await AgreementReviews.versions(
            ofItems: records.filter { $0.source == AgendaSource.agreementReview.rawValue }.compactMap(\.id), on: database)
        var result: [AgendaEntry] = []
        for record in records {
            guard let id = record.id, let decision = decisions.first(where: { $0.subjectID == id }),
                let decisionID = decision.id, let source = AgendaSource(rawValue: record.source)
            else { continue }
            var words: AgendaText?
            var stage: CaseStage?
            var respondents: Set<UUID> = []
            var locked = false
            switch source {
            case .motion:
                words = AgendaText(title: record.title ?? "", text: record.text ?? "")
            case .protocolAdoption, .agreementReview:
                // Its words are the version itself, or Tejido's own, shown in the reader's language.
                words = AgendaText(title: "", text: "")
            case .caseFile:
                if let caseID = record.caseID {
                    if cases[caseID] == nil { cases[caseID] = try await caseState(caseID) }
                    let state = cases[caseID]
                    stage = state?.stage
                    respondents = state?.respondents ?? []
                    // Once withdrawn, an item stays withdrawn: a later consent is for a new item.
                    // Revoking the consent, the wish "not to the assembly", withdrawing or deleting
                    // the case all withdraw it; its consent running out ends it here.
                    if let state, state.stage != .withdrawn, state.stage != .deleted, decision.outcome != .withdrawn,
                        let until = record.readableUntil, now < until, let sealed = record.sealed
                    {
                        if collectiveKey == nil {
                            collectiveKey = .some(
                                try await CollectiveKeys(database: database, keys: keys).open(collectiveID, opener: opener))
                        }
                        words = try? collectiveKey??.open(AgendaText.self, sealed, field: "assembly_item", row: id)
                        locked = words == nil
                    }
                }
            }
            result.append(
                AgendaEntry(
                    record: record, id: id, decision: decision, source: source, words: words,
                    positions: positions.filter { $0.decisionID == decisionID },
                    protocolVersion: record.protocolVersionID.flatMap { versions[$0] }, caseStage: stage,
                    respondents: respondents, locked: locked, reviewOf: reviews[id]))
        }
        return result
    }

    func entry(_ itemID: UUID) async throws -> AgendaEntry? { try await entries(itemID: itemID).first }

    /// What the assembly knows of a case without opening it: its stage (in clear) and whether the
    /// member reading is the respondent in it — which only their own key can tell.
    struct CaseState {
        let stage: CaseStage
        let respondents: Set<UUID>
    }

    private func caseState(_ caseID: UUID) async throws -> CaseState? {
        guard let record = try await CaseRecord.query(on: database).filter(\.$id == caseID).first() else { return nil }
        var respondents: Set<UUID> = []
        if let userID = opener.userID, record.deletedAt == nil,
            try await CaseParticipantRecord.query(on: database).filter(\.$caseFile.$id == caseID)
                .filter(\.$userID == userID).filter(\.$removedAt == nil).count() > 0
        {
            // Someone with a place in the case takes no position on it if they are its respondent —
            // or if their key no longer opens it to tell (a new key, not yet given access back).
            let file = try await CaseStore(database: database, keys: keys, opener: opener, now: now).load(
                caseID, in: collectiveID)
            if file == nil || file?.person(userID: userID)?.role == .respondent { respondents.insert(userID) }
        }
        return CaseState(stage: CaseStage(rawValue: record.stage) ?? .deleted, respondents: respondents)
    }

    /// An item from a case is read only while the survivor's consent stands and they have not
    /// asked that the case stay out of the assembly.
    static func mayStillBeRead(_ file: CaseFile, now: Date) -> Bool {
        file.consentStands(.assemblyItem, now: now) && !file.wishes.limits.contains(.notToAssembly)
            && file.stage != .withdrawn
    }

    func memberCount() async throws -> Int {
        try await MembershipRecord.query(on: database).filter(\.$collective.$id == collectiveID).count()
    }
}
