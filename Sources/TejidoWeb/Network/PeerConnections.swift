@preconcurrency import Crypto
import Fluent
import Foundation
import SQLKit
import TejidoCore

/// Reading and writing connections, with their details sealed under a key derived from the
/// instance key and bound to the connection's id.
struct PeerConnections: Sendable {
    let database: any Database
    let keys: KeyRingStore
    let now: Date

    static func context(_ id: UUID) -> Data { Data("peer-connection:\(id.uuidString.lowercased())".utf8) }

    func seal(_ details: PeerDetails, id: UUID) throws -> Data {
        try Sealing.seal(
            JSONEncoder().encode(details), with: keys.current.current.derived(.peers), associatedData: Self.context(id))
    }

    func open(_ record: PeerConnectionRecord) throws -> PeerConnection {
        let id = try record.requireID()
        guard
            let data = InstanceSealed.open(
                record.detailsSealed, keys: keys.current.keys.map { $0.derived(.peers) }, context: Self.context(id)),
            let details = try? JSONDecoder().decode(PeerDetails.self, from: data),
            let state = PeerConnectionState(rawValue: record.state)
        else { throw SealingError.cannotOpen }
        return PeerConnection(
            id: id, collectiveID: record.$collective.id, invited: record.invited, state: state, details: details,
            sends: PeerScope.set(from: record.sends), accepts: PeerScope.set(from: record.accepts),
            peerAccepts: PeerScope.set(from: record.peerAccepts), createdAt: record.createdAt, changedAt: record.changedAt,
            readState: state)
    }

    func find(_ id: UUID) async throws -> PeerConnection? {
        guard let record = try await PeerConnectionRecord.find(id, on: database) else { return nil }
        return try? open(record)
    }

    func find(_ id: UUID, in collectiveID: UUID) async throws -> PeerConnection? {
        guard let connection = try await find(id), connection.collectiveID == collectiveID else { return nil }
        return connection
    }

    /// The collective's connections, newest first; ended ones last.
    func all(in collectiveID: UUID) async throws -> [PeerConnection] {
        try await PeerConnectionRecord.query(on: database).filter(\.$collective.$id == collectiveID)
            .sort(\.$createdAt, .descending).all().compactMap { try? open($0) }
            .sorted { ($0.state == .ended ? 1 : 0) < ($1.state == .ended ? 1 : 0) }
    }

    /// Every connection this instance holds, for the delivery loop and key rotation.
    func everyConnection() async throws -> [PeerConnection] {
        try await PeerConnectionRecord.query(on: database).all().compactMap { try? open($0) }
    }

    func insert(_ connection: PeerConnection) async throws {
        let record = PeerConnectionRecord()
        record.id = connection.id
        record.$collective.id = connection.collectiveID
        record.invited = connection.invited
        try fill(record, from: connection)
        record.createdAt = connection.createdAt
        try await record.create(on: database)
    }

    /// Writes the connection back if its row is still in the state it was read in; false (and
    /// nothing written) when someone changed the state meanwhile.
    @discardableResult
    func save(_ connection: PeerConnection) async throws -> Bool {
        // A copy never read from its row (just made) is written whatever the row says.
        let expected = connection.readState?.rawValue
        let rows = try await database.sql().raw(
            """
            UPDATE peer_connections SET state = \(bind: connection.state.rawValue), \
            details_sealed = \(bind: try seal(connection.details, id: connection.id)), \
            sends = \(bind: PeerScope.stored(connection.sends)), accepts = \(bind: PeerScope.stored(connection.accepts)), \
            peer_accepts = \(bind: PeerScope.stored(connection.peerAccepts)), changed_at = \(bind: now)
            WHERE id = \(bind: connection.id) AND (\(bind: expected == nil) OR state = \(bind: expected ?? "")) RETURNING id
            """
        ).all()
        return rows.count == 1
    }

    private func fill(_ record: PeerConnectionRecord, from connection: PeerConnection) throws {
        record.state = connection.state.rawValue
        record.detailsSealed = try seal(connection.details, id: connection.id)
        record.sends = PeerScope.stored(connection.sends)
        record.accepts = PeerScope.stored(connection.accepts)
        record.peerAccepts = PeerScope.stored(connection.peerAccepts)
        record.changedAt = connection.changedAt
    }

    /// Re-seals every connection's details under the current instance key (`keys rotate`).
    static func reseal(keys: KeyRingStore, on database: any Database) async throws {
        let store = PeerConnections(database: database, keys: keys, now: Date())
        for record in try await PeerConnectionRecord.query(on: database).all() {
            guard let connection = try? store.open(record) else { continue }
            record.detailsSealed = try store.seal(connection.details, id: connection.id)
            try await record.update(on: database)
        }
        for record in try await PeerInvitationRecord.query(on: database).all() {
            guard let id = record.id,
                let secret = InstanceSealed.open(
                    record.secretSealed, keys: keys.current.keys.map { $0.derived(.peers) }, context: PairingService.context(id))
            else { continue }
            record.secretSealed = try Sealing.seal(
                secret, with: keys.current.current.derived(.peers), associatedData: PairingService.context(id))
            try await record.update(on: database)
        }
    }
}
