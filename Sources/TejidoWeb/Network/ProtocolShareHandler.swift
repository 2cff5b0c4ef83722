import Fluent
import Foundation
import TejidoCore

/// `protocol`: our adopted protocol to the connections that send protocols; theirs, received,
/// kept version by version (sealed) until the connection ends.
struct ProtocolShareHandler: PeerMessageHandler {
    let kind = PeerMessageKind.protocols
    /// The protocol file's own limit, and room for the rest.
    var bodyLimit: Int { ProtocolExchange.maximumBytes * 2 + 4096 }

    func message(subject: String, for connection: PeerConnection, in env: PeerEnvironment) async throws -> Data? {
        // A protocol, once shared, stays with the peer until it stops taking protocols or the
        // connection ends: there is no withdrawal of one.
        guard subject != SharedData.withdrawn else { return nil }
        guard let collective = try await CollectiveRecord.find(connection.collectiveID, on: env.database),
            let adopted = try await ProtocolQueries(database: env.database, collectiveID: connection.collectiveID).adopted()
        else { return nil }
        let adoptedAt = adopted.decision.decidedAt ?? adopted.version.createdAt
        let source = ProtocolExchange.Source(
            collective: collective.name, version: adopted.version.number, status: "adopted", savedAt: adopted.version.createdAt)
        let file = try ProtocolExchange.export(try adopted.version.document(), source: source)
        return try JSONEncoder().encode(
            ProtocolShare(version: adopted.version.number, adoptedAt: adoptedAt, file: String(decoding: file, as: UTF8.self)))
    }

    func receive(_ body: Data, on connection: PeerConnection, in env: PeerEnvironment) async throws -> Data {
        let share = try StrictJSON.decode(ProtocolShare.self, from: body)
        _ = try share.document(now: env.now)
        let sealed = try SharedData.seal(
            Data(share.file.utf8), context: SharedData.protocolContext(connection.id, number: share.version), keys: env.keys)
        try await env.database.transaction { db in
            // The same version again (a resend after a resume) replaces what was kept.
            try await PeerProtocolRecord.query(on: db).filter(\.$connectionID == connection.id)
                .filter(\.$number == share.version).delete()
            let record = PeerProtocolRecord()
            record.id = SharedData.stableID(connection.id, "protocol:\(share.version)")
            record.collectiveID = connection.collectiveID
            record.connectionID = connection.id
            record.number = share.version
            record.adoptedAt = share.adoptionDate
            record.receivedAt = env.now
            record.fileSealed = sealed
            try await record.create(on: db)
        }
        return try acknowledged()
    }

    func opened(_ connection: PeerConnection, in env: PeerEnvironment) async throws {
        // What this side no longer takes is forgotten, as at the end.
        if !connection.accepts.contains(.protocols) { try await ended(connection, in: env) }
        try await SharedData.opened(kind, connection, in: env, withdraws: false)
    }

    func ended(_ connection: PeerConnection, in env: PeerEnvironment) async throws {
        try await PeerProtocolRecord.query(on: env.database).filter(\.$connectionID == connection.id).delete()
    }
}
