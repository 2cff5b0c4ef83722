import Fluent
import Foundation
import TejidoCore

/// `alert`: a consent-given alert about a person who harmed. Sending builds the message from the
/// alert as it is now — its fields while it stands, a retraction once it is retracted, its consent
/// revoked or run out, or the connection taken off its recipients. Receiving keeps it by
/// (connection, alert id), deletes it on a retraction, and counts it against the peer's daily
/// quota: past it, the message is refused and the connection paused for the admins.
struct AlertHandler: PeerMessageHandler {
    let kind = PeerMessageKind.alert
    var bodyLimit: Int { 16 * 1024 }

    func message(subject: String, for connection: PeerConnection, in env: PeerEnvironment) async throws -> Data? {
        guard let id = UUID(uuidString: subject) else { return nil }
        let store = SentAlerts(database: env.database, keys: env.keys, now: env.now)
        // Gone altogether (its collective deleted): the recipient forgets it too.
        guard let record = try await SentAlertRecord.find(id, on: env.database) else {
            return try JSONEncoder().encode(AlertMessage.retraction(id))
        }
        guard record.collectiveID == connection.collectiveID, let sent = store.open(record) else { return nil }
        if sent.state == .prepared { return nil }
        let consent = try await CaseConsentRecord.find(sent.consentID, on: env.database)
        let consentStands = consent.map { CaseConsent.stands(until: $0.until, revokedAt: $0.revokedAt, now: env.now) } ?? false
        let stands =
            sent.state == .sent && consentStands && sent.recipients.contains(connection.id) && sent.fields.stands(at: env.now)
        return try JSONEncoder().encode(stands ? AlertMessage.current(id, sent.fields) : AlertMessage.retraction(id))
    }

    func receive(_ body: Data, on connection: PeerConnection, in env: PeerEnvironment) async throws -> Data {
        let message = try StrictJSON.decode(AlertMessage.self, from: body)
        let store = ReceivedAlerts(database: env.database, keys: env.keys, now: env.now)
        try await store.forgetExpired()
        guard let fields = try message.checked(now: env.now) else {
            try await store.delete(alert: message.alert, on: connection.id)
            return try acknowledged()
        }
        guard try await store.admit(from: connection.id, quota: env.config.peerAlertQuota) else {
            await PeerLedger(database: env.database, now: env.now).refused(.quota, connection: connection.id)
            try await PeerConnectionChanges(env: env).pause(connection)
            env.logger.warning("peer over its alert quota: connection paused")
            throw TejidoError.notFound
        }
        if fields.stands(at: env.now) {
            try await store.upsert(fields, alert: message.alert, on: connection)
        } else {
            try await store.delete(alert: message.alert, on: connection.id)
        }
        return try acknowledged()
    }

    /// Alerts are sent only when confirmed, one by one: a connection that opens (or starts taking
    /// alerts again, or resumes) receives every alert confirmed for it — and every retraction, as
    /// one made while it was paused was dropped from the outbox then.
    func opened(_ connection: PeerConnection, in env: PeerEnvironment) async throws {
        guard connection.sends(.alerts) else { return }
        let records = try await SentAlertRecord.query(on: env.database).filter(\.$collectiveID == connection.collectiveID)
            .filter(\.$state != SentAlertState.prepared.rawValue).all()
        for record in records where SentAlerts.recipients(record.recipients).contains(connection.id) {
            try await SentAlerts.enqueue(record, to: [connection.id], now: env.now, on: env.database)
        }
    }

    func ended(_ connection: PeerConnection, in env: PeerEnvironment) async throws {
        try await ReceivedAlerts(database: env.database, keys: env.keys, now: env.now).deleteAll(from: connection.id)
    }
}
