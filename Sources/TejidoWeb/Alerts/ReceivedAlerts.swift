@preconcurrency import Crypto
import Fluent
import Foundation
import SQLKit
import TejidoCore

/// Alerts paired collectives sent this one, held sealed, each with what the care team noted.
/// Nothing here is ever sent on: there is no route that forwards a received alert.
struct ReceivedAlerts: Sendable {
    let database: any Database
    let keys: KeyRingStore
    let now: Date

    struct Received: Sendable {
        let id: UUID
        let connectionID: UUID
        let fields: AlertFields
        let note: String?
        let receivedAt: Date
        let changedAt: Date
    }

    static func context(_ id: UUID) -> Data { Data("alert-received:\(id.uuidString.lowercased())".utf8) }
    static func noteContext(_ id: UUID) -> Data { Data("alert-note:\(id.uuidString.lowercased())".utf8) }

    private var sealingKey: AlertKeys { AlertKeys(keys: keys) }

    func open(_ record: ReceivedAlertRecord) -> Received? {
        guard let id = record.id,
            let data = InstanceSealed.open(record.bodySealed, keys: sealingKey.all, context: Self.context(id)),
            let fields = try? JSONDecoder().decode(AlertFields.self, from: data)
        else { return nil }
        let note = record.noteSealed.flatMap { InstanceSealed.open($0, keys: sealingKey.all, context: Self.noteContext(id)) }
            .map { String(decoding: $0, as: UTF8.self) }
        return Received(
            id: id, connectionID: record.connectionID, fields: fields, note: note, receivedAt: record.receivedAt,
            changedAt: record.changedAt)
    }

    /// The collective's queue: alerts that have not expired, newest first. Expired ones are
    /// deleted first: past its expiry an alert is kept nowhere.
    func queue(collectiveID: UUID) async throws -> [Received] {
        try await forgetExpired()
        return try await ReceivedAlertRecord.query(on: database).filter(\.$collectiveID == collectiveID)
            .filter(\.$expiresAt > now).sort(\.$changedAt, .descending).all().compactMap(open)
    }

    /// The alert as the sender has it now, replacing what it sent before; the note stays.
    func upsert(_ fields: AlertFields, alert: UUID, on connection: PeerConnection) async throws {
        let existing = try await ReceivedAlertRecord.query(on: database).filter(\.$connectionID == connection.id)
            .filter(\.$alertID == alert).first()
        let record = existing ?? ReceivedAlertRecord()
        if existing == nil {
            record.id = UUID()
            record.collectiveID = connection.collectiveID
            record.connectionID = connection.id
            record.alertID = alert
            record.receivedAt = now
        }
        record.bodySealed = try Sealing.seal(
            JSONEncoder().encode(fields), with: sealingKey.current, associatedData: Self.context(try record.requireID()))
        record.expiresAt = fields.expires
        record.changedAt = now
        try await record.save(on: database)
    }

    func forgetExpired() async throws {
        try await ReceivedAlertRecord.query(on: database).filter(\.$expiresAt <= now).delete()
    }

    func delete(alert: UUID, on connectionID: UUID) async throws {
        try await ReceivedAlertRecord.query(on: database).filter(\.$connectionID == connectionID)
            .filter(\.$alertID == alert).delete()
    }

    func deleteAll(from connectionID: UUID) async throws {
        try await ReceivedAlertRecord.query(on: database).filter(\.$connectionID == connectionID).delete()
    }

    /// What the care team did about it, in their words (sealed); an empty note clears it.
    func note(_ id: UUID, collectiveID: UUID, text: String) async throws {
        guard let record = try await ReceivedAlertRecord.find(id, on: database), record.collectiveID == collectiveID,
            record.expiresAt > now
        else { throw TejidoError.notFound }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count <= Self.noteLimit else {
            throw TejidoError.invalid([FieldProblem(field: "note", messageKey: "error_text_long")])
        }
        record.noteSealed =
            trimmed.isEmpty
            ? nil : try Sealing.seal(Data(trimmed.utf8), with: sealingKey.current, associatedData: Self.noteContext(id))
        try await record.update(on: database)
    }

    static let noteLimit = 2_000

    /// Counts one alert from a peer today; false (and nothing counted) once the quota is reached.
    func admit(from connectionID: UUID, quota: Int) async throws -> Bool {
        let day = PeerLedger.day(now)
        let rows = try await database.sql().select().column("count").from("alert_intake")
            .where("connection_id", .equal, SQLBind(connectionID)).where("day", .equal, SQLBind(day)).all()
        let today = try rows.first?.decode(column: "count", as: Int.self) ?? 0
        guard AlertQuota.accepts(receivedToday: today, quota: quota) else { return false }
        try await database.sql().raw(
            """
            INSERT INTO alert_intake (id, connection_id, day, count)
            VALUES (\(bind: UUID()), \(bind: connectionID), \(bind: day), 1)
            ON CONFLICT (connection_id, day) DO UPDATE SET count = alert_intake.count + 1
            """
        ).run()
        return true
    }

    /// Re-seals every received alert and note under the current instance key (`keys rotate`).
    static func reseal(keys: KeyRingStore, on database: any Database) async throws {
        let store = ReceivedAlerts(database: database, keys: keys, now: Date())
        for record in try await ReceivedAlertRecord.query(on: database).all() {
            guard let received = store.open(record) else { continue }
            record.bodySealed = try Sealing.seal(
                JSONEncoder().encode(received.fields), with: store.sealingKey.current,
                associatedData: Self.context(received.id))
            record.noteSealed = try received.note.map {
                try Sealing.seal(Data($0.utf8), with: store.sealingKey.current, associatedData: Self.noteContext(received.id))
            }
            try await record.update(on: database)
        }
    }
}

/// The instance's keys for alerts: the current one seals, any in the ring opens.
struct AlertKeys {
    let keys: KeyRingStore
    var current: SymmetricKey { keys.current.current.derived(.alerts) }
    var all: [SymmetricKey] { keys.current.keys.map { $0.derived(.alerts) } }
}
