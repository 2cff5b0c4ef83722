@preconcurrency import Crypto
import Fluent
import Foundation
import TejidoCore

/// What sharing with connected collectives needs in common: asking for a message to every
/// connection that sends a scope, and sealing what names a peer.
enum SharedData {
    /// Enqueues `kind` for each of the collective's connections that sends its scope now. Reads
    /// only the connections' plain columns, so it needs no keys and runs inside any transaction.
    static func enqueue(_ kind: PeerMessageKind, collectiveID: UUID, on database: any Database, now: Date) async throws {
        guard let scope = kind.scope else { return }
        let outbox = PeerOutbox(database: database, now: now)
        for row in try await receiving(scope, collectiveID: collectiveID, on: database) {
            try await outbox.enqueue(kind, to: row.requireID())
        }
    }

    /// The collective's active connections that this side sends `scope` to and that take it.
    static func receiving(
        _ scope: PeerScope, collectiveID: UUID, on database: any Database
    ) async throws -> [PeerConnectionRecord] {
        try await PeerConnectionRecord.query(on: database).filter(\.$collective.$id == collectiveID)
            .filter(\.$state == PeerConnectionState.active.rawValue).all()
            .filter { PeerScope.set(from: $0.sends).contains(scope) && PeerScope.set(from: $0.peerAccepts).contains(scope) }
    }

    /// The outbox subject of a withdrawal: this side stopped sending a scope the peer still takes,
    /// and tells it so with an empty message (no entries, no entry), which the peer applies as it
    /// applies any other: what it held from us is gone.
    static let withdrawn = "withdrawn"

    /// On `opened`: a full sync of `kind` if the connection now sends its scope; if this side
    /// stopped sending it while the peer still takes it, a withdrawal.
    static func opened(
        _ kind: PeerMessageKind, _ connection: PeerConnection, in env: PeerEnvironment, withdraws: Bool = true
    ) async throws {
        guard let scope = kind.scope, connection.state == .active else { return }
        if connection.sends(scope) {
            try await env.outbox.enqueue(kind, to: connection.id)
        } else if withdraws, !connection.sends.contains(scope), connection.peerAccepts.contains(scope) {
            try await env.outbox.enqueue(kind, subject: withdrawn, to: connection.id)
        }
    }

    /// Whether the outbox row is a withdrawal that still stands (the scope was not sent again since).
    static func isWithdrawal(_ subject: String, _ scope: PeerScope, _ connection: PeerConnection) -> Bool? {
        guard subject == withdrawn else { return nil }
        return !connection.sends(scope)
    }

    /// The id a record received from a peer keeps across resends: the same connection and the same
    /// thing shared give the same id, so a page or a link to it stays valid when the peer sends
    /// again (after a resume, or any change to its directory). Made like a version 8 UUID from
    /// SHA-256, so ids from different connections never meet.
    static func stableID(_ connection: UUID, _ thing: String) -> UUID {
        var bytes = Array(
            SHA256.hash(data: Data("tejido-peer-record:\(connection.uuidString.lowercased()):\(thing)".utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x80
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9], bytes[10],
                bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            ))
    }

    static func protocolContext(_ connection: UUID, number: Int) -> Data {
        Data("peer-protocol:\(connection.uuidString.lowercased()):\(number)".utf8)
    }

    static func collectiveContext(_ connection: UUID) -> Data {
        Data("peer-collective:\(connection.uuidString.lowercased())".utf8)
    }

    static func seal(_ data: Data, context: Data, keys: KeyRingStore) throws -> Data {
        try Sealing.seal(data, with: keys.current.current.derived(.peers), associatedData: context)
    }

    static func open(_ sealed: Data, context: Data, keys: KeyRingStore) -> Data? {
        InstanceSealed.open(sealed, keys: keys.current.keys.map { $0.derived(.peers) }, context: context)
    }

    /// Re-seals what peers shared under the current instance key (`keys rotate`).
    static func reseal(keys: KeyRingStore, on database: any Database) async throws {
        for record in try await PeerProtocolRecord.query(on: database).all() {
            let context = protocolContext(record.connectionID, number: record.number)
            guard let file = open(record.fileSealed, context: context, keys: keys) else { continue }
            record.fileSealed = try seal(file, context: context, keys: keys)
            try await record.update(on: database)
        }
        for record in try await PeerCollectiveProfileRecord.query(on: database).all() {
            guard let id = record.id, let profile = open(record.profileSealed, context: collectiveContext(id), keys: keys)
            else { continue }
            record.profileSealed = try seal(profile, context: collectiveContext(id), keys: keys)
            try await record.update(on: database)
        }
        try await MediationRequests.reseal(keys: keys, on: database)
    }
}
