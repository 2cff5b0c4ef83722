import Fluent
import Foundation
import TejidoCore

/// Everything that changes the assembly. Each act is allowed by the access policy before it is
/// called; each writes in one transaction.
struct AssemblyService {
    let database: any Database
    let keys: KeyRingStore
    let now: Date
    /// The member acting, with their key: to seal to the collective's key (made if it has none).
    var opener: CaseOpener = .nobody

    /// A member's motion, open for positions at once under the collective's method.
    @discardableResult
    func propose(_ raw: AgendaText, in collective: CollectiveRecord, by userID: UUID) async throws -> UUID {
        let words = try raw.validated()
        let item = AssemblyItemRecord()
        item.source = AgendaSource.motion.rawValue
        item.title = words.title
        item.text = words.text
        item.proposedBy = userID
        return try await open(item, in: collective)
    }

    /// An item from a case: the summary the survivor's side approved, sealed with the case's key,
    /// with no proposer named. Names the case knows are refused unless the survivor agreed to them.
    @discardableResult
    func raise(
        _ raw: AgendaText, from file: CaseFile, in collective: CollectiveRecord, by userID: UUID
    ) async throws
        -> UUID
    {
        guard AssemblyQueries.mayStillBeRead(file, now: now) else {
            throw TejidoError.conflict(messageKey: "error_assembly_no_consent")
        }
        let words = try raw.validatedAnonymous(knownNames: Self.knownNames(in: file))
        let itemID = UUID()
        let item = AssemblyItemRecord()
        item.id = itemID
        item.source = AgendaSource.caseFile.rawValue
        item.caseID = file.id
        // Sealed to the collective's key, which every member holds; a copy sealed with the case for
        // its own pages; and until when the consent that lets the assembly read it runs.
        let collectiveID = try collective.requireID()
        guard let publicKey = try await CollectiveKeys(database: database, keys: keys).publicKey(collectiveID, opener: opener)
        else { throw TejidoError.conflict(messageKey: "error_assembly_no_key") }
        item.sealed = try CollectiveKey.seal(
            words, to: publicKey, collectiveID: collectiveID, field: "assembly_item", row: itemID)
        item.caseSealed = try file.vault.seal(words, field: "assembly_item", row: itemID)
        item.readableUntil = file.consents.filter {
            $0.consent.scope == .assemblyItem && CaseConsent.stands(until: $0.until, revokedAt: $0.revokedAt, now: now)
        }.compactMap(\.until).max()
        let me = file.person(userID: userID)?.id
        return try await database.transaction { db in
            let id = try await AssemblyService(database: db, keys: keys, now: now).open(item, in: collective)
            let cases = CaseService(database: db, keys: keys, now: now)
            try await cases.commit(file, .raisedAtAssembly, by: userID) { db in
                try await cases.note(db, file, author: me, "record_assembly_raised")
            }
            return id
        }
    }

    /// Every name the case knows: its people, everyone on the pod map, and the people the survivor
    /// said must not be told (one per line or comma).
    static func knownNames(in file: CaseFile) -> [String] {
        let doNotTell = file.wishes.doNotTell.split(whereSeparator: { $0 == "," || $0.isNewline }).map(String.init)
        return (file.people.map(\.name) + file.podMap.people.flatMap { [$0.name, $0.username] } + doNotTell)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    private func open(_ item: AssemblyItemRecord, in collective: CollectiveRecord) async throws -> UUID {
        try await Self.open(
            item, collectiveID: collective.requireID(), method: collective.assemblySettings.method, now: now, on: database)
    }

    /// Puts `item` on the agenda with its decision open under `method`, which it keeps even if
    /// the collective later changes how it decides.
    static func open(
        _ item: AssemblyItemRecord, collectiveID: UUID, method: AssemblySettings.Method, now: Date, on database: any Database
    ) async throws -> UUID {
        item.$collective.id = collectiveID
        item.proposedAt = now
        if item.id == nil { item.id = UUID() }
        let itemID = try item.requireID()
        try await database.transaction { db in
            try await item.create(on: db)
            let decision = DecisionRecord(
                collectiveID: collectiveID, subject: .agendaItem, subjectID: itemID, proposedBy: item.proposedBy,
                proposedAt: now)
            decision.methodValue = method.rawValue
            try await decision.create(on: db)
        }
        return itemID
    }

    // MARK: Meetings

    @discardableResult
    func createMeeting(_ details: MeetingDetails, in collectiveID: UUID, by userID: UUID) async throws -> UUID {
        let meeting = AssemblyMeetingRecord()
        meeting.$collective.id = collectiveID
        meeting.title = details.title
        meeting.heldOn = details.heldOn
        meeting.createdBy = userID
        meeting.createdAt = now
        try await meeting.create(on: database)
        return try meeting.requireID()
    }

    func saveMinutes(_ meeting: AssemblyMeetingRecord, _ raw: String) async throws {
        let minutes = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard minutes.count <= MeetingDetails.minutesLimit else {
            throw TejidoError.invalid([FieldProblem(field: "minutes", messageKey: "error_text_long")])
        }
        meeting.minutes = minutes.isEmpty ? nil : minutes
        try await meeting.save(on: database)
    }

    /// Puts an item on a meeting's agenda, or takes it off (`meeting` nil).
    func schedule(_ entry: AgendaEntry, on meeting: AssemblyMeetingRecord?) async throws {
        entry.record.meetingID = try meeting?.requireID()
        try await entry.record.save(on: database)
    }

    // MARK: Decisions

    /// Records or changes one member's position while the decision is open.
    func take(_ raw: String, reason: String, on entry: AgendaEntry, by userID: UUID) async throws {
        guard entry.isOpen else { throw TejidoError.conflict(messageKey: "error_decision_closed") }
        // The person who caused harm does not decide on their own case (nor block what it asks).
        if entry.respondents.contains(userID) { throw TejidoError.conflict(messageKey: "error_position_own_case") }
        let (position, reason) = try Position.validated(raw, reason: reason, method: entry.method)
        let decisionID = try entry.decision.requireID()
        let row =
            try await DecisionPositionRecord.query(on: database).filter(\.$decisionID == decisionID)
            .filter(\.$userID == userID).first() ?? DecisionPositionRecord()
        row.decisionID = decisionID
        row.userID = userID
        row.position = position.rawValue
        row.reason = reason.isEmpty ? nil : reason
        row.at = now
        do {
            try await row.save(on: database)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // The same form sent twice at once: the first one counts.
            throw TejidoError.conflict(messageKey: "error_position_twice")
        }
    }

    /// Closes the decision with what the positions say under the collective's rules. An item
    /// from a case has its outcome noted on the case's timeline.
    /// The positions counted by the item's method, as closing now would count them.
    func tally(_ entry: AgendaEntry, in collective: CollectiveRecord) async throws -> Tally {
        let members = try await AssemblyQueries(database: database, keys: keys, collectiveID: collective.requireID(), now: now)
            .memberCount()
        var settings = collective.assemblySettings
        settings.method = entry.method
        return Tally(entry.positions.compactMap { Position(rawValue: $0.position) }, members: members, settings: settings)
    }

    func close(_ entry: AgendaEntry, in collective: CollectiveRecord, by userID: UUID) async throws -> Tally.Result {
        guard entry.isOpen else { throw TejidoError.conflict(messageKey: "error_decision_closed") }
        let collectiveID = try collective.requireID()
        let tally = try await tally(entry, in: collective)
        let decision = entry.decision
        let decisionID = try decision.requireID()
        let outcome = Self.outcome(tally.result)
        try await database.transaction { db in
            // Only a decision still open is closed, in one statement: a second close, or an admin
            // recording the same protocol adoption at that moment, finds it closed.
            try await DecisionRecord.query(on: db).filter(\.$id == decisionID).filter(\.$outcomeValue == nil)
                .set(\.$outcomeValue, to: outcome.rawValue).set(\.$decidedBy.$id, to: userID).set(\.$decidedAt, to: now)
                .set(\.$agree, to: tally.count(.agree) + tally.count(.yes)).set(\.$disagree, to: tally.count(.no))
                .set(\.$abstain, to: tally.count(.abstain)).set(\.$block, to: tally.count(.block))
                .set(\.$concern, to: tally.count(.concern)).update()
            let stored = try await DecisionRecord.find(decisionID, on: db)
            guard stored?.$decidedBy.id == userID, stored?.outcomeValue == outcome.rawValue,
                let decidedAt = stored?.decidedAt, abs(decidedAt.timeIntervalSince(now)) < 0.001
            else {
                throw TejidoError.conflict(messageKey: "error_decision_closed")
            }
            // A protocol version put to the assembly is adopted (or not) by this decision. Without a
            // quorum nothing is decided: the proposal closes as such, to be put again.
            if let versionID = entry.record.protocolVersionID,
                let proposal = try await ProtocolQueries(database: db, collectiveID: collectiveID).openProposal(),
                proposal.subjectID == versionID
            {
                let adoption: DecisionOutcome =
                    switch tally.result {
                    case .adopted: .adopted
                    case .noQuorum: .noQuorum
                    case .notAdopted, .blocked: .notAdopted
                    }
                try await ProtocolService(database: db, now: now).decide(
                    proposal, outcome: adoption,
                    counts: DecisionCounts(
                        agree: tally.count(.agree) + tally.count(.yes), disagree: tally.count(.no),
                        abstain: tally.count(.abstain), block: tally.count(.block)), deciderID: userID, note: nil,
                    method: entry.method == .majority ? .majority : .consent)
            }
            // Noted in the case without reading it: whoever closes may not be in it.
            if let caseID = entry.record.caseID, let box = try await CaseStore.dropBox(caseID, on: db) {
                try await CaseService(database: db, keys: keys, now: now).dropEntry(
                    db, box,
                    EntryBody(
                        kind: .record, visibility: .caseTeam, text: "record_assembly_decided",
                        values: ["outcome": outcome.rawValue]),
                    logging: .assemblyDecided, by: userID)
            }
        }
        return tally.result
    }

    /// Takes a case's items off the agenda: open decisions close as withdrawn, and every member's
    /// position and reason on them is deleted (reasons often quote the summary). Counts of
    /// decisions already taken stay. Called when consent is revoked, the wish says "not to the
    /// assembly", or the case is withdrawn or deleted.
    static func withdrawItems(ofCase caseID: UUID, now: Date, on db: any Database) async throws {
        let items = try await AssemblyItemRecord.query(on: db).filter(\.$caseID == caseID).all().compactMap(\.id)
        guard !items.isEmpty else { return }
        // The collective's copy of the words goes, decided or not: every member held its key.
        try await AssemblyItemRecord.query(on: db).filter(\.$caseID == caseID).set(\.$sealed, to: nil)
            .set(\.$readableUntil, to: nil).update()
        let decisions = try await DecisionRecord.query(on: db).filter(\.$subjectValue == DecisionSubject.agendaItem.rawValue)
            .filter(\.$subjectID ~~ items).all()
        try await DecisionPositionRecord.query(on: db).filter(\.$decisionID ~~ decisions.compactMap(\.id)).delete()
        try await DecisionRecord.query(on: db).filter(\.$subjectValue == DecisionSubject.agendaItem.rawValue)
            .filter(\.$subjectID ~~ items).filter(\.$outcomeValue == nil)
            .set(\.$outcomeValue, to: DecisionOutcome.withdrawn.rawValue).set(\.$decidedAt, to: now).update()
    }

    static func outcome(_ result: Tally.Result) -> DecisionOutcome {
        switch result {
        case .adopted: .adopted
        case .notAdopted: .notAdopted
        case .blocked: .blocked
        case .noQuorum: .noQuorum
        }
    }
}
