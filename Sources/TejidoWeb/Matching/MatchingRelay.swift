import Fluent
import Foundation
import TejidoCore

/// Contact messages waiting to be sent, both ways: a row holds the body until the peer
/// acknowledges it, and the outbox names the row.
struct MatchingRelayQueue {
    let database: any Database
    let now: Date

    func send(
        _ kind: PeerMessageKind, _ message: some Encodable, to connection: UUID, about record: UUID? = nil
    )
        async throws
    {
        let row = MatchingRelayRecord()
        row.id = UUID()
        row.connectionID = connection
        row.recordID = record
        row.kind = kind.rawValue
        row.body = try MatchingCircles.json(message)
        row.createdAt = now
        try await row.create(on: database)
        try await PeerOutbox(database: database, now: now).enqueue(kind, subject: row.id!.text, to: connection)
    }

    func body(_ kind: PeerMessageKind, subject: String, for connection: UUID) async throws -> Data? {
        guard let id = UUID(uuidString: subject), let row = try await MatchingRelayRecord.find(id, on: database),
            row.connectionID == connection, row.kind == kind.rawValue
        else { return nil }
        return Data(row.body.utf8)
    }

    func delivered(subject: String) async throws {
        guard let id = UUID(uuidString: subject) else { return }
        try await MatchingRelayRecord.query(on: database).filter(\.$id == id).delete()
    }

    /// A connection that resumes gets what waits for it again (rows are dropped while paused).
    func resend(_ kind: PeerMessageKind, to connection: PeerConnection) async throws {
        guard connection.sends(.matching) else { return }
        for row in try await MatchingRelayRecord.query(on: database).filter(\.$connectionID == connection.id)
            .filter(\.$kind == kind.rawValue).all()
        {
            try await PeerOutbox(database: database, now: now).enqueue(kind, subject: try row.requireID().text, to: connection.id)
        }
    }
}

/// A kind whose messages wait in `MatchingRelayQueue` until the peer acknowledges them.
protocol RelayQueued: PeerMessageHandler {}

extension RelayQueued {
    func message(subject: String, for connection: PeerConnection, in env: PeerEnvironment) async throws -> Data? {
        try await MatchingRelayQueue(database: env.database, now: env.now).body(kind, subject: subject, for: connection.id)
    }

    func delivered(subject: String, for connection: PeerConnection, in env: PeerEnvironment) async throws {
        try await MatchingRelayQueue(database: env.database, now: env.now).delivered(subject: subject)
    }

    func opened(_ connection: PeerConnection, in env: PeerEnvironment) async throws {
        try await MatchingRelayQueue(database: env.database, now: env.now).resend(kind, to: connection)
    }
}

/// `contact`: a home instance's card, note or taken-back agreement, for the board.
struct ContactHandler: RelayQueued {
    let kind = PeerMessageKind.contact
    var bodyLimit: Int { 64 * 1024 }

    func receive(_ body: Data, on connection: PeerConnection, in env: PeerEnvironment) async throws -> Data {
        try await MatchBoard(database: env.database, keys: env.keys, now: env.now).contact(
            try StrictJSON.decode(ContactMessage.self, from: body), on: connection)
        return try acknowledged()
    }

    /// The connection ended: the board forgets the cards of that side — its records went just before
    /// (`BoardHandler` is listed first), so each card is an orphan, and the sides that stay are told
    /// it is gone — and nothing waits for it.
    func ended(_ connection: PeerConnection, in env: PeerEnvironment) async throws {
        try await MatchBoard.forgetContacts(now: env.now, on: env.database)
        try await MatchingRelayRecord.query(on: env.database).filter(\.$connectionID == connection.id).delete()
    }
}

/// `relay`: from the board, other sides' cards and notes for one of this instance's records.
struct RelayHandler: RelayQueued {
    let kind = PeerMessageKind.relay
    var bodyLimit: Int { 128 * 1024 }

    func receive(_ body: Data, on connection: PeerConnection, in env: PeerEnvironment) async throws -> Data {
        try await MatchContacts(database: env.database, keys: env.keys, now: env.now).receive(
            try StrictJSON.decode(ContactRelay.self, from: body), on: connection)
        return try acknowledged()
    }
}
