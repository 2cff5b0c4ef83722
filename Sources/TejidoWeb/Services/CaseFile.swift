import Fluent
import FluentSQL
import Foundation
import SQLKit
import TejidoCore

/// One case, unsealed for one request: its record, its vault, its people and wishes. Built by
/// `CaseStore.load`; what it holds never leaves the request.
struct CaseFile: Sendable {
    struct Person: Sendable {
        let id: UUID
        let userID: UUID?
        let username: String?
        let body: ParticipantBody
        let addedAt: Date
        let removedAt: Date?
        /// Whether their account still belongs to the case's collective. Only the person harmed
        /// (or whoever acts for her) keeps a place in the case once outside it.
        var inCollective = true
        /// Their account was deleted: the place stays in the case's history, with no one in it.
        var accountGone: Bool { userID == nil && body.userID != nil }

        var participation: CaseParticipation { body.participation }
        var role: CaseRole { body.participation.role }
        var isActive: Bool { removedAt == nil && !accountGone }
        /// An account's username, or the name the case knows someone without an account by.
        var name: String { username ?? body.name ?? "" }
    }

    let record: CaseRecord
    let id: UUID
    let collectiveID: UUID
    let vault: CaseVault
    let people: [Person]
    let wishes: CaseWishes
    let consents: [ConsentRow]

    struct ConsentRow: Sendable {
        let id: UUID
        let consent: CaseConsent
        let createdAt: Date
        let until: Date?
        let revokedAt: Date?
        let recordedBy: UUID?
        let revokedBy: UUID?
    }

    var stage: CaseStage { CaseStage(rawValue: record.stage) ?? .deleted }
    var activePeople: [Person] { people.filter(\.isActive) }
    var survivor: Person? { activePeople.first { $0.role == .survivor } }

    func person(userID: UUID) -> Person? { activePeople.first { $0.userID == userID } }
    func person(id: UUID?) -> Person? { people.first { $0.id == id } }

    func consentStands(_ scope: CaseConsent.Scope, now: Date, except: UUID? = nil) -> Bool {
        consents.contains {
            $0.id != except && $0.consent.scope == scope
                && CaseConsent.stands(until: $0.until, revokedAt: $0.revokedAt, now: now)
        }
    }

    func facts(now: Date) -> CaseFacts {
        var participants: [UUID: CaseParticipation] = [:]
        for person in activePeople {
            if let userID = person.userID { participants[userID] = person.participation }
        }
        return CaseFacts(
            collectiveID: collectiveID, participants: participants, stage: stage, limits: wishes.limits,
            respondentConsentStands: consentStands(.tellRespondent, now: now),
            assemblyConsentStands: consentStands(.assemblyItem, now: now))
    }

    func open<Value: Decodable>(_ type: Value.Type, _ sealed: Data?, field: String, row: UUID? = nil) -> Value? {
        guard let sealed else { return nil }
        return try? vault.open(type, sealed, field: field, row: row)
    }

    /// Rows whose sealed body opens as `Value`, each with its id and content, in the order given;
    /// a row that does not open (another case's, or tampered with) is left out.
    func opened<Row: SealedCaseRow, Value: Decodable>(
        _ rows: [Row], as type: Value.Type, field: String
    ) -> [(
        row: Row, id: UUID, value: Value
    )] {
        rows.compactMap { row in
            guard let id = row.id, let value = open(type, row.body, field: field, row: id) else { return nil }
            return (row, id, value)
        }
    }

    var disclosure: Disclosure? { open(Disclosure.self, record.disclosure, field: "disclosure") }
    var classification: Classification? { open(Classification.self, record.classification, field: "classification") }
    var safetyPlan: SafetyPlan { open(SafetyPlan.self, record.safetyPlan, field: "safety_plan") ?? SafetyPlan() }
    var podMap: PodMap { open(PodMap.self, record.podMap, field: "pod_map") ?? PodMap() }
}

/// Loads cases and unseals them with their data keys.
struct CaseStore {
    let database: any Database
    let keys: KeyRingStore

    /// The case `caseID` of `collectiveID`, unsealed; nil when there is no such case there, it
    /// was deleted, or its key cannot be unwrapped — all answered alike, as "not found".
    func load(_ caseID: UUID, in collectiveID: UUID) async throws -> CaseFile? {
        // Every case page starts here, so the case and its people come in one plain query (one
        // row per person); only the case itself becomes a model, since acts on it change and save it.
        let rows = try await database.sql().raw(
            """
            SELECT c.*, \(unsafeRaw: Self.peopleColumns) FROM cases c
            LEFT JOIN case_participants p ON p.case_id = c.id LEFT JOIN users u ON u.id = p.user_id
            LEFT JOIN memberships m ON m.user_id = p.user_id AND m.collective_id = c.collective_id
            WHERE c.id = \(bind: caseID) AND c.collective_id = \(bind: collectiveID) AND c.deleted_at IS NULL
            ORDER BY p.added_at, p.id
            """
        ).all()
        guard let first = rows.first else { return nil }
        return try await unseal(try first.decode(fluentModel: CaseRecord.self), people: rows)
    }

    /// A case's people, with their account names (none once an account is deleted), named apart
    /// from the case's own columns so both can come in one row.
    private static let peopleColumns = """
        p.id AS person_id, p.user_id AS person_user_id, p.body AS person_body, p.added_at AS person_added_at,
        p.removed_at AS person_removed_at, u.username AS person_username, m.id AS person_membership
        """

    func unseal(_ record: CaseRecord) async throws -> CaseFile? {
        let rows = try await database.sql().raw(
            """
            SELECT \(unsafeRaw: Self.peopleColumns) FROM case_participants p LEFT JOIN users u ON u.id = p.user_id
            LEFT JOIN memberships m ON m.user_id = p.user_id AND m.collective_id = \(bind: record.$collective.id)
            WHERE p.case_id = \(bind: try record.requireID()) ORDER BY p.added_at, p.id
            """
        ).all()
        return try await unseal(record, people: rows)
    }

    private func unseal(_ record: CaseRecord, people rows: [any SQLRow]) async throws -> CaseFile? {
        let caseID = try record.requireID()
        guard let wrapped = record.wrappedKey, let keyID = record.keyID,
            let dataKey = try? keys.ring(holding: keyID).unwrap(wrapped, keyID: keyID, label: CaseVault.wrapLabel(caseID))
        else { return nil }
        let vault = CaseVault(caseID: caseID, key: dataKey)
        let sql = try database.sql()
        var people: [CaseFile.Person] = []
        for row in rows {
            guard let id = try row.decode(column: "person_id", as: UUID?.self) else { continue }
            let userID = try row.decode(column: "person_user_id", as: UUID?.self)
            let sealed = try row.decode(column: "person_body", as: Data.self)
            guard let body = try? vault.open(ParticipantBody.self, sealed, field: "participant", row: id) else { continue }
            // The clear account column must say what the sealed body says; the only change allowed
            // is the database emptying it when that account is deleted.
            guard body.userID == userID || userID == nil else { continue }
            let membership = try row.decode(column: "person_membership", as: UUID?.self)
            people.append(
                CaseFile.Person(
                    id: id, userID: userID, username: try row.decode(column: "person_username", as: String?.self), body: body,
                    addedAt: try row.decode(column: "person_added_at", as: Date.self),
                    removedAt: try row.decode(column: "person_removed_at", as: Date?.self),
                    inCollective: userID == nil || membership != nil))
        }
        let consentRows = try await sql.raw(
            """
            SELECT id, body, created_at, until, revoked_at, recorded_by, revoked_by FROM case_consents
            WHERE case_id = \(bind: caseID) ORDER BY created_at, id
            """
        ).all()
        var consents: [CaseFile.ConsentRow] = []
        for row in consentRows {
            let id = try row.decode(column: "id", as: UUID.self)
            guard
                let consent = try? vault.open(
                    CaseConsent.self, try row.decode(column: "body", as: Data.self), field: "consent", row: id)
            else { continue }
            consents.append(
                CaseFile.ConsentRow(
                    id: id, consent: consent, createdAt: try row.decode(column: "created_at", as: Date.self),
                    until: try row.decode(column: "until", as: Date?.self),
                    revokedAt: try row.decode(column: "revoked_at", as: Date?.self),
                    recordedBy: try row.decode(column: "recorded_by", as: UUID?.self),
                    revokedBy: try row.decode(column: "revoked_by", as: UUID?.self)))
        }
        let wishes = record.wishes.flatMap { try? vault.open(CaseWishes.self, $0, field: "wishes") } ?? CaseWishes()
        return CaseFile(
            record: record, id: caseID, collectiveID: record.$collective.id, vault: vault, people: people, wishes: wishes,
            consents: consents)
    }

    /// One line in the case's access log: who did what kind of thing, when. Never content, and
    /// sealed with the case's key.
    func log(_ kind: CaseAccessKind, vault: CaseVault, userID: UUID?, at: Date, detail: String? = nil) async throws {
        let line = AccessLine(kind: kind, userID: userID, detail: detail)
        if kind == .refused, try await countedAgain(line, vault: vault, at: at) { return }
        let id = UUID()
        try await database.sql().insert(into: CaseAccessRecord.schema).columns("id", "case_id", "body", "at")
            .values(
                SQLBind(id), SQLBind(vault.caseID), SQLBind(try vault.seal(line, field: "access", row: id)), SQLBind(at)
            ).run()
    }

    /// A refusal that repeats one of the same person's among the case's latest lines, with only
    /// their own refusals since, is counted on that line (resealed, moved to `at`) instead of
    /// added — so alternating between two refused pages cannot bury the log either. True when so.
    private func countedAgain(_ line: AccessLine, vault: CaseVault, at: Date) async throws -> Bool {
        let latest = try await database.sql().raw(
            """
            SELECT id, body, at FROM case_access_log WHERE case_id = \(bind: vault.caseID) ORDER BY at DESC, id LIMIT 12
            """
        ).all()
        var lines: [(id: UUID, line: AccessLine, at: Date)] = []
        for row in latest {
            guard let id = try? row.decode(column: "id", as: UUID.self),
                let body = try? row.decode(column: "body", as: Data.self),
                let opened = try? vault.open(AccessLine.self, body, field: "access", row: id),
                let when = try? row.decode(column: "at", as: Date.self)
            else { return false }
            lines.append((id, opened, when))
        }
        // Lines of one instant have no order of their own: this person's refusals count as the later.
        let mine = { (entry: (id: UUID, line: AccessLine, at: Date)) in
            entry.line.kind == .refused && entry.line.userID == line.userID
        }
        lines.sort { $0.at != $1.at ? $0.at > $1.at : (mine($0) && !mine($1)) }
        var found: (id: UUID, line: AccessLine, at: Date)?
        for entry in lines {
            if entry.line.isRepeated(by: line) {
                found = entry
                break
            }
            // Someone else's act, or one of theirs that was allowed, stands between: a new line.
            guard mine(entry) else { return false }
        }
        guard let found else { return false }
        var counted = found.line
        counted.repeats = (found.line.repeats ?? 1) + 1
        counted.since = found.line.since ?? found.at
        try await database.sql().update(CaseAccessRecord.schema)
            .set("body", to: SQLBind(try vault.seal(counted, field: "access", row: found.id))).set("at", to: SQLBind(at))
            .where("id", .equal, SQLBind(found.id)).run()
        return true
    }

    /// Writes in each of `userID`'s cases in `collectiveID` that they left the collective (or were
    /// removed), so the survivor reads it in her log.
    func noteLeaving(_ userID: UUID, collectiveID: UUID, removed: Bool, at: Date) async throws {
        for (file, _) in try await cases(of: userID, in: collectiveID) {
            try await log(removed ? .removedFromCollective : .leftCollective, vault: file.vault, userID: userID, at: at)
        }
    }

    /// Cases `userID` is in, within one collective, newest first.
    func cases(of userID: UUID, in collectiveID: UUID) async throws -> [(CaseFile, CaseFile.Person)] {
        try await cases(of: userID) { $0.filter(\.$collective.$id == collectiveID) }
    }

    /// Cases the person harmed keeps in collectives she no longer belongs to, so that she can
    /// still find them.
    func casesKept(by userID: UUID, outside collectiveIDs: [UUID]) async throws -> [(CaseFile, CaseFile.Person)] {
        try await cases(of: userID) { collectiveIDs.isEmpty ? $0 : $0.filter(\.$collective.$id !~ collectiveIDs) }
            .filter { $0.1.role == .survivor }
    }

    private func cases(
        of userID: UUID, narrowing: (QueryBuilder<CaseRecord>) -> QueryBuilder<CaseRecord>
    ) async throws -> [(CaseFile, CaseFile.Person)] {
        let memberships = try await CaseParticipantRecord.query(on: database).filter(\.$userID == userID)
            .filter(\.$removedAt == nil).all()
        let caseIDs = memberships.map(\.$caseFile.id)
        guard !caseIDs.isEmpty else { return [] }
        let records = try await narrowing(
            CaseRecord.query(on: database).filter(\.$id ~~ caseIDs).filter(\.$deletedAt == nil)
        ).sort(\.$updatedAt, .descending).all()
        var result: [(CaseFile, CaseFile.Person)] = []
        for record in records {
            guard let file = try await unseal(record), let me = file.person(userID: userID) else { continue }
            result.append((file, me))
        }
        return result
    }
}
