import AsyncHTTPClient
@preconcurrency import Crypto
import Fluent
import Foundation
import NIOCore
import SQLKit
import TejidoCore
@preconcurrency import _CryptoExtras

/// What an entry keeps, sealed with its case: the record ids it put on the board (the only link
/// from the case to the board), the kinds of identifier (never the identifiers), her threshold,
/// and who vouched.
struct MatchingEntryBody: Codable, Sendable {
    var records: [UUID]
    var kinds: [String]
    var threshold: Int
    var vouchedBy: UUID
    /// For each record, an HMAC of its tag under the collective's secret: what lets the next entry
    /// see that an identifier is already on the board for her, without keeping the tag.
    var seen: [String] = []
}

/// Entries inside a case (issue 19, item 2): each identifier put in canonical form, blinded and
/// evaluated through every key holder in turn over the signed peer channel, turned into a tag, and
/// sent to the board with a random record id. The identifiers and the evaluations' outputs live
/// only in this request's memory.
struct MatchingEntries {
    let database: any Database
    let keys: KeyRingStore
    let now: Date

    struct Entry: Sendable {
        let id: UUID
        let circleID: UUID
        let circleVersion: Int
        let createdAt: Date
        let until: Date
        let withdrawnAt: Date?
        let body: MatchingEntryBody
        /// The board has not acknowledged its records yet.
        var waiting: Bool
        /// Matches the board told of, newest first.
        var matches: [MatchingNoticeRecord]
    }

    static func problem(_ key: String, field: String = "form") -> TejidoError {
        .invalid([FieldProblem(field: field, messageKey: key)])
    }

    // MARK: Reading

    func entries(_ file: CaseFile) async throws -> [Entry] {
        let rows = try await MatchingEntryRecord.query(on: database).filter(\.$caseID == file.id).sort(\.$createdAt).all()
        var entries: [Entry] = []
        for row in rows {
            guard let id = row.id,
                let body = try? file.vault.open(MatchingEntryBody.self, row.bodySealed, field: "matching_entry", row: id)
            else { continue }
            let notices =
                body.records.isEmpty
                ? []
                : try await MatchingNoticeRecord.query(on: database).filter(\.$collectiveID == file.collectiveID)
                    .filter(\.$recordID ~~ body.records).sort(\.$receivedAt, .descending).all()
            let unsent = try await Self.submissions(of: body.records, on: database)
            let waiting = row.withdrawnAt == nil && !unsent.isEmpty
            entries.append(
                Entry(
                    id: id, circleID: row.circleID, circleVersion: row.circleVersion, createdAt: row.createdAt, until: row.until,
                    withdrawnAt: row.withdrawnAt, body: body,
                    waiting: waiting,
                    matches: notices))
        }
        return entries
    }

    /// Who the survivor is in this collective, for her pseudonyms: her account; or, when she has
    /// none, the account that opened the case for her. One account is one survivor on the board,
    /// whether it files in its own case or in cases it opened for others, so cases one person
    /// opened never make a match among themselves (one record per survivor per tag). The first
    /// key is the one new entries use; after it, her place in the case, which entries filed
    /// before this rule carry, so they still count against her limits and her repeats.
    static func survivorKeys(_ file: CaseFile) -> [String] {
        guard let survivor = file.survivor else { return [] }
        if let account = survivor.userID { return ["account:\(account.text)"] }
        let opener = filedFor(file)
        let account = (opener?.body.userID ?? opener?.userID).map { "account:\($0.text)" }
        return (account.map { [$0] } ?? []) + ["place:\(survivor.id.text)"]
    }

    /// The account that opened the case for a survivor without one, as the matching page names it.
    static func filedFor(_ file: CaseFile) -> CaseFile.Person? {
        guard file.survivor?.userID == nil, let opener = file.disclosure?.writtenBy else { return nil }
        return file.person(id: opener)
    }

    func unusedVouch(_ file: CaseFile) async throws -> MatchingVouchRecord? {
        try await MatchingVouchRecord.query(on: database).filter(\.$caseID == file.id).filter(\.$usedAt == nil).first()
    }

    // MARK: Acts

    func vouch(_ file: CaseFile, by userID: UUID, service: CaseService) async throws {
        guard try await unusedVouch(file) == nil else { return }
        let record = MatchingVouchRecord()
        record.caseID = file.id
        record.vouchedBy = userID
        record.createdAt = now
        try await service.commit(file, .vouchedMatching, by: userID) { db in
            try await record.create(on: db)
            try await service.note(
                db, file, author: file.person(userID: userID)?.id, "record_matching_vouched",
                readers: CaseConsent.Scope.matching.readers)
        }
    }

    /// Files an entry: checks, the cascade, then the entry and its records for the board in one
    /// transaction. Any problem throws before anything is written.
    func file(
        _ file: CaseFile, identifiers: [MatchingIdentifier], threshold: Int, circle: MatchingCircle, http: HTTPClient,
        by userID: UUID, service: CaseService
    ) async throws {
        guard
            let consent = file.consents.last(where: {
                $0.consent.scope == .matching && CaseConsent.stands(until: $0.until, revokedAt: $0.revokedAt, now: now)
            })
        else { throw Self.problem("matching_error_no_consent") }
        guard let vouch = try await unusedVouch(file) else { throw Self.problem("matching_error_no_vouch") }
        let circles = MatchingCircles(database: database, keys: keys, now: now)
        let survivorKeys = Self.survivorKeys(file)
        guard let manifest = circle.manifest, circle.state == .active, let secret = circles.secret(circle),
            let survivor = survivorKeys.first
        else { throw Self.problem("matching_error_no_circle") }
        guard MatchBoardRules.thresholds.contains(threshold) else {
            throw Self.problem("matching_error_threshold", field: "threshold")
        }
        let counters = survivorKeys.map { MatchingKeys.pseudonym(of: $0, purpose: "count:\(circle.id.text)", secret: secret) }
        let counter = counters[0]
        let active = try await MatchingEntryRecord.query(on: database).filter(\.$collectiveID == file.collectiveID)
            .filter(\.$counter ~~ counters).filter(\.$withdrawnAt == nil).filter(\.$until > now)
            // Entries of an earlier version (a key was replaced since) are on no board any more.
            .filter(\.$circleID == circle.id).filter(\.$circleVersion >= manifest.keysVersion).count()
        do {
            try MatchingEntryLimits.check(activeEntries: active, identifiers: identifiers.count)
        } catch { throw Self.problem(error.rawValue) }
        var canonicals: [String] = []
        for identifier in identifiers {
            do {
                canonicals.append(
                    try identifier.canonical(currentYear: Calendar(identifier: .gregorian).component(.year, from: now)))
            } catch { throw Self.problem(error.rawValue) }
        }
        // The same identifier twice is one record, not two chances.
        canonicals = Array(NSOrderedSet(array: canonicals)) as? [String] ?? canonicals

        let connections = try await PeerConnections(database: database, keys: keys, now: now).all(in: file.collectiveID)
        let holders = manifest.keyHolders
        let holderConnections = holders.map { MatchingCircles.connection(to: $0.fingerprint, among: connections) }
        guard let board = manifest.board,
            let boardConnection = MatchingCircles.connection(to: board.fingerprint, among: connections)
        else { throw Self.problem("matching_error_not_connected") }
        let keysPinned = try manifest.keyHolderKeys()
        let ownFingerprint = circles.ownFingerprint
        let ownKey = circles.oprfKey(circle)
        let evaluator = RemoteEvaluator(
            http: http, keys: keys, now: now, circle: circle.id, version: manifest.version, connections: holderConnections,
            local: holders.map { $0.fingerprint == ownFingerprint ? ownKey : nil })
        guard evaluator.reachesEveryHolder else { throw Self.problem("matching_error_not_connected") }
        let tags: [MatchTag]
        do {
            tags = try await MatchingCascade.tags(
                for: canonicals, circle: circle.id, holders: keysPinned, evaluateAll: evaluator.evaluateAll)
        } catch let refusal as RemoteEvaluator.Refused {
            throw Self.problem(refusal.quota ? "matching_error_quota" : "matching_error_key_holder")
        } catch {
            throw Self.problem("matching_error_key_holder")
        }
        // An identifier already on the board for her would be dropped there as the same survivor's:
        // it is refused here instead, so no entry says "on the board" for what is not.
        func seen(_ key: String) -> [String] {
            tags.map { MatchingKeys.pseudonym(of: key + "|" + $0.hex, purpose: "seen:\(circle.id.text)", secret: secret) }
        }
        let filed = Set(
            try await entries(file).filter {
                $0.withdrawnAt == nil && $0.circleID == circle.id && manifest.keeps(entryOf: $0.circleVersion)
            }.flatMap(\.body.seen))
        if let index = survivorKeys.lazy.compactMap({ seen($0).firstIndex(where: filed.contains) }).first {
            // The key holders counted this try: the vouch is spent, so that one vouch cannot be
            // sent again and again to use up the collective's evaluations for the day.
            vouch.usedAt = now
            try await vouch.update(on: database)
            // On the field it came from: the canonical text starts with its kind, as the form names it.
            throw Self.problem("matching_error_already_filed", field: String(canonicals[index].prefix { $0 != ":" }))
        }
        let seen = seen(survivor)
        let until = consent.until ?? now.addingTimeInterval(TimeInterval(CaseConsent.longestDays) * 86_400)
        let boardSurvivor = MatchingKeys.pseudonym(of: survivor, purpose: "board:\(circle.id.text)", secret: secret)
        let records = tags.map { tag in
            BoardMessage.Record(
                id: UUID(), tag: tag, survivor: boardSurvivor, threshold: threshold, week: MatchBoardRules.weekStart(of: now),
                until: until)
        }
        let entry = MatchingEntryRecord()
        let entryID = UUID()
        entry.id = entryID
        entry.caseID = file.id
        entry.collectiveID = file.collectiveID
        entry.circleID = circle.id
        entry.circleVersion = manifest.version
        entry.counter = counter
        entry.bodySealed = try file.vault.seal(
            MatchingEntryBody(
                records: records.map(\.id), kinds: identifiers.map(\.kindName), threshold: threshold, vouchedBy: vouch.vouchedBy,
                seen: seen),
            field: "matching_entry", row: entryID)
        entry.createdAt = now
        entry.until = until
        let outgoing = try Self.outgoing(
            BoardMessage(circle: circle.id, version: manifest.version, submit: records, withdraw: []), to: boardConnection.id,
            now: now)
        vouch.usedAt = now
        try await service.commit(file, .filedMatchingEntry, by: userID) { db in
            try await entry.create(on: db)
            try await vouch.update(on: db)
            try await outgoing.create(on: db)
            try await PeerOutbox(database: db, now: now).enqueue(.board, subject: outgoing.id!.text, to: boardConnection.id)
            try await service.note(
                db, file, author: file.person(userID: userID)?.id, "record_matching_filed", ["count": String(records.count)],
                readers: CaseConsent.Scope.matching.readers)
        }
    }

    /// The submissions still waiting to reach the board that carry any of `records`.
    static func submissions(of records: [UUID], on db: any Database) async throws -> [MatchingOutgoingRecord] {
        let wanted = Set(records)
        return try await MatchingOutgoingRecord.query(on: db).all().filter { row in
            guard let message = try? JSONDecoder().decode(BoardMessage.self, from: Data(row.body.utf8)) else { return false }
            return message.submit.contains { wanted.contains($0.id) }
        }
    }

    static func outgoing(_ message: BoardMessage, to connection: UUID, now: Date) throws -> MatchingOutgoingRecord {
        let row = MatchingOutgoingRecord()
        row.id = UUID()
        row.connectionID = connection
        row.body = try MatchingCircles.json(message)
        row.createdAt = now
        return row
    }

    /// Withdraws entries from the board (one, or all of the case's): their records go, and the
    /// entry says when. Someone in the case does it, so the record ids can be opened.
    func withdraw(_ file: CaseFile, only: UUID? = nil, on db: any Database) async throws -> Int {
        var query = MatchingEntryRecord.query(on: db).filter(\.$caseID == file.id).filter(\.$withdrawnAt == nil)
        if let only { query = query.filter(\.$id == only) }
        let rows = try await query.all()
        let connections = try await PeerConnections(database: db, keys: keys, now: now).all(in: file.collectiveID)
        let circles = MatchingCircles(database: db, keys: keys, now: now)
        for row in rows {
            guard let id = row.id,
                let body = try? file.vault.open(MatchingEntryBody.self, row.bodySealed, field: "matching_entry", row: id)
            else { continue }
            row.withdrawnAt = now
            try await row.update(on: db)
            // Her side of any match goes with it: the match key, the cards and the notes.
            try await MatchContacts.forget(records: body.records, in: file.collectiveID, on: db)
            // Records that never left are simply not sent.
            for waiting in try await Self.submissions(of: body.records, on: db) { try await waiting.delete(on: db) }
            guard let circle = try await circles.find(row.circleID, in: file.collectiveID), let board = circle.manifest?.board,
                let connection = connections.first(where: { $0.details.keys.fingerprint.hex == board.fingerprint })
            else { continue }
            let outgoing = try Self.outgoing(
                BoardMessage(circle: row.circleID, version: row.circleVersion, submit: [], withdraw: body.records),
                to: connection.id, now: now)
            try await outgoing.create(on: db)
            try await PeerOutbox(database: db, now: now).enqueue(.board, subject: outgoing.id!.text, to: connection.id)
        }
        // Withdrawing everything (her consent ended, the case goes) takes a waiting vouch with it.
        if only == nil {
            try await MatchingVouchRecord.query(on: db).filter(\.$caseID == file.id).filter(\.$usedAt == nil).delete()
        }
        return rows.count
    }
}

extension MatchingIdentifier {
    /// The kind, as an entry remembers it without the identifier.
    var kindName: String {
        switch self {
        case .email: "email"
        case .phone: "phone"
        case .handle: "handle"
        case .name: "name"
        }
    }
}

/// Asks each key holder, in the manifest's order, over its connection; this collective's own key,
/// when it is a key holder itself, is used in place.
struct RemoteEvaluator: Sendable {
    let http: HTTPClient
    let keys: KeyRingStore
    let now: Date
    let circle: UUID
    let version: Int
    let connections: [PeerConnection?]
    let local: [P384VOPRFKey?]

    struct Refused: Error { let quota: Bool }

    static let timeout: TimeAmount = .seconds(8)

    init(
        http: HTTPClient, keys: KeyRingStore, now: Date, circle: UUID, version: Int, connections: [PeerConnection?],
        local: [P384._VOPRF.PrivateKey?]
    ) {
        self.http = http
        self.keys = keys
        self.now = now
        self.circle = circle
        self.version = version
        self.connections = connections
        self.local = local.map { $0.map(P384VOPRFKey.init) }
    }

    var reachesEveryHolder: Bool { zip(connections, local).allSatisfy { $0 != nil || $1 != nil } }

    var evaluateAll: MatchingCascade.EvaluateAll {
        { [self] holder, blinded in
            if let key = local[holder] { return try await MatchingCascade.evaluate(blinded, with: key.key) }
            guard let connection = connections[holder] else { throw Refused(quota: false) }
            let client = PeerClient(
                http: http, identity: PeerDelivery.identity(for: connection, keys: keys), now: now)
            let body = try JSONEncoder().encode(EvaluationRequest(circle: circle, version: version, blinded: blinded))
            // Someone is waiting on the page: a key holder that has not answered in a few seconds is
            // reported as not answering, and nothing is kept.
            let reply = try await client.post(
                connection.details.base.endpoint("c/\(connection.id.text)/\(PeerMessageKind.evaluate.rawValue)"), body: body,
                timeout: Self.timeout)
            let answer = try StrictJSON.decode(EvaluationReply.self, from: reply.body)
            guard let evaluations = answer.evaluations?.compactMap({ Data(base64Encoded: $0) }),
                evaluations.count == blinded.count
            else { throw Refused(quota: answer.refused == .quota) }
            return evaluations
        }
    }
}

/// A key holder's own private key, carried across tasks.
struct P384VOPRFKey: @unchecked Sendable {
    let key: P384._VOPRF.PrivateKey
}
