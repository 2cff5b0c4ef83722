@preconcurrency import Crypto
import Fluent
import Foundation
import TejidoCore

/// Everything that changes a case. Each method writes one case's rows in one transaction, and
/// records what happened (never what was written) in the access log.
struct CaseService: Sendable {
    let database: any Database
    let keys: KeyRingStore
    let now: Date
    /// Who is acting, with the key their session holds.
    var opener: CaseOpener = .nobody

    var store: CaseStore { CaseStore(database: database, keys: keys, opener: opener, now: now) }
    var caseKeys: CaseKeys { CaseKeys(database: database, keys: keys) }

    // MARK: Opening

    struct Opening {
        var forSomeoneElse: Bool
        /// For someone else: the name the case will know them by.
        var survivorName: String
        /// For someone else: what they agreed to, and how.
        var agreedTo: String
        var manner: CaseConsent.Manner
        var narrative: String
        var narrativeVisibility: EntryVisibility
        var wishes: CaseWishes
        var finished: Bool
    }

    func validate(_ opening: Opening) throws -> Opening {
        var copy = opening
        copy.survivorName = opening.survivorName.trimmingCharacters(in: .whitespacesAndNewlines)
        copy.agreedTo = opening.agreedTo.trimmingCharacters(in: .whitespacesAndNewlines)
        copy.narrative = opening.narrative.trimmingCharacters(in: .whitespacesAndNewlines)
        var problems: [FieldProblem] = []
        if copy.forSomeoneElse {
            if copy.survivorName.isEmpty || copy.survivorName.count > 200 {
                problems.append(FieldProblem(field: "survivor_name", messageKey: "error_case_survivor_name"))
            }
            if copy.agreedTo.isEmpty {
                problems.append(FieldProblem(field: "agreed_to", messageKey: "error_case_agreed_to"))
            }
            if copy.agreedTo.count > CaseConsent.detailLimit {
                problems.append(FieldProblem(field: "agreed_to", messageKey: "error_text_long"))
            }
        }
        if copy.narrative.count > Disclosure.narrativeLimit {
            problems.append(FieldProblem(field: "narrative", messageKey: "error_text_long"))
        }
        do { copy.wishes = try opening.wishes.validated() } catch TejidoError.invalid(let more) { problems += more }
        try problems.throwIfAny()
        return copy
    }

    /// Opens a case (or saves a draft of one). Returns its id.
    func open(_ raw: Opening, collectiveID: UUID, openerID openerUserID: UUID) async throws -> UUID {
        let opening = try validate(raw)
        let caseID = UUID()
        let dataKey = KeyWrapping.newDataKey()
        // No instance wrap: the case opens only with the keys of the people in it.
        let pair = try CaseVault(caseID: caseID, key: dataKey).newCaseKeyPair()
        let vault = try CaseVault(caseID: caseID, key: dataKey, sealedPrivateKey: pair.sealedPrivateKey)
        let record = CaseRecord()
        record.id = caseID
        record.$collective.id = collectiveID
        record.stage = (opening.finished ? CaseStage.disclosed : .draft).rawValue
        record.publicKey = pair.publicKey
        record.sealedPrivateKey = pair.sealedPrivateKey
        let survivorID = UUID()
        let openerID = opening.forSomeoneElse ? UUID() : survivorID
        record.disclosure = try vault.seal(
            Disclosure(
                forSomeoneElse: opening.forSomeoneElse, narrative: opening.narrative,
                visibility: opening.narrativeVisibility, writtenBy: openerID), field: "disclosure")
        record.wishes = try vault.seal(opening.wishes, field: "wishes")
        record.openedAt = now
        record.updatedAt = now
        try await database.transaction { db in
            try await record.create(on: db)
            if opening.forSomeoneElse {
                try await addParticipant(
                    db, vault, caseID: caseID, userID: nil, id: survivorID,
                    ParticipantBody(participation: CaseParticipation(role: .survivor), name: opening.survivorName))
                let opener = try await addParticipant(
                    db, vault, caseID: caseID, userID: openerUserID, id: openerID,
                    ParticipantBody(participation: CaseParticipation(role: .supporter, actsForSurvivor: true)))
                try await recordConsent(
                    db, vault, caseID: caseID,
                    CaseConsent(
                        scope: .actForSurvivor, detail: opening.agreedTo, givenBy: opening.survivorName,
                        manner: opening.manner, participantID: opener),
                    recordedBy: opener, until: nil)
            } else {
                try await addParticipant(
                    db, vault, caseID: caseID, userID: openerUserID, id: survivorID,
                    ParticipantBody(participation: CaseParticipation(role: .survivor)))
            }
            try await CaseStore(database: db, keys: keys).log(.opened, vault: vault, userID: openerUserID, at: now)
        }
        return caseID
    }

    /// A draft disclosure finished or saved again.
    func updateDraft(_ file: CaseFile, _ raw: Opening, by userID: UUID) async throws {
        let opening = try validate(raw)
        let record = file.record
        let forSomeoneElse = file.disclosure?.forSomeoneElse ?? false
        record.disclosure = try file.vault.seal(
            Disclosure(
                forSomeoneElse: forSomeoneElse, narrative: opening.narrative, visibility: opening.narrativeVisibility,
                writtenBy: file.disclosure?.writtenBy ?? file.person(userID: userID)?.id), field: "disclosure")
        record.wishes = try file.vault.seal(opening.wishes, field: "wishes")
        if opening.finished { record.stage = CaseStage.disclosed.rawValue }
        record.updatedAt = now
        try await database.transaction { db in
            try await record.save(on: db)
            try await CaseStore(database: db, keys: keys).log(
                opening.finished ? .opened : .changedWishes, vault: file.vault, userID: userID, at: now)
        }
    }

    // MARK: Rows

    @discardableResult
    func addParticipant(
        _ db: any Database, _ vault: CaseVault, caseID: UUID, userID: UUID?, id: UUID = UUID(), _ body: ParticipantBody
    ) async throws -> UUID {
        let row = CaseParticipantRecord()
        row.id = id
        row.$caseFile.id = caseID
        row.userID = userID
        var bound = body
        bound.userID = userID
        row.body = try vault.seal(bound, field: "participant", row: id)
        row.addedAt = now
        try await row.create(on: db)
        // Whoever adds someone holds the case's key, and wraps it for them in the same transaction.
        if let userID { try await CaseKeys(database: db, keys: keys).give(vault, to: userID, on: db) }
        return id
    }

    @discardableResult
    func recordConsent(
        _ db: any Database, _ vault: CaseVault, caseID: UUID, _ consent: CaseConsent, recordedBy: UUID?, until: Date?
    ) async throws -> UUID {
        let row = CaseConsentRecord()
        let id = UUID()
        row.id = id
        row.$caseFile.id = caseID
        row.body = try vault.seal(consent, field: "consent", row: id)
        row.recordedBy = recordedBy
        row.createdAt = now
        row.until = until
        try await row.create(on: db)
        return id
    }

    @discardableResult
    func appendEntry(_ db: any Database, _ file: CaseFile, author: UUID?, _ body: EntryBody) async throws -> UUID {
        let row = CaseEntryRecord()
        let id = UUID()
        row.id = id
        row.$caseFile.id = file.id
        row.authorID = author
        var bound = body
        bound.author = author
        row.body = try file.vault.seal(bound, field: "entry", row: id)
        row.createdAt = now
        try await row.create(on: db)
        return id
    }

    /// A change the system notes on the timeline, for everyone but the respondent unless `readers`
    /// says fewer: stage moves, people added or removed, consent given or revoked: a catalog key
    /// and the values it needs.
    func note(
        _ db: any Database, _ file: CaseFile, author: UUID?, _ key: String, _ values: [String: String] = [:],
        readers: EntryVisibility = .caseTeam
    ) async throws {
        try await appendEntry(
            db, file, author: author, EntryBody(kind: .record, visibility: readers, text: key, values: values))
    }

    /// An entry added to a case by someone who cannot read it (an outside mediator, the assembly's
    /// decision): `appendEntry`'s twin, sealed to the case's public key and logged. Only what
    /// `EntryBody.asDropped` accepts is ever shown.
    func dropEntry(
        _ db: any Database, _ box: CaseDropBox, _ body: EntryBody, logging kind: CaseAccessKind, by userID: UUID?
    ) async throws {
        let row = CaseEntryRecord()
        let id = UUID()
        row.id = id
        row.$caseFile.id = box.caseID
        row.authorID = nil
        row.body = try box.seal(body, field: "entry", row: id)
        row.createdAt = now
        try await row.create(on: db)
        try await CaseRecord.query(on: db).filter(\.$id == box.caseID).set(\.$updatedAt, to: now).update()
        try await CaseStore(database: db, keys: keys).log(kind, box: box, userID: userID, at: now)
    }

    /// Saves the case record and logs the act, in one transaction with `more`.
    func commit(
        _ file: CaseFile, _ kind: CaseAccessKind, by userID: UUID?, detail: String? = nil,
        _ more: @escaping @Sendable (any Database) async throws -> Void = { _ in }
    ) async throws {
        file.record.updatedAt = now
        try await database.transaction { db in
            try await file.record.save(on: db)
            try await more(db)
            try await CaseStore(database: db, keys: keys).log(kind, vault: file.vault, userID: userID, at: now, detail: detail)
        }
    }
}
