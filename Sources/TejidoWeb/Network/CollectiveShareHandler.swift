import Fluent
import Foundation
import TejidoCore

/// `collective`: our entry in the directory of collectives, when we publish it to peers (or
/// word that we no longer do); theirs, kept sealed until they withdraw it or the connection ends.
struct CollectiveShareHandler: PeerMessageHandler {
    let kind = PeerMessageKind.collective

    func message(subject: String, for connection: PeerConnection, in env: PeerEnvironment) async throws -> Data? {
        guard let collective = try await CollectiveRecord.find(connection.collectiveID, on: env.database) else { return nil }
        if let withdrawal = SharedData.isWithdrawal(subject, .collective, connection) {
            return withdrawal ? try JSONEncoder().encode(CollectiveShare(name: collective.name, entry: nil)) : nil
        }
        let own = try await CollectiveProfiles(database: env.database).find(connection.collectiveID)
        let entry = own.flatMap { $0.toPeers ? $0.profile : nil }
        return try JSONEncoder().encode(CollectiveShare(name: collective.name, entry: entry))
    }

    func receive(_ body: Data, on connection: PeerConnection, in env: PeerEnvironment) async throws -> Data {
        let share = try StrictJSON.decode(CollectiveShare.self, from: body)
        let (_, entry) = try share.checked()
        try await PeerCollectiveProfileRecord.query(on: env.database).filter(\.$id == connection.id).delete()
        if let entry {
            let record = PeerCollectiveProfileRecord()
            record.id = connection.id
            record.collectiveID = connection.collectiveID
            record.profileSealed = try SharedData.seal(
                JSONEncoder().encode(entry), context: SharedData.collectiveContext(connection.id), keys: env.keys)
            record.receivedAt = env.now
            try await record.create(on: env.database)
        }
        return try acknowledged()
    }

    func opened(_ connection: PeerConnection, in env: PeerEnvironment) async throws {
        // What this side no longer takes is forgotten, as at the end.
        if !connection.accepts.contains(.collective) { try await ended(connection, in: env) }
        try await SharedData.opened(kind, connection, in: env)
    }

    func ended(_ connection: PeerConnection, in env: PeerEnvironment) async throws {
        try await PeerCollectiveProfileRecord.query(on: env.database).filter(\.$id == connection.id).delete()
    }
}

/// A collective's own entry in the directory of collectives.
struct CollectiveProfiles {
    let database: any Database

    struct Own {
        let profile: CollectiveProfile
        let toPeers: Bool
        let onPublicPage: Bool
    }

    func find(_ collectiveID: UUID) async throws -> Own? {
        guard let record = try await CollectiveProfileRecord.find(collectiveID, on: database),
            let profile = try? JSONDecoder().decode(CollectiveProfile.self, from: Data(record.profile.utf8))
        else { return nil }
        return Own(profile: profile, toPeers: record.toPeers, onPublicPage: record.onPublicPage)
    }

    /// Saves the entry and tells the connections that receive it.
    func save(_ own: Own, for collectiveID: UUID, now: Date) async throws {
        let profile = String(decoding: try JSONEncoder().encode(own.profile), as: UTF8.self)
        try await database.transaction { db in
            try await CollectiveProfileRecord.query(on: db).filter(\.$id == collectiveID).delete()
            let record = CollectiveProfileRecord()
            record.id = collectiveID
            record.profile = profile
            record.toPeers = own.toPeers
            record.onPublicPage = own.onPublicPage
            record.updatedAt = now
            try await record.create(on: db)
            try await SharedData.enqueue(.collective, collectiveID: collectiveID, on: db, now: now)
        }
    }
}
