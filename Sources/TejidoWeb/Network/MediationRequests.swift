@preconcurrency import Crypto
import Fluent
import Foundation
import TejidoCore

/// Mediator invitations addressed to connected collectives: on our side, what was sent where;
/// on theirs, the requests their care team reads. Both are sealed with a key derived from the
/// instance key, bound to their row: they carry a link that opens a case's chosen entries.
struct MediationRequests {
    let database: any Database
    let keys: KeyRingStore
    let now: Date

    static func context(_ id: UUID) -> Data { Data("mediation-request:\(id.uuidString.lowercased())".utf8) }

    // MARK: Our side

    /// Keeps the link for `connection` until it is delivered, and asks for it to be sent.
    func address(
        link: String, note: String, expires: Date, mediatorID: UUID, collectiveID: UUID, connection: UUID
    ) async throws {
        let id = UUID()
        let record = MediationRequestRecord()
        record.id = id
        record.collectiveID = collectiveID
        record.mediatorID = mediatorID
        record.connectionID = connection
        let message = MediationMessage(request: id, link: link, note: note, expires: expires)
        record.linkSealed = try SharedData.seal(JSONEncoder().encode(message), context: Self.context(id), keys: keys)
        record.createdAt = now
        try await database.transaction { db in
            try await record.create(on: db)
            try await PeerOutbox(database: db, now: now).enqueue(.mediation, subject: id.uuidString, to: connection)
        }
    }

    /// Every request for these mediators is withdrawn where it went (the invitation was revoked,
    /// or "nothing leaves the collective" was put back). The link is erased here at once.
    static func withdraw(mediators: [UUID], now: Date, on db: any Database) async throws {
        guard !mediators.isEmpty else { return }
        let rows = try await MediationRequestRecord.query(on: db).filter(\.$mediatorID ~~ mediators)
            .filter(\.$withdrawnAt == nil).all()
        for row in rows {
            row.withdrawnAt = now
            row.linkSealed = nil
            try await row.update(on: db)
            try await PeerOutbox(database: db, now: now).enqueue(
                .mediation, subject: try row.requireID().uuidString, to: row.connectionID)
        }
    }

    /// Where each of these mediators' invitations was sent, and whether it arrived.
    func sent(mediators: [UUID]) async throws -> [UUID: MediationRequestRecord] {
        guard !mediators.isEmpty else { return [:] }
        let rows = try await MediationRequestRecord.query(on: database).filter(\.$mediatorID ~~ mediators).all()
        return Dictionary(rows.map { ($0.mediatorID, $0) }) { a, _ in a }
    }

    /// Why requests have not arrived yet, by request: the last problem their outbox row met.
    func deliveryProblems() async throws -> [UUID: String] {
        let rows = try await PeerOutboxRecord.query(on: database).filter(\.$kind == PeerMessageKind.mediation.rawValue).all()
        return Dictionary(
            rows.compactMap { row in row.lastProblem.flatMap { p in UUID(uuidString: row.subject).map { ($0, p) } } }
        ) {
            a, _ in a
        }
    }

    /// The message for a request as it stands: the link until delivered, a withdrawal once the
    /// invitation was revoked or ran out, nothing once delivered and standing.
    func message(_ id: UUID, for connection: UUID) async throws -> MediationMessage? {
        guard let row = try await MediationRequestRecord.find(id, on: database) else { return .withdrawal(id) }
        guard row.connectionID == connection else { return nil }
        let grant = try await CaseMediatorRecord.find(row.mediatorID, on: database)
        guard row.withdrawnAt == nil, let grant, grant.revokedAt == nil, grant.expiresAt > now else {
            return .withdrawal(id)
        }
        guard let sealed = row.linkSealed else { return nil }
        guard let data = SharedData.open(sealed, context: Self.context(id), keys: keys) else { return nil }
        return try JSONDecoder().decode(MediationMessage.self, from: data)
    }

    /// The peer has the link: it is erased here.
    func delivered(_ id: UUID) async throws {
        try await MediationRequestRecord.query(on: database).filter(\.$id == id).filter(\.$withdrawnAt == nil)
            .set(\.$linkSealed, to: nil).set(\.$deliveredAt, to: now).update()
    }

    // MARK: Their side

    struct Received {
        let id: UUID
        let connectionID: UUID
        let link: String
        let note: String
        let expires: Date
        let receivedAt: Date
    }

    /// Keeps a peer's request, or forgets it on a withdrawal. Its id is stable for the
    /// connection and the sender's request, so a resend replaces it.
    func receive(_ message: MediationMessage, on connection: PeerConnection) async throws {
        let id = SharedData.stableID(connection.id, "mediation:\(message.request.uuidString.lowercased())")
        let checked = try message.checked(base: connection.details.base, now: now)
        try await database.transaction { db in
            try await PeerMediationRequestRecord.query(on: db).filter(\.$id == id).delete()
            guard let checked else { return }
            let record = PeerMediationRequestRecord()
            record.id = id
            record.collectiveID = connection.collectiveID
            record.connectionID = connection.id
            let kept = MediationMessage(
                request: message.request, link: checked.link, note: checked.note, expires: checked.expires)
            record.bodySealed = try SharedData.seal(JSONEncoder().encode(kept), context: Self.context(id), keys: keys)
            record.expiresAt = checked.expires
            record.receivedAt = now
            try await record.create(on: db)
        }
    }

    /// The collective's requests still open, newest first; expired ones are deleted.
    func queue(collectiveID: UUID) async throws -> [Received] {
        try await PeerMediationRequestRecord.query(on: database).filter(\.$expiresAt <= now).delete()
        let rows = try await PeerMediationRequestRecord.query(on: database).filter(\.$collectiveID == collectiveID)
            .sort(\.$receivedAt, .descending).all()
        return rows.compactMap { row in
            guard let id = row.id, let data = SharedData.open(row.bodySealed, context: Self.context(id), keys: keys),
                let message = try? JSONDecoder().decode(MediationMessage.self, from: data), let link = message.link
            else { return nil }
            return Received(
                id: id, connectionID: row.connectionID, link: link, note: message.note ?? "", expires: row.expiresAt,
                receivedAt: row.receivedAt)
        }
    }

    /// The care team took it off its list (passed on, or not taken up).
    func remove(_ id: UUID, collectiveID: UUID) async throws {
        try await PeerMediationRequestRecord.query(on: database).filter(\.$id == id).filter(\.$collectiveID == collectiveID)
            .delete()
    }

    /// Re-seals both sides' rows under the current instance key (`keys rotate`).
    static func reseal(keys: KeyRingStore, on database: any Database) async throws {
        for record in try await MediationRequestRecord.query(on: database).filter(\.$linkSealed != nil).all() {
            guard let id = record.id, let sealed = record.linkSealed,
                let data = SharedData.open(sealed, context: context(id), keys: keys)
            else { continue }
            record.linkSealed = try SharedData.seal(data, context: context(id), keys: keys)
            try await record.update(on: database)
        }
        for record in try await PeerMediationRequestRecord.query(on: database).all() {
            guard let id = record.id, let data = SharedData.open(record.bodySealed, context: context(id), keys: keys)
            else { continue }
            record.bodySealed = try SharedData.seal(data, context: context(id), keys: keys)
            try await record.update(on: database)
        }
    }
}

/// `mediation`: a mediator invitation addressed to the peer, or its withdrawal.
struct MediationHandler: PeerMessageHandler {
    let kind = PeerMessageKind.mediation
    /// A note of 4,000 characters, each up to four bytes and escaped, with room to spare.
    var bodyLimit: Int { 64 * 1024 }

    private func store(_ env: PeerEnvironment) -> MediationRequests {
        MediationRequests(database: env.database, keys: env.keys, now: env.now)
    }

    func message(subject: String, for connection: PeerConnection, in env: PeerEnvironment) async throws -> Data? {
        guard let id = UUID(uuidString: subject), let message = try await store(env).message(id, for: connection.id) else {
            return nil
        }
        return try JSONEncoder().encode(message)
    }

    func delivered(subject: String, for connection: PeerConnection, in env: PeerEnvironment) async throws {
        guard let id = UUID(uuidString: subject) else { return }
        try await store(env).delivered(id)
    }

    func receive(_ body: Data, on connection: PeerConnection, in env: PeerEnvironment) async throws -> Data {
        try await store(env).receive(try StrictJSON.decode(MediationMessage.self, from: body), on: connection)
        return try acknowledged()
    }

    /// A connection that opens (or resumes, or starts taking requests) gets what was addressed
    /// to it and not yet delivered, and every withdrawal: rows are dropped while it is paused.
    func opened(_ connection: PeerConnection, in env: PeerEnvironment) async throws {
        guard connection.sends(.mediation) else { return }
        for row in try await MediationRequestRecord.query(on: env.database).filter(\.$connectionID == connection.id).all() {
            try await env.outbox.enqueue(.mediation, subject: try row.requireID().uuidString, to: connection.id)
        }
    }

    func ended(_ connection: PeerConnection, in env: PeerEnvironment) async throws {
        try await PeerMediationRequestRecord.query(on: env.database).filter(\.$connectionID == connection.id).delete()
    }
}
