import Fluent
import Foundation
import SQLKit
import TejidoCore

/// What is waiting to be sent to peers. A row is an intent (a kind and a subject, such as
/// "directory" or an alert's id), never a body: the message is built when it is sent, from what is
/// true then. Enqueuing the same intent twice keeps one row, due now, with its generation counted
/// up: a delivery under way for the older generation then leaves the row for the next run.
struct PeerOutbox: Sendable {
    let database: any Database
    let now: Date

    /// After this many failed attempts a row is dropped: the admins see the connection's last
    /// problem, and the next change enqueues again. An `ended` notice is tried fewer times: it is
    /// best effort by design.
    static let maximumAttempts = 12
    static let endedAttempts = 3

    func enqueue(_ kind: PeerMessageKind, subject: String = "", to connection: UUID) async throws {
        try await database.sql().raw(
            """
            INSERT INTO peer_outbox (id, connection_id, kind, subject, created_at, attempts, next_attempt_at, generation)
            VALUES (\(bind: UUID()), \(bind: connection), \(bind: kind.rawValue), \(bind: subject), \(bind: now), 0, \(bind: now), 0)
            ON CONFLICT (connection_id, kind, subject) DO UPDATE
            SET next_attempt_at = \(bind: now), attempts = 0, generation = peer_outbox.generation + 1
            """
        ).run()
    }

    func due(limit: Int = 50) async throws -> [PeerOutboxRecord] {
        try await PeerOutboxRecord.query(on: database).filter(\.$nextAttemptAt <= now).sort(\.$nextAttemptAt).limit(limit).all()
    }

    /// Waiting rows for one connection, for its page.
    func waiting(for connection: UUID) async throws -> [PeerOutboxRecord] {
        try await PeerOutboxRecord.query(on: database).filter(\.$connectionID == connection).sort(\.$createdAt).all()
    }

    func delivered(_ row: PeerOutboxRecord) async throws {
        // Only if nothing newer was enqueued meanwhile: otherwise the newer intent must still go.
        try await unchanged(row).delete()
    }

    /// The row as it was read, if it was not enqueued again since.
    private func unchanged(_ row: PeerOutboxRecord) throws -> QueryBuilder<PeerOutboxRecord> {
        let id = try row.requireID()
        return PeerOutboxRecord.query(on: database).filter(\.$id == id).filter(\.$generation == row.generation)
    }

    func failed(_ row: PeerOutboxRecord, problem: String, kind: PeerMessageKind) async throws {
        let attempts = row.attempts + 1
        let limit = kind == .ended ? Self.endedAttempts : Self.maximumAttempts
        // An acceptance is never given up on: without it the joining side would wait forever
        // while this side counts the connection as active.
        if attempts >= limit, kind != .accepted {
            try await unchanged(row).delete()
            return
        }
        // 30 s, 1 min, 2 min … up to 6 hours between attempts. Only if nothing newer was enqueued
        // meanwhile (which reset the row to go now).
        let wait = min(30 * pow(2, Double(attempts - 1)), 6 * 3600)
        try await unchanged(row).set(\.$attempts, to: attempts).set(\.$nextAttemptAt, to: now.addingTimeInterval(wait))
            .set(\.$lastProblem, to: problem).update()
    }

    /// Gives a row up, unless it was enqueued again since.
    func drop(_ row: PeerOutboxRecord) async throws { try await unchanged(row).delete() }

    /// Forgets everything waiting for a connection (it ended, or its peer's data was withdrawn).
    func clear(connection: UUID, except kinds: Set<PeerMessageKind> = []) async throws {
        try await PeerOutboxRecord.query(on: database).filter(\.$connectionID == connection)
            .filter(\.$kind !~ kinds.map(\.rawValue)).delete()
    }
}
