import Fluent
import Foundation
import SQLKit
import TejidoCore

/// The survivor's own pages of a case: safety plan, pod map, consents; and the tasks.
extension CaseService {
    func saveSafetyPlan(_ file: CaseFile, _ plan: SafetyPlan, by userID: UUID) async throws {
        file.record.safetyPlan = try file.vault.seal(try plan.validated(), field: "safety_plan")
        try await commit(file, .changedSafetyPlan, by: userID)
    }

    func addToPodMap(_ file: CaseFile, _ person: PodMap.Person, by userID: UUID) async throws {
        var map = file.podMap
        try map.add(person)
        file.record.podMap = try file.vault.seal(map, field: "pod_map")
        try await commit(file, .changedPodMap, by: userID)
    }

    func removeFromPodMap(_ file: CaseFile, _ personID: UUID, by userID: UUID) async throws {
        var map = file.podMap
        map.remove(personID)
        file.record.podMap = try file.vault.seal(map, field: "pod_map")
        try await commit(file, .changedPodMap, by: userID)
    }

    // MARK: Consent

    func recordConsent(
        _ file: CaseFile, scope: CaseConsent.Scope, detail: String, agreement: CaseConsent.Manner?, days: Int?,
        recipients: [UUID] = [], by userID: UUID
    ) async throws {
        guard let me = file.person(userID: userID) else { throw TejidoError.forbidden }
        var problems: [FieldProblem] = []
        var manner = CaseConsent.Manner.onPlatform
        do { manner = try CaseConsent.manner(recordedBy: me.role, agreement: agreement) } catch TejidoError.invalid(
            let found)
        { problems += found }
        if !CaseConsent.Scope.recordable.contains(scope) {
            problems.append(FieldProblem(field: "scope", messageKey: "error_consent_scope"))
        }
        // A consent may not say the opposite of a wish that stands: the wish is changed first.
        if file.wishes.limits.contains(where: { $0.contradicts.contains(scope) }) {
            problems.append(FieldProblem(field: "scope", messageKey: "error_consent_against_wish"))
        }
        // An alert is consented to only once the case's outcome is a response one may carry, and
        // only to collectives this one is connected with for alerts.
        if scope == .sendAlert {
            if !AlertConsentRule.outcomeAllows(try await outcomes(file).last?.outcome.kind) {
                problems.append(FieldProblem(field: "scope", messageKey: "error_consent_alert_outcome"))
            }
            let connections = try await PeerConnections(database: database, keys: keys, now: now).all(in: file.collectiveID)
            let open = Set(connections.filter { $0.sends(.alerts) }.map(\.id))
            if !AlertConsentRule.unnamed(Set(recipients), consented: open).isEmpty {
                problems.append(FieldProblem(field: "recipients", messageKey: "error_consent_recipients"))
            }
        }
        guard let days, (1...CaseConsent.longestDays).contains(days) else {
            throw TejidoError.invalid(problems + [FieldProblem(field: "days", messageKey: "error_consent_days")])
        }
        let consent: CaseConsent
        do {
            consent = try CaseConsent(
                scope: scope, detail: detail, givenBy: file.survivor?.name ?? "",
                manner: manner, recipients: scope == .sendAlert ? recipients : nil
            ).validated()
        } catch TejidoError.invalid(let more) {
            throw TejidoError.invalid(problems + more)
        }
        try problems.throwIfAny()
        try await commit(file, .recordedConsent, by: userID) { db in
            try await recordConsent(
                db, file.vault, caseID: file.id, consent, recordedBy: me.id,
                until: Calendar.utc.date(byAdding: .day, value: days, to: now))
            try await note(db, file, author: me.id, "record_consent_given", ["scope": scope.rawValue], readers: scope.readers)
        }
    }

    /// Revoking stops the consent from now on: a person it let in leaves the case at once.
    func revokeConsent(_ file: CaseFile, _ consentID: UUID, by userID: UUID) async throws {
        guard let row = file.consents.first(where: { $0.id == consentID }), row.revokedAt == nil else {
            throw TejidoError.notFound
        }
        let me = file.person(userID: userID)
        let departing = row.consent.participantID.flatMap { file.person(id: $0) }.flatMap { $0.isActive ? $0 : nil }
        if departing?.role == .survivor { throw TejidoError.notFound }
        // Someone without an account cannot run their case; if nobody else acts for them, ending
        // this would leave it with no one able to hand it over, withdraw it or delete it.
        if row.consent.scope == .actForSurvivor, let departing, file.survivor?.userID == nil,
            !file.activePeople.contains(where: { $0.id != departing.id && $0.participation.actsForSurvivor })
        {
            throw TejidoError.conflict(messageKey: "error_case_last_to_act_for")
        }
        try await commit(file, .revokedConsent, by: userID) { db in
            try await CaseConsentRecord.query(on: db).filter(\.$id == consentID).set(\.$revokedAt, to: now)
                .set(\.$revokedBy, to: me?.id).update()
            if row.consent.scope == .tellRespondent { try await untellRespondent(file, by: me?.id, on: db) }
            // Every alert this consent let the care team send is retracted wherever it went.
            if row.consent.scope == .sendAlert { try await SentAlerts.retractAll(consentID: consentID, now: now, on: db) }
            // Every entry for repeat-harm matching leaves the board.
            if row.consent.scope == .matching, !file.consentStands(.matching, now: now, except: consentID) {
                _ = try await MatchingEntries(database: db, keys: keys, now: now).withdraw(file, on: db)
            }
            if row.consent.scope == .assemblyItem, !file.consentStands(.assemblyItem, now: now, except: consentID) {
                try await AssemblyService.withdrawItems(ofCase: file.id, now: now, on: db)
            }
            // An outside mediator let in by this consent loses access at once.
            if row.consent.scope == .leaveCollective, let grantID = row.consent.participantID {
                try await CaseMediatorRecord.query(on: db).filter(\.$id == grantID).filter(\.$caseFile.$id == file.id)
                    .filter(\.$revokedAt == nil).set(\.$revokedAt, to: now).set(\.$inviteHash, to: nil)
                    .set(\.$sessionHash, to: nil).set(\.$grantKey, to: nil).set(\.$packet, to: nil).update()
            }
            if let departing {
                if row.consent.scope == .actForSurvivor {
                    var body = departing.body
                    body.participation.actsForSurvivor = false
                    let sealed = try file.vault.seal(body, field: "participant", row: departing.id)
                    try await CaseParticipantRecord.query(on: db).filter(\.$id == departing.id).set(\.$body, to: sealed)
                        .update()
                } else {
                    try await leave(departing.id, file, by: me?.id, on: db)
                }
            }
            try await note(
                db, file, author: me?.id, "record_consent_revoked", ["scope": row.consent.scope.rawValue],
                readers: row.consent.scope.readers)
        }
    }

    /// The respondent may no longer be told: every consent to tell them ends, and every
    /// respondent leaves the case at once.
    func untellRespondent(_ file: CaseFile, by me: UUID?, on db: any Database) async throws {
        try await CaseConsentRecord.query(on: db).filter(\.$caseFile.$id == file.id)
            .filter(\.$id ~~ file.consents.filter { $0.consent.scope == .tellRespondent }.map(\.id))
            .filter(\.$revokedAt == nil).set(\.$revokedAt, to: now).set(\.$revokedBy, to: me).update()
        for respondent in file.activePeople where respondent.role == .respondent {
            try await leave(respondent.id, file, by: me, on: db)
        }
    }

    /// Someone leaves the case: their place ends, and so does the consent that added them, so the
    /// consents page never shows it still in force.
    func leave(_ personID: UUID, _ file: CaseFile, by me: UUID?, on db: any Database) async throws {
        var ended: Data?
        if var body = file.person(id: personID)?.body {
            body.left = true
            ended = try file.vault.seal(body, field: "participant", row: personID)
        }
        let query = CaseParticipantRecord.query(on: db).filter(\.$id == personID).set(\.$removedAt, to: now)
        if let ended { query.set(\.$body, to: ended) }
        try await query.update()
        // Their wrap goes with their place: no session of theirs opens the case again.
        if let userID = file.person(id: personID)?.userID {
            try await CaseKeys(database: db, keys: keys).take(file.id, from: userID, on: db)
        }
        let added = file.consents.filter { $0.consent.scope == .addPerson && $0.consent.participantID == personID }
        try await CaseConsentRecord.query(on: db).filter(\.$id ~~ added.map(\.id)).filter(\.$revokedAt == nil)
            .set(\.$revokedAt, to: now).set(\.$revokedBy, to: me).update()
    }

    // MARK: Tasks

    struct Task {
        let id: UUID
        let body: TaskBody
        let assignee: CaseFile.Person?
        let dueOn: Date?
        let doneAt: Date?
    }

    func addTask(
        _ file: CaseFile, title raw: String, isCheckIn: Bool, assignee: UUID?, dueOn: Date?, readers: EntryVisibility?,
        by userID: UUID
    ) async throws {
        let title = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        var problems: [FieldProblem] = []
        if title.isEmpty || title.count > 500 { problems.append(FieldProblem(field: "title", messageKey: "error_task_title")) }
        // No choice sent means the most private sensible one; a choice the role may not make is refused.
        let role = file.person(userID: userID)?.role ?? .supporter
        let readers = readers ?? EntryVisibility.defaultChoice(for: role)
        if !TaskBody.choices(for: role).contains(readers) {
            problems.append(FieldProblem(field: "task_visibility", messageKey: "error_entry_visibility"))
        }
        if let assignee,
            file.person(id: assignee)?.isActive != true || file.person(id: assignee)?.userID == nil
                || file.person(id: assignee)?.role == .respondent
        {
            problems.append(FieldProblem(field: "assignee", messageKey: "error_task_assignee"))
        }
        try problems.throwIfAny()
        let me = file.person(userID: userID)?.id
        try await commit(file, .addedTask, by: userID) { db in
            let row = CaseTaskRecord()
            let id = UUID()
            row.id = id
            row.$caseFile.id = file.id
            row.assigneeID = assignee
            row.createdBy = me
            row.body = try file.vault.seal(
                TaskBody(title: title, isCheckIn: isCheckIn, visibility: readers), field: "task", row: id)
            row.dueOn = dueOn
            row.createdAt = now
            try await row.create(on: db)
        }
    }

    /// The tasks `reader` may see. Read in plain SQL: the case page shows them on every view.
    func tasks(_ file: CaseFile, for reader: CaseFile.Person) async throws -> [Task] {
        try await database.sql().raw(
            """
            SELECT id, body, assignee_id, due_on, done_at, created_by FROM case_tasks WHERE case_id = \(bind: file.id)
            ORDER BY created_at, id
            """
        ).all().compactMap { row in
            let id = try row.decode(column: "id", as: UUID.self)
            guard let body = file.open(TaskBody.self, try row.decode(column: "body", as: Data.self), field: "task", row: id),
                CaseReading(participant: reader.id, reader.participation).reads(
                    body, author: try row.decode(column: "created_by", as: UUID?.self),
                    assignee: try row.decode(column: "assignee_id", as: UUID?.self))
            else { return nil }
            return Task(
                id: id, body: body, assignee: file.person(id: try row.decode(column: "assignee_id", as: UUID?.self)),
                dueOn: try row.decode(column: "due_on", as: Date?.self), doneAt: try row.decode(column: "done_at", as: Date?.self)
            )
        }
    }

    func completeTask(_ file: CaseFile, _ taskID: UUID, by userID: UUID) async throws {
        // Only a task the person can see: another's private task is "not found" to them.
        guard let me = file.person(userID: userID),
            try await tasks(file, for: me).contains(where: { $0.id == taskID && $0.doneAt == nil })
        else { throw TejidoError.notFound }
        try await commit(file, .completedTask, by: userID) { db in
            try await CaseTaskRecord.query(on: db).filter(\.$id == taskID).set(\.$doneAt, to: now).update()
        }
    }

    // MARK: The survivor taking over

    static let claimDays = 14

    /// A single-use link for the person a case was opened for. Only its hash is kept.
    func makeClaimLink(_ file: CaseFile, by userID: UUID) async throws -> String {
        guard let survivor = file.survivor, survivor.body.userID == nil else {
            throw TejidoError.conflict(messageKey: "error_case_claim_not_needed")
        }
        let token = SecretToken.generate()
        let keys = self.keys
        try await commit(file, .madeClaimLink, by: userID) { db in
            try await CaseParticipantRecord.query(on: db).filter(\.$id == survivor.id).set(\.$claimHash, to: token.storedHash)
                .set(\.$claimExpiresAt, to: now.addingTimeInterval(Double(Self.claimDays) * 86_400)).update()
            // The link carries the case's key until it is used: it alone opens the case for her.
            try await CaseKeys(database: db, keys: keys).give(file.vault, toClaim: survivor.id, secret: token.value, on: db)
        }
        return token.value
    }

    /// Whether `token` is a claim link that still works here, so a used or made-up one is not
    /// offered as if it did.
    func claimIsOpen(token: String, collectiveID: UUID) async throws -> Bool {
        guard
            let row = try await CaseParticipantRecord.query(on: database)
                .filter(\.$claimHash == SecretToken.hash(token)).filter(\.$removedAt == nil).with(\.$caseFile).first()
        else { return false }
        return row.caseFile.$collective.id == collectiveID && row.userID == nil && (row.claimExpiresAt.map { now < $0 } ?? false)
    }

    /// The survivor, signed in as a member, takes their place in the case. Returns the case id.
    func claim(token: String, collectiveID: UUID, userID: UUID) async throws -> UUID {
        guard
            let row = try await CaseParticipantRecord.query(on: database)
                .filter(\.$claimHash == SecretToken.hash(token)).filter(\.$removedAt == nil).with(\.$caseFile).first(),
            row.caseFile.$collective.id == collectiveID, row.userID == nil,
            let expires = row.claimExpiresAt, now < expires,
            let placeID = row.id,
            let file = try await CaseStore(database: database, keys: keys, opener: .claimLink(personID: placeID, secret: token))
                .unseal(row.caseFile), file.person(userID: userID) == nil,
            // Only a place that never had an account: not one whose account was deleted.
            let place = file.person(id: row.id), place.role == .survivor, place.body.userID == nil
        else { throw TejidoError.notFound }
        let rowID = try row.requireID()
        var body = place.body
        body.userID = userID
        let sealed = try file.vault.seal(body, field: "participant", row: rowID)
        // The case is theirs now: whoever acted for them stops doing so until they choose again.
        let helpers = try file.activePeople.filter(\.participation.actsForSurvivor).map { helper in
            var stepped = helper.body
            stepped.participation = CaseParticipation(
                role: helper.role, actsForSurvivor: false, seesSafetyPlan: helper.participation.seesSafetyPlan)
            return (helper.id, try file.vault.seal(stepped, field: "participant", row: helper.id))
        }
        let actingConsents = file.consents.filter { $0.consent.scope == .actForSurvivor && $0.revokedAt == nil }.map(\.id)
        try await commit(file, .claimed, by: userID) { db in
            try await CaseParticipantRecord.query(on: db).filter(\.$id == rowID).filter(\.$userID == nil)
                .filter(\.$claimHash == SecretToken.hash(token)).set(\.$body, to: sealed)
                .set(\.$userID, to: userID).set(\.$claimHash, to: nil).set(\.$claimExpiresAt, to: nil).update()
            // Hers now, under her own key; the link's wrap is destroyed with the link.
            let caseKeys = CaseKeys(database: db, keys: keys)
            try await caseKeys.give(file.vault, to: userID, on: db)
            try await caseKeys.takeClaim(file.id, personID: rowID, on: db)
            for (helperID, body) in helpers {
                try await CaseParticipantRecord.query(on: db).filter(\.$id == helperID).set(\.$body, to: body).update()
            }
            if !actingConsents.isEmpty {
                try await CaseConsentRecord.query(on: db).filter(\.$id ~~ actingConsents).set(\.$revokedAt, to: now)
                    .set(\.$revokedBy, to: rowID).update()
            }
            try await note(db, file, author: rowID, "record_claimed")
        }
        return file.id
    }
}

extension CaseService {
    /// Gives someone in the case their access back after their own key changed (a passphrase an
    /// operator set anew, or a lost one): the case's key is wrapped for the key their account holds
    /// now. Done by someone who holds the case's key; the survivor reads it in the log.
    func restoreAccess(_ file: CaseFile, _ personID: UUID, by userID: UUID) async throws {
        guard let person = file.readers.first(where: { $0.id == personID }), person.needsRestoring,
            let returning = person.userID,
            let raw = person.publicKey
        else { throw TejidoError.notFound }
        let publicKey = try PersonalKey.Public(raw)
        let me = file.person(userID: userID)?.id
        let keys = self.keys
        try await commit(file, .restoredAccess, by: userID) { db in
            try await CaseKeys(database: db, keys: keys).give(file.vault, to: returning, publicKey: publicKey, on: db)
            try await note(db, file, author: me, "record_access_restored", ["name": person.name])
        }
    }
}
