import Fluent
import Foundation
import TejidoCore

/// The respondent's proposal and the commitments it becomes, each act already allowed by the
/// access policy. Everything written is sealed with the case's key, authors included.
extension CaseService {
    /// A new row of `Row` in `file`, its content sealed under `field` and bound to the row's id.
    func sealedRow<Row: SealedCaseRow>(
        _ type: Row.Type, in file: CaseFile, _ value: some Encodable, field: String
    ) throws
        -> Row
    {
        let row = Row()
        let id = UUID()
        row.id = id
        row.caseParent.id = file.id
        row.body = try file.vault.seal(value, field: field, row: id)
        row.createdAt = now
        return row
    }

    struct ProposalVersion {
        let id: UUID
        let number: Int
        let proposal: ChangeProposal
        let createdAt: Date
        let acceptedAt: Date?
        let comments: [(comment: ProposalComment, at: Date)]
    }

    /// Every version, newest first, with its comments oldest first.
    func proposals(_ file: CaseFile) async throws -> [ProposalVersion] {
        let rows = try await CaseProposalRecord.query(on: database).filter(\.$caseFile.$id == file.id)
            .sort(\.$number, .descending).all()
        let comments = try await CaseProposalCommentRecord.query(on: database).filter(\.$caseFile.$id == file.id)
            .sort(\.$createdAt).all()
        let opened = file.opened(comments, as: ProposalComment.self, field: "proposal_comment")
        return file.opened(rows, as: ChangeProposal.self, field: "proposal").map { row, id, proposal in
            ProposalVersion(
                id: id, number: row.number, proposal: proposal, createdAt: row.createdAt, acceptedAt: row.acceptedAt,
                comments: opened.filter { $0.row.proposalID == id }.map { (comment: $0.value, at: $0.row.createdAt) })
        }
    }

    /// A new version of the respondent's proposal. Directory picks must be among `offered`.
    func saveProposal(_ file: CaseFile, _ raw: ChangeProposal, offered: Set<UUID>, by userID: UUID) async throws {
        var proposal = try raw.validated()
        if !Set(proposal.supportEntries).isSubset(of: offered) {
            throw TejidoError.invalid([FieldProblem(field: "support", messageKey: "error_proposal_support_entry")])
        }
        let me = file.person(userID: userID)?.id
        proposal.author = me
        if let previous = try await proposals(file).first?.proposal, previous == proposal {
            throw TejidoError.invalid([FieldProblem(field: "acknowledgement", messageKey: "error_proposal_unchanged")])
        }
        let latest =
            try await CaseProposalRecord.query(on: database).filter(\.$caseFile.$id == file.id)
            .sort(\.$number, .descending).first()?.number ?? 0
        let row = try sealedRow(CaseProposalRecord.self, in: file, proposal, field: "proposal")
        row.number = latest + 1
        try await commit(file, .wroteProposal, by: userID) { db in
            try await row.create(on: db)
            try await note(db, file, author: me, "record_proposal_written", ["number": "\(row.number)"])
        }
    }

    func commentOnProposal(_ file: CaseFile, _ proposalID: UUID, text raw: String, by userID: UUID) async throws {
        guard try await proposals(file).contains(where: { $0.id == proposalID }) else { throw TejidoError.notFound }
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { throw TejidoError.invalid([FieldProblem(field: "comment", messageKey: "error_comment_empty")]) }
        if text.count > ChangeProposal.textLimit {
            throw TejidoError.invalid([FieldProblem(field: "comment", messageKey: "error_text_long")])
        }
        let row = try sealedRow(
            CaseProposalCommentRecord.self, in: file, ProposalComment(text: text, author: file.person(userID: userID)?.id),
            field: "proposal_comment")
        row.proposalID = proposalID
        try await commit(file, .commentedProposal, by: userID) { db in try await row.create(on: db) }
    }

    /// Records that this version was accepted; its commitments are then written one by one.
    func acceptProposal(_ file: CaseFile, _ proposalID: UUID, by userID: UUID) async throws {
        let versions = try await proposals(file)
        guard let version = versions.first(where: { $0.id == proposalID }) else { throw TejidoError.notFound }
        let already = TejidoError.conflict(messageKey: "error_proposal_accepted_already")
        guard versions.allSatisfy({ $0.acceptedAt == nil }) else { throw already }
        let me = file.person(userID: userID)?.id
        do {
            try await commit(file, .acceptedProposal, by: userID) { db in
                try await CaseProposalRecord.query(on: db).filter(\.$id == proposalID).set(\.$acceptedAt, to: now).update()
                try await note(db, file, author: me, "record_proposal_accepted", ["number": "\(version.number)"])
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Another version was accepted at the same moment; the database allows one per case.
            throw already
        }
    }

    // MARK: Commitments

    struct CommitmentRow {
        let id: UUID
        let commitment: Commitment
        let dueOn: Date?
        let doneAt: Date?
        let checkIns: [(checkIn: CheckIn, at: Date)]

        func state(today: Date) -> CommitmentState {
            .of(dueOn: dueOn, doneAt: doneAt, today: today, latest: checkIns.last?.checkIn.progress)
        }
    }

    func commitments(_ file: CaseFile) async throws -> [CommitmentRow] {
        let rows = try await CaseCommitmentRecord.query(on: database).filter(\.$caseFile.$id == file.id)
            .sort(\.$createdAt).all()
        let checkIns = try await CaseCheckInRecord.query(on: database).filter(\.$caseFile.$id == file.id)
            .sort(\.$createdAt).all()
        let opened = file.opened(checkIns, as: CheckIn.self, field: "check_in")
        return file.opened(rows, as: Commitment.self, field: "commitment").map { row, id, commitment in
            CommitmentRow(
                id: id, commitment: commitment, dueOn: row.dueOn, doneAt: row.doneAt,
                checkIns: opened.filter { $0.row.commitmentID == id }.map { (checkIn: $0.value, at: $0.row.createdAt) })
        }
    }

    /// A commitment needs an accepted proposal: the respondent's own words come first.
    func addCommitment(_ file: CaseFile, _ commitment: Commitment, dueOn: Date?, by userID: UUID) async throws {
        guard try await proposals(file).contains(where: { $0.acceptedAt != nil }) else {
            throw TejidoError.conflict(messageKey: "error_commitment_needs_proposal")
        }
        let row = try sealedRow(CaseCommitmentRecord.self, in: file, commitment, field: "commitment")
        row.dueOn = dueOn
        let me = file.person(userID: userID)?.id
        try await commit(file, .addedCommitment, by: userID) { db in
            try await row.create(on: db)
            try await note(db, file, author: me, "record_commitment_added")
        }
    }

    /// A check-in; one that says "done" completes the commitment.
    func checkIn(_ file: CaseFile, _ commitmentID: UUID, _ raw: CheckIn, by userID: UUID) async throws {
        guard let commitment = try await commitments(file).first(where: { $0.id == commitmentID }) else {
            throw TejidoError.notFound
        }
        guard commitment.doneAt == nil else { throw TejidoError.conflict(messageKey: "error_commitment_done") }
        // The respondent reports progress; whether a commitment is met is for the pod or a facilitator to say.
        if raw.progress == .done, file.person(userID: userID)?.role == .respondent {
            throw TejidoError.invalid([FieldProblem(field: "progress", messageKey: "error_check_in_done_by_pod")])
        }
        var checkIn = raw
        checkIn.author = file.person(userID: userID)?.id
        let row = try sealedRow(CaseCheckInRecord.self, in: file, checkIn, field: "check_in")
        row.commitmentID = commitmentID
        let isDone = checkIn.progress == .done
        try await commit(file, .checkedIn, by: userID) { db in
            try await row.create(on: db)
            if isDone {
                try await CaseCommitmentRecord.query(on: db).filter(\.$id == commitmentID).set(\.$doneAt, to: now).update()
            }
        }
    }

    func accountabilityPreferences(_ file: CaseFile) -> AccountabilityPreferences {
        file.open(AccountabilityPreferences.self, file.record.accountability, field: "accountability")
            ?? AccountabilityPreferences()
    }

    func setProgressView(_ file: CaseFile, _ view: ProgressView, by userID: UUID) async throws {
        file.record.accountability = try file.vault.seal(
            AccountabilityPreferences(progressView: view), field: "accountability")
        try await commit(file, .changedProgressView, by: userID)
    }
}

// MARK: Outcomes

extension CaseService {
    /// The responses the adopted protocol version the case was classified by allows for its
    /// harms and levels together; nil while the case is not classified.
    func responseRules(_ file: CaseFile) async throws -> ResponseRules? {
        guard let classification = file.classification,
            let version = try await ProtocolQueries(database: database, collectiveID: file.collectiveID)
                .version(number: classification.protocolVersion)
        else { return nil }
        return try? version.document().responses(for: classification.harms)
    }

    /// Agenda items raised from this case whose decision was to adopt, newest first, with the
    /// response each asked the assembly to decide.
    func adoptedAssemblyItems(_ file: CaseFile) async throws -> [(id: UUID, words: AgendaText)] {
        let items = try await AssemblyItemRecord.query(on: database).filter(\.$caseID == file.id).all()
        guard !items.isEmpty else { return [] }
        let adopted = try await DecisionRecord.query(on: database)
            .filter(\.$subjectValue == DecisionSubject.agendaItem.rawValue).filter(\.$subjectID ~~ items.compactMap(\.id))
            .filter(\.$outcomeValue == DecisionOutcome.adopted.rawValue).sort(\.$decidedAt, .descending).all()
        return adopted.compactMap { decision in
            guard let item = items.first(where: { $0.id == decision.subjectID }), let sealed = item.caseSealed,
                let words = file.open(AgendaText.self, sealed, field: "assembly_item", row: decision.subjectID)
            else { return nil }
            return (decision.subjectID, words)
        }
    }

    func outcomes(_ file: CaseFile) async throws -> [(outcome: CaseOutcome, at: Date)] {
        let rows = try await CaseOutcomeRecord.query(on: database).filter(\.$caseFile.$id == file.id).sort(\.$createdAt)
            .all()
        return file.opened(rows, as: CaseOutcome.self, field: "outcome").map { (outcome: $0.value, at: $0.row.createdAt) }
    }

    /// Records an outcome the protocol allows; one that needs the assembly names an adopted
    /// decision on an item from this very case.
    func recordOutcome(_ file: CaseFile, _ raw: CaseOutcome, by userID: UUID) async throws {
        // The decision must be this case's, adopted, about this very response, and not used before.
        var decided = false
        if let item = raw.assemblyItem {
            let used = try await outcomes(file).contains { $0.outcome.assemblyItem == item }
            let adopted = try await adoptedAssemblyItems(file)
            decided = !used && adopted.contains { $0.id == item && $0.words.asks != nil && $0.words.asks == raw.kind.response }
        }
        if raw.assemblyItem != nil, !decided {
            throw TejidoError.invalid([FieldProblem(field: "assembly_item", messageKey: "error_outcome_needs_assembly")])
        }
        let outcome = try raw.validated(
            rules: try await responseRules(file), assemblyDecided: decided,
            assemblyBarred: file.wishes.limits.contains(.notToAssembly))
        let row = try sealedRow(CaseOutcomeRecord.self, in: file, outcome, field: "outcome")
        let me = file.person(userID: userID)?.id
        try await commit(file, .recordedOutcome, by: userID) { db in
            try await row.create(on: db)
            try await note(db, file, author: me, "record_outcome", ["outcome_kind": outcome.kind.rawValue])
        }
    }
}
