@preconcurrency import Crypto
import Fluent
import Foundation
import TejidoCore

/// The alerts a collective sends, on its side: prepared by one of the case's care team, confirmed
/// by another, then enqueued to each chosen connection. Every change (an update, a retraction, the
/// consent revoked) enqueues the alert again: the message is built at delivery from what is true
/// then, so the recipients apply the latest state.
struct SentAlerts: Sendable {
    let database: any Database
    let keys: KeyRingStore
    let now: Date

    struct Sent: Sendable {
        let id: UUID
        let fields: AlertFields
        let state: SentAlertState
        let recipients: [UUID]
        let preparedBy: UUID
        let confirmedBy: UUID?
        let consentID: UUID
        let createdAt: Date
    }

    static func context(_ id: UUID) -> Data { Data("alert-sent:\(id.uuidString.lowercased())".utf8) }

    func seal(_ fields: AlertFields, id: UUID) throws -> Data {
        try Sealing.seal(
            JSONEncoder().encode(fields), with: keys.current.current.derived(.alerts), associatedData: Self.context(id))
    }

    func open(_ record: SentAlertRecord) -> Sent? {
        guard let id = record.id,
            let data = InstanceSealed.open(
                record.bodySealed, keys: keys.current.keys.map { $0.derived(.alerts) }, context: Self.context(id)),
            let fields = try? JSONDecoder().decode(AlertFields.self, from: data),
            let state = SentAlertState(rawValue: record.state)
        else { return nil }
        return Sent(
            id: id, fields: fields, state: state, recipients: Self.recipients(record.recipients), preparedBy: record.preparedBy,
            confirmedBy: record.confirmedBy, consentID: record.consentID, createdAt: record.createdAt)
    }

    static func recipients(_ stored: String) -> [UUID] {
        stored.split(separator: ",").compactMap { UUID(uuidString: String($0)) }
    }
    static func stored(_ recipients: [UUID]) -> String {
        recipients.map { $0.uuidString.lowercased() }.sorted().joined(separator: ",")
    }

    /// The case's alerts, newest first.
    func all(caseID: UUID) async throws -> [Sent] {
        try await SentAlertRecord.query(on: database).filter(\.$caseID == caseID).sort(\.$createdAt, .descending).all()
            .compactMap(open)
    }

    func find(_ id: UUID, caseID: UUID) async throws -> (SentAlertRecord, Sent)? {
        guard let record = try await SentAlertRecord.find(id, on: database), record.caseID == caseID,
            let sent = open(record)
        else { return nil }
        return (record, sent)
    }

    /// Prepared: nothing leaves until someone else of the care team confirms.
    func prepare(
        _ fields: AlertFields, caseID: UUID, collectiveID: UUID, consentID: UUID, recipients: [UUID], by userID: UUID
    ) async throws -> UUID {
        let record = SentAlertRecord()
        let id = UUID()
        record.id = id
        record.collectiveID = collectiveID
        record.caseID = caseID
        record.consentID = consentID
        record.state = SentAlertState.prepared.rawValue
        record.bodySealed = try seal(fields, id: id)
        record.recipients = Self.stored(recipients)
        record.preparedBy = userID
        record.createdAt = now
        record.changedAt = now
        try await record.create(on: database)
        return id
    }

    /// The second person confirms: the alert is sent to each of its recipients.
    func confirm(_ record: SentAlertRecord, by userID: UUID) async throws {
        record.state = SentAlertState.sent.rawValue
        record.confirmedBy = userID
        record.changedAt = now
        try await record.update(on: database)
        try await Self.enqueue(record, to: Self.recipients(record.recipients), now: now, on: database)
    }

    /// New fields (a new expiry, the process no longer ongoing): sent again once it was sent.
    func update(_ record: SentAlertRecord, _ fields: AlertFields) async throws {
        record.bodySealed = try seal(fields, id: try record.requireID())
        record.changedAt = now
        try await record.update(on: database)
        if record.state == SentAlertState.sent.rawValue {
            try await Self.enqueue(record, to: Self.recipients(record.recipients), now: now, on: database)
        }
    }

    /// Taken back: every recipient is told to delete it.
    func retract(_ record: SentAlertRecord) async throws {
        let wasSent = record.state == SentAlertState.sent.rawValue
        record.state = SentAlertState.retracted.rawValue
        record.changedAt = now
        try await record.update(on: database)
        if wasSent { try await Self.enqueue(record, to: Self.recipients(record.recipients), now: now, on: database) }
    }

    /// The person harmed revoked her consent: every alert resting on it is retracted everywhere.
    static func retractAll(consentID: UUID, now: Date, on database: any Database) async throws {
        for record in try await SentAlertRecord.query(on: database).filter(\.$consentID == consentID)
            .filter(\.$state != SentAlertState.retracted.rawValue).all()
        {
            let wasSent = record.state == SentAlertState.sent.rawValue
            record.state = SentAlertState.retracted.rawValue
            record.changedAt = now
            try await record.update(on: database)
            if wasSent { try await enqueue(record, to: recipients(record.recipients), now: now, on: database) }
        }
    }

    /// Alerts whose consent ran out are retracted wherever they went, as if it were revoked: the
    /// delivery loop asks on every run, as nothing else happens when a date passes. (An expired
    /// alert needs nothing: every receiver drops it at its expiry.)
    static func retractLapsed(now: Date, on database: any Database) async throws {
        for record in try await SentAlertRecord.query(on: database).filter(\.$state == SentAlertState.sent.rawValue).all() {
            let consent = try await CaseConsentRecord.find(record.consentID, on: database)
            let stands = consent.map { CaseConsent.stands(until: $0.until, revokedAt: $0.revokedAt, now: now) } ?? false
            guard !stands else { continue }
            try await retractAll(consentID: record.consentID, now: now, on: database)
        }
    }

    /// The case is deleted: each alert that went anywhere is retracted there (a message for an
    /// alert that no longer exists is a retraction), and every alert of the case is deleted here.
    static func forget(caseID: UUID, now: Date, on database: any Database) async throws {
        let records = try await SentAlertRecord.query(on: database).filter(\.$caseID == caseID).all()
        for record in records where record.state != SentAlertState.prepared.rawValue {
            try await enqueue(record, to: recipients(record.recipients), now: now, on: database)
        }
        try await SentAlertRecord.query(on: database).filter(\.$caseID == caseID).delete()
    }

    static func enqueue(_ record: SentAlertRecord, to connections: [UUID], now: Date, on database: any Database) async throws {
        let outbox = PeerOutbox(database: database, now: now)
        for connection in connections {
            try await outbox.enqueue(.alert, subject: try record.requireID().uuidString.lowercased(), to: connection)
        }
    }

    /// What is still waiting to reach each recipient (and the last problem), for the sender to see.
    func waiting(_ id: UUID) async throws -> [UUID: PeerOutboxRecord] {
        let rows = try await PeerOutboxRecord.query(on: database).filter(\.$kind == PeerMessageKind.alert.rawValue)
            .filter(\.$subject == id.uuidString.lowercased()).all()
        return Dictionary(rows.map { ($0.connectionID, $0) }) { a, _ in a }
    }

    /// Re-seals every sent alert under the current instance key (`keys rotate`).
    static func reseal(keys: KeyRingStore, on database: any Database) async throws {
        let store = SentAlerts(database: database, keys: keys, now: Date())
        for record in try await SentAlertRecord.query(on: database).all() {
            guard let sent = store.open(record) else { continue }
            record.bodySealed = try store.seal(sent.fields, id: sent.id)
            try await record.update(on: database)
        }
    }
}
