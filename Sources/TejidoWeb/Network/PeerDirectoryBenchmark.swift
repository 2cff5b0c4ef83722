import Fluent
import Foundation
import TejidoCore
import Vapor

/// `tejido bench-peer-directory` (bench/peer.sh): a directory of `entries` shared
/// entries built into one message, sent signed over loopback to this same server, checked and
/// applied (replacing the previous copy), then searched.
extension Application {
    public func benchPeerDirectory(entries count: Int) async throws -> String {
        guard let base = tejido.config.publicURL else { return "Set TEJIDO_PUBLIC_URL to this server's own address." }
        let now = tejido.clock.now()
        let env = PeerEnvironment(database: db, keys: tejido.keys, config: tejido.config, now: now, logger: logger)
        let suffix = String(UUID().uuidString.prefix(5)).lowercased()
        let source = CollectiveRecord(name: "Source", slug: "source" + suffix, createdAt: now)
        let receiver = CollectiveRecord(name: "Receiver", slug: "receiver" + suffix, createdAt: now)
        try await source.create(on: db)
        try await receiver.create(on: db)
        let kinds = ResourceKind.allCases
        let entries = (0..<count).map { index in
            DirectoryEntry(
                kind: kinds[index % kinds.count], name: "Servicio de apoyo número \(index)",
                description: "Acompañamiento, escucha y orientación sin policía. Entrada \(index) de la prueba.",
                country: "México", region: "Oaxaca", city: "Ciudad \(index % 200)", languages: ["es", "zap"],
                phone: "+52 951 000 \(index)", website: "https://servicio\(index).example.org", hours: "Lunes a viernes",
                safety: SafetyNotes(mayInvolvePolice: .no), lastVerified: now)
        }
        try await DirectoryService(database: db, now: now).save(entries, in: try source.requireID())
        let clock = ContinuousClock()
        let records = try await DirectoryEntryRecord.query(on: db).filter(\.$collective.$id == source.requireID()).all()
        for start in stride(from: 0, to: records.count, by: 500) {
            try await records[start..<min(start + 500, records.count)].map { record in
                let share = DirectoryShareRecord()
                share.id = record.id
                share.collectiveID = record.$collective.id
                share.sharedAt = now
                return share
            }.create(on: db)
        }

        // The receiving side: a connection whose peer is a fresh identity standing for the source.
        let peer = InstanceIdentity(instanceKey: .generate())
        let connection = PeerConnection(
            id: UUID(), collectiveID: try receiver.requireID(), invited: true, state: .active,
            details: PeerDetails(
                base: base, keys: peer.publicKeys, previousKeys: nil, name: "Source",
                knownAs: tejido.keys.current.identity.publicKeys.fingerprint, code: "0000 0000"),
            sends: [], accepts: PeerScope.defaults, peerAccepts: [], createdAt: now, changedAt: now)
        try await env.connections.insert(connection)
        let sending = PeerConnection(
            id: connection.id, collectiveID: try source.requireID(), invited: false, state: .active,
            details: connection.details, sends: [.directory], accepts: [], peerAccepts: [.directory], createdAt: now,
            changedAt: now)
        var body = Data()
        let building = try await clock.measure {
            body = try await DirectoryShareHandler().message(subject: "", for: sending, in: env) ?? Data()
        }
        try await server.start(address: .hostname("127.0.0.1", port: tejido.config.port))
        let target = base.endpoint("c/\(connection.id.uuidString.lowercased())/directory")
        var status = 0
        let first = try await clock.measure {
            status = try await PeerClient(http: http.client.shared, identity: peer, now: tejido.clock.now()).post(
                target, body: body
            ).status
        }
        let again = try await clock.measure {
            _ = try await PeerClient(http: http.client.shared, identity: peer, now: tejido.clock.now()).post(target, body: body)
        }
        await server.shutdown()
        let stored = try await PeerDirectoryEntryRecord.query(on: db).filter(\.$connectionID == connection.id).count()
        var found = 0
        let searching = try await clock.measure {
            for word in ["apoyo", "ciudad", "oaxaca", "servicio 99"] {
                found += try await PeerDirectory(database: db).search(
                    DirectorySearch(text: word), in: try receiver.requireID(), limit: 26
                ).count
            }
        }
        try await PeerDirectoryEntryRecord.query(on: db).filter(\.$connectionID == connection.id).delete()
        try await PeerConnectionRecord.query(on: db).filter(\.$id == connection.id).delete()
        try await DirectoryEntryRecord.query(on: db).filter(\.$collective.$id == source.requireID()).delete()
        try await source.delete(on: db)
        try await receiver.delete(on: db)

        func ms(_ d: Duration) -> String {
            String(format: "%.0f ms", Double(d.components.seconds) * 1e3 + Double(d.components.attoseconds) / 1e15)
        }
        return """
            \(count) shared entries, one message of \(body.count / 1024) KiB
            building the message at the source: \(ms(building))
            sent, verified, checked and applied at the receiver (first copy): \(ms(first)) (HTTP \(status), \(stored) entries kept)
            sent again, replacing the copy: \(ms(again))
            four searches of the received entries: \(ms(searching)) (\(found) shown)
            """
    }
}
