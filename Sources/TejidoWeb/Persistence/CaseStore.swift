@preconcurrency import Crypto
import Fluent
import FluentSQL
import Foundation
import SQLKit
import TejidoCore

/// Loads cases and unseals them with the data key the opener's wrap gives.
struct CaseStore {
    let database: any Database
    let keys: KeyRingStore
    var opener: CaseOpener = .nobody
    /// The request's time (the tests' clock in tests).
    var now = Date()
    /// Where a request's own access-log lines are committed together with other requests'. Not
    /// used inside a transaction (`log` checks), whose lines must commit (or not) with it.
    var accessLog: GroupCommit<AccessRow>?

    var caseKeys: CaseKeys { CaseKeys(database: database, keys: keys) }

    /// The case `caseID` of `collectiveID`, unsealed; nil when there is no such case there, it
    /// was deleted, or the opener holds no key to it — all answered alike, as "not found".
    func load(_ caseID: UUID, in collectiveID: UUID) async throws -> CaseFile? {
        if case .opened(let file) = try await find(caseID, in: collectiveID) { return file }
        return nil
    }

    /// A case as the opener finds it: opened, or there but closed to them (with where the server
    /// may still write into it), or nil when there is no such case.
    enum Found {
        case opened(CaseFile)
        case closed(CaseDropBox?)
    }

    func find(_ caseID: UUID, in collectiveID: UUID) async throws -> Found? {
        // Every case page starts here, so the case, its people and their wraps come in one plain
        // query (one row per person); only the case itself becomes a model, since acts on it
        // change and save it.
        let rows = try await database.sql().raw(
            """
            SELECT c.*, \(unsafeRaw: Self.peopleColumns) FROM cases c
            LEFT JOIN case_participants p ON p.case_id = c.id LEFT JOIN users u ON u.id = p.user_id
            LEFT JOIN memberships m ON m.user_id = p.user_id AND m.collective_id = c.collective_id
            \(unsafeRaw: Self.keyJoins)
            WHERE c.id = \(bind: caseID) AND c.collective_id = \(bind: collectiveID) AND c.deleted_at IS NULL
            ORDER BY p.added_at, p.id
            """
        ).all()
        guard let first = rows.first else { return nil }
        let record = try first.decode(fluentModel: CaseRecord.self)
        if let file = try await unseal(record, people: rows) { return .opened(file) }
        return .closed(Self.dropBox(record))
    }

    /// Where the server writes into a case it cannot open: its public key, as stored.
    static func dropBox(_ record: CaseRecord) -> CaseDropBox? {
        guard let id = record.id, let publicKey = record.publicKey else { return nil }
        return try? CaseDropBox(caseID: id, publicKey: publicKey)
    }

    static func dropBox(_ caseID: UUID, on db: any Database) async throws -> CaseDropBox? {
        try await CaseRecord.query(on: db).filter(\.$id == caseID).filter(\.$deletedAt == nil).first().flatMap(dropBox)
    }

    /// A case's people, with their account names (none once an account is deleted), named apart
    /// from the case's own columns so both can come in one row; and each one's wrap and key.
    private static let peopleColumns = """
        p.id AS person_id, p.user_id AS person_user_id, p.body AS person_body, p.added_at AS person_added_at,
        p.removed_at AS person_removed_at, u.username AS person_username, m.id AS person_membership,
        k.wrapped AS person_wrap, k.key_id AS person_wrap_key, k.recipient AS person_wrap_recipient,
        ak.public_key AS person_public_key
        """

    private static let keyJoins = """
        LEFT JOIN case_keys k ON k.case_id = p.case_id AND k.user_id = p.user_id
        LEFT JOIN account_keys ak ON ak.user_id = p.user_id
        """

    func unseal(_ record: CaseRecord) async throws -> CaseFile? {
        let rows = try await database.sql().raw(
            """
            SELECT \(unsafeRaw: Self.peopleColumns) FROM case_participants p LEFT JOIN users u ON u.id = p.user_id
            LEFT JOIN memberships m ON m.user_id = p.user_id AND m.collective_id = \(bind: record.$collective.id)
            \(unsafeRaw: Self.keyJoins)
            WHERE p.case_id = \(bind: try record.requireID()) ORDER BY p.added_at, p.id
            """
        ).all()
        return try await unseal(record, people: rows)
    }

    /// The data key the opener holds: their own wrap, a claim link's, or — for a case still
    /// waiting for its readers' wraps — the instance key's.
    private func dataKey(_ record: CaseRecord, people rows: [any SQLRow]) async throws -> SymmetricKey? {
        let caseID = try record.requireID()
        var key: SymmetricKey?
        switch opener {
        case .nobody: return nil
        case .person(let userID, let personal):
            for row in rows where try row.decode(column: "person_user_id", as: UUID?.self) == userID {
                guard let locked = try row.decode(column: "person_wrap", as: Data?.self),
                    let keyID = try row.decode(column: "person_wrap_key", as: String?.self)
                else { continue }
                key = caseKeys.open(locked, keyID: keyID, caseID: caseID, userID: userID, with: personal)
                if key != nil { break }
            }
        case .claimLink(let personID, let secret):
            key = try await caseKeys.openClaim(caseID, personID: personID, secret: secret)
        case .instance: break
        }
        if key == nil, let wrapped = record.wrappedKey, let keyID = record.keyID {
            key = try? keys.ring(holding: keyID).unwrap(wrapped, keyID: keyID, label: CaseVault.wrapLabel(caseID))
        }
        return key
    }

    private func unseal(_ record: CaseRecord, people rows: [any SQLRow]) async throws -> CaseFile? {
        let caseID = try record.requireID()
        guard let dataKey = try await dataKey(record, people: rows),
            let vault = try? CaseVault(
                caseID: caseID, key: dataKey, sealedPrivateKey: record.sealedPrivateKey, publicKey: record.publicKey)
        else { return nil }
        let sql = try database.sql()
        var people: [CaseFile.Person] = []
        for row in rows {
            guard let id = try row.decode(column: "person_id", as: UUID?.self) else { continue }
            // Two rows for one person would mean two wraps of theirs: the join gives one each.
            if people.contains(where: { $0.id == id }) { continue }
            let userID = try row.decode(column: "person_user_id", as: UUID?.self)
            let sealed = try row.decode(column: "person_body", as: Data.self)
            guard let body = try? vault.open(ParticipantBody.self, sealed, field: "participant", row: id) else { continue }
            // The clear account column must say what the sealed body says; the only change allowed
            // is the database emptying it when that account is deleted.
            guard body.userID == userID || userID == nil else { continue }
            let membership = try row.decode(column: "person_membership", as: UUID?.self)
            // An emptied key (an operator's reset, until they sign in again) is no key at all.
            let publicKey = try row.decode(column: "person_public_key", as: Data?.self).flatMap { $0.isEmpty ? nil : $0 }
            people.append(
                CaseFile.Person(
                    id: id, userID: userID, username: try row.decode(column: "person_username", as: String?.self), body: body,
                    addedAt: try row.decode(column: "person_added_at", as: Date.self),
                    removedAt: try row.decode(column: "person_removed_at", as: Date?.self),
                    inCollective: userID == nil || membership != nil,
                    wrapRecipient: try row.decode(column: "person_wrap_recipient", as: String?.self),
                    keyFingerprint: publicKey.map(PersonalKey.fingerprint), publicKey: publicKey))
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
        let file = CaseFile(
            record: record, id: caseID, collectiveID: record.$collective.id, vault: vault, people: people, wishes: wishes,
            consents: consents, openedAt: now)
        try await CaseSealing(store: self).settle(file)
        return file
    }

    /// One line in the case's access log: who did what kind of thing, when. Never content, and
    /// sealed to the case's public key, so the server writes it and cannot read it back.
    func log(_ kind: CaseAccessKind, vault: CaseVault, userID: UUID?, at: Date, detail: String? = nil) async throws {
        guard let box = vault.dropBox else { throw SealingError.cannotOpen }
        try await log(kind, box: box, userID: userID, at: at, detail: detail)
    }

    func log(_ kind: CaseAccessKind, box: CaseDropBox, userID: UUID?, at: Date, detail: String? = nil) async throws {
        let line = AccessLine(kind: kind, userID: userID, detail: detail)
        var refusedBy: String?
        var refusal: String?
        if kind == .refused {
            let key = keys.cached.current.derived(.accessLog)
            let who = "\(box.caseID):\(userID?.text ?? "-")"
            refusedBy = KeyDerivation.pseudonym(for: who, key: key)
            refusal = KeyDerivation.pseudonym(for: who + ":" + (detail ?? ""), key: key)
            if try await countedAgain(box.caseID, refusedBy: refusedBy!, refusal: refusal!, at: at) { return }
        }
        let id = UUID()
        let row = AccessRow(
            id: id, caseID: box.caseID, body: try box.seal(line, field: "access", row: id), at: at, refusedBy: refusedBy,
            refusal: refusal)
        // Inside a transaction the line commits (or not) with it; the writer waiting for a
        // connection the transaction holds would never come back.
        if let accessLog, !database.inTransaction {
            try await accessLog.write(row)
        } else {
            try await AccessRow.insert([row], on: database)
        }
    }

    /// A refusal that repeats one of the same person's among the case's latest lines, with only
    /// their own refusals since, is counted on that line (moved to `at`) instead of added — so
    /// alternating between two refused pages cannot bury the log either. True when so. Decided on
    /// the lines' keyed pseudonyms, since the server cannot open what it wrote.
    private func countedAgain(_ caseID: UUID, refusedBy: String, refusal: String, at: Date) async throws -> Bool {
        let latest = try await database.sql().raw(
            """
            SELECT id, refused_by, refusal, repeats, since, at FROM case_access_log WHERE case_id = \(bind: caseID)
            ORDER BY at DESC, id LIMIT 12
            """
        ).all()
        struct Line {
            let id: UUID
            let refusedBy: String?
            let refusal: String?
            let repeats: Int?
            let since: Date?
            let at: Date
        }
        var lines = try latest.map {
            Line(
                id: try $0.decode(column: "id", as: UUID.self), refusedBy: try $0.decode(column: "refused_by", as: String?.self),
                refusal: try $0.decode(column: "refusal", as: String?.self),
                repeats: try $0.decode(column: "repeats", as: Int?.self),
                since: try $0.decode(column: "since", as: Date?.self), at: try $0.decode(column: "at", as: Date.self))
        }
        // Lines of one instant have no order of their own: this person's refusals count as the later.
        let mine = { (line: Line) in line.refusedBy == refusedBy }
        lines.sort { $0.at != $1.at ? $0.at > $1.at : (mine($0) && !mine($1)) }
        var found: Line?
        for line in lines {
            if line.refusal == refusal {
                found = line
                break
            }
            // Someone else's act, or one of theirs that was allowed, stands between: a new line.
            guard mine(line) else { return false }
        }
        guard let found else { return false }
        try await database.sql().update(CaseAccessRecord.schema)
            .set("repeats", to: SQLBind((found.repeats ?? 1) + 1)).set("since", to: SQLBind(found.since ?? found.at))
            .set("at", to: SQLBind(at)).where("id", .equal, SQLBind(found.id)).run()
        return true
    }

    /// Writes in each of `userID`'s cases in `collectiveID` that they left the collective (or were
    /// removed), so the survivor reads it in her log. Written without reading: whoever removes
    /// them holds no key to those cases.
    func noteLeaving(_ userID: UUID, collectiveID: UUID, removed: Bool, at: Date) async throws {
        let places = try await CaseParticipantRecord.query(on: database).filter(\.$userID == userID)
            .filter(\.$removedAt == nil).all().map(\.$caseFile.id)
        guard !places.isEmpty else { return }
        let records = try await CaseRecord.query(on: database).filter(\.$id ~~ Set(places))
            .filter(\.$collective.$id == collectiveID).filter(\.$deletedAt == nil).all()
        for box in records.compactMap(Self.dropBox) {
            try await log(removed ? .removedFromCollective : .leftCollective, box: box, userID: userID, at: at)
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

    /// A page of the case's access log, newest first, each line opened with the case's key (a line
    /// that does not open is left out), and whether older lines follow.
    func accessLines(of file: CaseFile, offset: Int, limit: Int) async throws -> (lines: [(AccessLine, Date)], hasOlder: Bool) {
        let fetched = try await CaseAccessRecord.query(on: database).filter(\.$caseFile.$id == file.id)
            .sort(\.$at, .descending).sort(\.$id).range(offset..<(offset + limit + 1)).all()
        let lines = fetched.prefix(limit).compactMap { record -> (AccessLine, Date)? in
            guard let id = record.id, var line = file.open(AccessLine.self, record.body, field: "access", row: id) else {
                return nil
            }
            // A refusal counted again is counted beside its sealed line (written without reading).
            line.repeats = record.repeats ?? line.repeats
            line.since = record.since ?? line.since
            return (line, record.at)
        }
        return (lines, fetched.count > limit)
    }
}
