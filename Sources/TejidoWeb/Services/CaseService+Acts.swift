import Fluent
import Foundation
import SQLKit
import TejidoCore

/// The acts of a case, each already allowed by the access policy before it is called.
extension CaseService {
    /// Saves the wishes. Lifting a limit for someone else needs `agreement`: that the person
    /// harmed agreed, and how; the timeline says so and the log names each limit that changed. A
    /// limit put back ends the consents it contradicts at once, and what they opened.
    func saveWishes(
        _ file: CaseFile, _ raw: CaseWishes, agreement: CaseConsent.Manner?, by userID: UUID
    ) async throws {
        let wishes = try raw.validated()
        guard let me = file.person(userID: userID) else { throw TejidoError.forbidden }
        let change = WishChange(from: file.wishes, to: wishes)
        // Lifting a limit widens who knows: someone acting for her must say she agreed, and how.
        let manner = change.lifted.isEmpty ? nil : try CaseConsent.manner(recordedBy: me.role, agreement: agreement)
        file.record.wishes = try file.vault.seal(wishes, field: "wishes")
        let ended = change.endedScopes
        let endedConsents = file.consents.filter {
            ended.contains($0.consent.scope) && CaseConsent.stands(until: $0.until, revokedAt: $0.revokedAt, now: now)
        }
        // "Do not tell" coming back ends what telling the respondent opened, as revoking would.
        let untells =
            ended.contains(.tellRespondent)
            && (file.consentStands(.tellRespondent, now: now) || file.activePeople.contains { $0.role == .respondent })
        let detail =
            (change.lifted.map { "log_wish_lifted:limit_\($0.rawValue)" }
            + change.putBack.map { "log_wish_put_back:limit_\($0.rawValue)" }).joined(separator: ";")
        try await commit(file, .changedWishes, by: userID, detail: detail.isEmpty ? nil : detail) { db in
            if change.putBack.contains(.notToAssembly) {
                try await AssemblyService.withdrawItems(ofCase: file.id, now: now, on: db)
            }
            try await note(db, file, author: me.id, "record_wishes_changed")
            for limit in change.lifted where manner != .onPlatform {
                try await note(
                    db, file, author: me.id, "record_wish_lifted_for",
                    ["wish": "limit_\(limit.rawValue)", "manner": "manner_\((manner ?? .spoken).rawValue)"])
            }
            if untells { try await untellRespondent(file, by: me.id, on: db) }
            if change.putBack.contains(.keepInCollective) { try await endMediators(file, on: db) }
            try await CaseConsentRecord.query(on: db).filter(\.$id ~~ endedConsents.map(\.id)).filter(\.$revokedAt == nil)
                .set(\.$revokedAt, to: now).set(\.$revokedBy, to: me.id).update()
            // An alert an ended consent let go out is retracted wherever it went, as on revoking.
            for consent in endedConsents where consent.consent.scope == .sendAlert {
                try await SentAlerts.retractAll(consentID: consent.id, now: now, on: db)
            }
            // So does every entry for repeat-harm matching: nothing leaves the collective.
            if endedConsents.contains(where: { $0.consent.scope == .matching }) {
                _ = try await MatchingEntries(database: db, keys: keys, now: now).withdraw(file, on: db)
            }
            let revoked = Set(endedConsents.map(\.consent.scope)).union(untells ? [.tellRespondent] : [])
            for scope in CaseConsent.Scope.allCases where revoked.contains(scope) {
                try await note(
                    db, file, author: me.id, "record_consent_revoked", ["scope": scope.rawValue], readers: scope.readers)
            }
        }
    }

    // MARK: People

    /// Adds a member of the collective to the case. The survivor adding someone is their consent;
    /// a supporter acting for them records that the survivor agreed, and how (`agreement`).
    func addPerson(
        _ file: CaseFile, username raw: String, role: CaseRole, agreement: CaseConsent.Manner?, by userID: UUID
    ) async throws {
        let username = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let me = file.person(userID: userID) else { throw TejidoError.forbidden }
        let manner = try CaseConsent.manner(recordedBy: me.role, agreement: agreement)
        guard role != .survivor else { throw TejidoError.invalid([FieldProblem(field: "role", messageKey: "error_case_role")]) }
        guard
            let user = try await UserRecord.query(on: database).filter(\.$usernameNormalized == Username.normalize(username))
                .first(),
            let userRecordID = user.id,
            let membership = try await MembershipQueries(database: database).find(userID: userRecordID, in: file.collectiveID)
        else {
            throw TejidoError.invalid([FieldProblem(field: "username", messageKey: "error_case_no_such_member")])
        }
        if file.person(userID: userRecordID) != nil {
            throw TejidoError.invalid([FieldProblem(field: "username", messageKey: "error_case_already_in")])
        }
        if role == .facilitator, membership.role < .careTeam {
            throw TejidoError.invalid([FieldProblem(field: "role", messageKey: "error_case_facilitator_care_team")])
        }
        // The accountability pod works with the respondent, so it waits until they may be told.
        if role == .accountability, file.wishes.limits.contains(.doNotTellRespondent) {
            throw TejidoError.invalid([FieldProblem(field: "role", messageKey: "error_case_accountability_waits")])
        }
        if file.wishes.limits.contains(.doNotTellNamed), Self.names(file.wishes.doNotTell, include: user.username) {
            throw TejidoError.invalid([FieldProblem(field: "username", messageKey: "error_case_do_not_tell")])
        }
        let survivorName = file.survivor?.name ?? ""
        try await commit(file, .addedPerson, by: userID) { db in
            let id = try await addParticipant(
                db, file.vault, caseID: file.id, userID: userRecordID,
                ParticipantBody(participation: CaseParticipation(role: role)))
            try await recordConsent(
                db, file.vault, caseID: file.id,
                CaseConsent(
                    scope: .addPerson,
                    detail: "\(user.username) · \(role.rawValue)", givenBy: survivorName,
                    manner: manner, participantID: id),
                recordedBy: me.id, until: nil)
            try await note(db, file, author: me.id, "record_person_added", ["name": user.username, "role": role.rawValue])
        }
    }

    /// Whether the survivor's "do not tell" list names `username` (as a word, any case).
    static func names(_ list: String, include username: String) -> Bool {
        let words = list.lowercased().split { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == ".") }
        return words.contains { $0 == Substring(username.lowercased()) || $0 == Substring("@" + username.lowercased()) }
    }

    func removePerson(_ file: CaseFile, _ personID: UUID, by userID: UUID) async throws {
        guard let person = file.person(id: personID), person.isActive else { throw TejidoError.notFound }
        guard person.role != .survivor else { throw TejidoError.conflict(messageKey: "error_case_remove_survivor") }
        let me = file.person(userID: userID)?.id
        try await commit(file, .removedPerson, by: userID) { db in
            try await leave(personID, file, by: me, on: db)
            try await note(
                db, file, author: me, "record_person_removed", ["name": person.name, "role": person.role.rawValue])
        }
    }

    /// Lets a supporter act for the survivor, or stops it; or shows them the safety plan, or not.
    func changePerson(
        _ file: CaseFile, _ personID: UUID, actsForSurvivor: Bool, seesSafetyPlan: Bool, by userID: UUID
    ) async throws {
        guard let person = file.person(id: personID), person.isActive, person.role != .survivor else {
            throw TejidoError.notFound
        }
        var body = person.body
        body.participation = CaseParticipation(
            role: person.role, actsForSurvivor: actsForSurvivor, seesSafetyPlan: seesSafetyPlan)
        let sealed = try file.vault.seal(body, field: "participant", row: personID)
        let me = file.person(userID: userID)
        let starts = body.participation.actsForSurvivor && !person.participation.actsForSurvivor
        let stops = !body.participation.actsForSurvivor && person.participation.actsForSurvivor
        let standing = file.consents.filter {
            $0.consent.scope == .actForSurvivor && $0.consent.participantID == personID
                && CaseConsent.stands(until: $0.until, revokedAt: $0.revokedAt, now: now)
        }
        try await commit(file, .changedPerson, by: userID) { db in
            try await CaseParticipantRecord.query(on: db).filter(\.$id == personID).set(\.$body, to: sealed).update()
            // Acting for the survivor is consent like any other: written down, and revocable.
            if starts {
                try await recordConsent(
                    db, file.vault, caseID: file.id,
                    CaseConsent(
                        scope: .actForSurvivor, detail: person.name, givenBy: file.survivor?.name ?? "",
                        manner: me?.role == .survivor ? .onPlatform : .spoken, participantID: personID),
                    recordedBy: me?.id, until: nil)
                try await note(
                    db, file, author: me?.id, "record_consent_given", ["scope": CaseConsent.Scope.actForSurvivor.rawValue])
            }
            if stops {
                for row in standing {
                    try await CaseConsentRecord.query(on: db).filter(\.$id == row.id).set(\.$revokedAt, to: now)
                        .set(\.$revokedBy, to: me?.id).update()
                }
                try await note(
                    db, file, author: me?.id, "record_consent_revoked", ["scope": CaseConsent.Scope.actForSurvivor.rawValue])
            }
        }
    }

    // MARK: Timeline

    func write(
        _ file: CaseFile, kind: EntryKind?, visibility: EntryVisibility?, text raw: String, corrects: UUID?, by userID: UUID
    ) async throws {
        guard let me = file.person(userID: userID) else { throw TejidoError.forbidden }
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        var problems: [FieldProblem] = []
        if text.isEmpty { problems.append(FieldProblem(field: "text", messageKey: "error_entry_empty")) }
        if text.count > EntryBody.textLimit { problems.append(FieldProblem(field: "text", messageKey: "error_text_long")) }
        // An unknown visibility is an error, never a fallback: the fallback would have to guess who may read.
        guard let kind, EntryKind.written.contains(kind) else {
            throw TejidoError.invalid(problems + [FieldProblem(field: "kind", messageKey: "error_entry_kind")])
        }
        guard let visibility, EntryVisibility.choices(for: me.role).contains(visibility) else {
            throw TejidoError.invalid(problems + [FieldProblem(field: "visibility", messageKey: "error_entry_visibility")])
        }
        if let corrects {
            let visible = try await entries(file, for: me).contains { $0.id == corrects && $0.body != nil }
            if !visible { problems.append(FieldProblem(field: "corrects", messageKey: "error_entry_corrects")) }
        }
        try problems.throwIfAny()
        try await commit(file, .wroteEntry, by: userID) { db in
            try await appendEntry(
                db, file, author: me.id, EntryBody(kind: kind, visibility: visibility, text: text, corrects: corrects))
        }
    }

    struct Entry {
        let id: UUID
        let author: CaseFile.Person?
        /// Nil once redacted.
        let body: EntryBody?
        let createdAt: Date
        let redactedAt: Date?
    }

    /// The timeline as `reader` may see it, oldest first. Redacted entries keep their place.
    func entries(_ file: CaseFile, for reader: CaseFile.Person) async throws -> [Entry] {
        let progress = accountabilityPreferences(file).progressView
        let reading = CaseReading(participant: reader.id, reader.participation)
        return try await timelineRows(file.id).compactMap { row in
            let id = row.id
            guard let body = file.entry(row.body, row: id) else { return nil }
            let author = file.person(id: body.author)
            guard reading.reads(body, id: id, author: author?.id, progress: progress) else { return nil }
            // A redacted entry keeps its kind and readers, so its place shows only to them.
            return Entry(
                id: id, author: author, body: row.redactedAt == nil ? body : nil, createdAt: row.createdAt,
                redactedAt: row.redactedAt)
        }
    }

    struct TimelineRow {
        let id: UUID
        let body: Data?
        let createdAt: Date
        let redactedAt: Date?
    }

    /// The case's entries in order. Read with SQLKit rather than Fluent: the case page reads every
    /// entry on every view, and Fluent's per-row reflection was a tenth of that page's cost.
    func timelineRows(_ caseID: UUID) async throws -> [TimelineRow] {
        try await database.sql().select().column("id").column("body").column("created_at").column("redacted_at")
            .from(CaseEntryRecord.schema).where("case_id", .equal, SQLBind(caseID))
            .orderBy("created_at").orderBy("id").all()
            .map { row in
                TimelineRow(
                    id: try row.decode(column: "id", as: UUID.self), body: try row.decode(column: "body", as: Data?.self),
                    createdAt: try row.decode(column: "created_at", as: Date.self),
                    redactedAt: try row.decode(column: "redacted_at", as: Date?.self))
            }
    }

    /// The survivor takes back something they wrote: the text is gone, the place remains.
    func redact(_ file: CaseFile, entryID: UUID, by userID: UUID) async throws {
        guard let me = file.person(userID: userID),
            let row = try await CaseEntryRecord.query(on: database).filter(\.$caseFile.$id == file.id)
                .filter(\.$id == entryID).first(),
            row.redactedAt == nil,
            let body = file.entry(row.body, row: entryID), body.author == me.id,
            body.kind != .record
        else { throw TejidoError.notFound }
        // The text goes; a stub keeps who may see that something was taken back.
        let stub = try file.vault.seal(
            EntryBody(kind: body.kind, visibility: body.visibility, text: "", author: body.author), field: "entry",
            row: entryID)
        let unshared = try await unshared(entryID, in: file)
        try await commit(file, .redactedEntry, by: userID) { db in
            try await CaseEntryRecord.query(on: db).filter(\.$id == entryID).set(\.$body, to: stub)
                .set(\.$redactedAt, to: now).update()
            // Taken back from every outside mediator's copy too.
            for (grantID, packet) in unshared {
                try await CaseMediatorRecord.query(on: db).filter(\.$id == grantID).set(\.$packet, to: packet).update()
            }
        }
    }

    // MARK: Classification and stages

    /// Classifies (or classifies again). The timeline keeps every classification: each record
    /// names the harms and levels (`names`, as the facilitator read them) and the reason.
    func classify(_ file: CaseFile, _ classification: Classification, names: String, by userID: UUID) async throws {
        let again = file.classification != nil
        file.record.classification = try file.vault.seal(classification, field: "classification")
        let me = file.person(userID: userID)?.id
        try await commit(file, .classified, by: userID) { db in
            try await note(
                db, file, author: me, again ? "record_reclassified" : "record_classified",
                ["version": String(classification.protocolVersion), "reason": classification.reason, "harms": names])
        }
    }

    func move(_ file: CaseFile, to stage: CaseStage, reason raw: String, by userID: UUID) async throws {
        let reason = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        var problems: [FieldProblem] = []
        if !file.stage.facilitatorMay(moveTo: stage) {
            problems.append(FieldProblem(field: "stage", messageKey: "error_case_stage"))
        }
        if reason.isEmpty { problems.append(FieldProblem(field: "reason", messageKey: "error_case_stage_reason")) }
        if reason.count > CaseWishes.textLimit { problems.append(FieldProblem(field: "reason", messageKey: "error_text_long")) }
        try problems.throwIfAny()
        let from = file.stage
        file.record.stage = stage.rawValue
        file.record.endedAt = stage == .closed ? now : nil
        let me = file.person(userID: userID)?.id
        try await commit(file, .movedStage, by: userID) { db in
            try await note(
                db, file, author: me, "record_stage_moved", ["from": from.rawValue, "to": stage.rawValue, "reason": reason])
        }
    }

    func pause(_ file: CaseFile, by userID: UUID) async throws {
        guard file.stage.isOpen else { throw TejidoError.conflict(messageKey: "error_case_not_open") }
        file.record.stageBeforePause = file.record.stage
        file.record.stage = CaseStage.paused.rawValue
        let me = file.person(userID: userID)?.id
        try await commit(file, .paused, by: userID) { db in try await note(db, file, author: me, "record_paused") }
    }

    func resume(_ file: CaseFile, by userID: UUID) async throws {
        guard file.stage == .paused else { throw TejidoError.conflict(messageKey: "error_case_not_paused") }
        file.record.stage = file.record.stageBeforePause ?? CaseStage.disclosed.rawValue
        file.record.stageBeforePause = nil
        let me = file.person(userID: userID)?.id
        try await commit(file, .resumed, by: userID) { db in try await note(db, file, author: me, "record_resumed") }
    }

    func withdraw(_ file: CaseFile, by userID: UUID) async throws {
        guard file.stage.isOpen || file.stage == .paused else {
            throw TejidoError.conflict(messageKey: "error_case_not_open")
        }
        file.record.stage = CaseStage.withdrawn.rawValue
        file.record.endedAt = now
        let me = file.person(userID: userID)?.id
        try await commit(file, .withdrew, by: userID) { db in
            try await AssemblyService.withdrawItems(ofCase: file.id, now: now, on: db)
            try await note(db, file, author: me, "record_withdrawn")
        }
    }

    /// Destroys the data key and every row written in the case, leaving a tombstone: the id,
    /// when it was opened, and when it was deleted. Nothing else survives, not even the log.
    func delete(caseID: UUID) async throws {
        try await database.transaction { db in
            // SQLite then overwrites what it frees instead of leaving it in free pages.
            if let sql = db as? any SQLDatabase, sql.dialect.name == "sqlite" {
                try await sql.raw("PRAGMA secure_delete = ON").run()
            }
            try await CaseAccessRecord.query(on: db).filter(\.$caseFile.$id == caseID).delete()
            try await CaseOutcomeRecord.query(on: db).filter(\.$caseFile.$id == caseID).delete()
            // Its alerts are retracted wherever they went, and forgotten here.
            try await SentAlerts.forget(caseID: caseID, now: now, on: db)
            // A mediator invitation sent to a connected collective is withdrawn there.
            let mediators = try await CaseMediatorRecord.query(on: db).filter(\.$caseFile.$id == caseID).all()
            try await MediationRequests.withdraw(mediators: mediators.compactMap(\.id), now: now, on: db)
            try await CaseMediatorRecord.query(on: db).filter(\.$caseFile.$id == caseID).delete()
            // Matching entries were withdrawn from the board by whoever deleted it; their rows go.
            try await MatchingEntryRecord.query(on: db).filter(\.$caseID == caseID).delete()
            try await MatchingVouchRecord.query(on: db).filter(\.$caseID == caseID).delete()
            try await CaseCareReferralRecord.query(on: db).filter(\.$caseFile.$id == caseID).delete()
            try await CaseCheckInRecord.query(on: db).filter(\.$caseFile.$id == caseID).delete()
            try await CaseCommitmentRecord.query(on: db).filter(\.$caseFile.$id == caseID).delete()
            try await CaseProposalCommentRecord.query(on: db).filter(\.$caseFile.$id == caseID).delete()
            try await CaseProposalRecord.query(on: db).filter(\.$caseFile.$id == caseID).delete()
            // Agenda items keep their outcome for the assembly's record, never the case's words.
            try await AssemblyService.withdrawItems(ofCase: caseID, now: now, on: db)
            try await AssemblyItemRecord.query(on: db).filter(\.$caseID == caseID).set(\.$sealed, to: nil)
                .set(\.$caseSealed, to: nil).update()
            // Every wrap of its key goes with it (and the rows above would open with none).
            try await db.sql().delete(from: KeyWraps.cases).where("case_id", .equal, SQLBind(caseID)).run()
            try await CaseTaskRecord.query(on: db).filter(\.$caseFile.$id == caseID).delete()
            try await CaseConsentRecord.query(on: db).filter(\.$caseFile.$id == caseID).delete()
            try await CaseEntryRecord.query(on: db).filter(\.$caseFile.$id == caseID).delete()
            try await CaseParticipantRecord.query(on: db).filter(\.$caseFile.$id == caseID).delete()
            try await CaseRecord.query(on: db).filter(\.$id == caseID)
                .set(\.$wrappedKey, to: nil).set(\.$keyID, to: nil).set(\.$sealedPrivateKey, to: nil)
                .set(\.$disclosure, to: nil).set(\.$wishes, to: nil)
                .set(\.$classification, to: nil).set(\.$safetyPlan, to: nil).set(\.$podMap, to: nil)
                .set(\.$accountability, to: nil)
                .set(\.$stage, to: CaseStage.deleted.rawValue).set(\.$stageBeforePause, to: nil)
                .set(\.$deletedAt, to: now).set(\.$updatedAt, to: now).update()
        }
        // Older copies of the pages may still sit in SQLite's write-ahead log: fold it back now.
        if let sql = database as? any SQLDatabase, sql.dialect.name == "sqlite" {
            try await sql.raw("PRAGMA wal_checkpoint(TRUNCATE)").run()
        }
    }

    /// Deletes closed and withdrawn cases older than their collective's retention. Returns how many.
    func deleteExpired() async throws -> Int {
        let ended = try await CaseRecord.query(on: database).filter(\.$deletedAt == nil).filter(\.$endedAt != nil)
            .with(\.$collective).all()
        var deleted = 0
        for record in ended {
            guard let endedAt = record.endedAt, let id = record.id,
                CaseStage(rawValue: record.stage)?.hasEnded == true,
                endedAt.addingTimeInterval(Double(record.collective.caseRetentionDays) * 86_400) <= now
            else { continue }
            try await delete(caseID: id)
            deleted += 1
        }
        return deleted
    }
}
