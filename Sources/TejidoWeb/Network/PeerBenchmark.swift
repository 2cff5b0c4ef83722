import AsyncHTTPClient
@preconcurrency import Crypto
import Fluent
import Foundation
import NIOCore
import TejidoCore
import Vapor

/// `tejido bench-peer` (bench/peer.sh): what checking a peer's signature costs, alone and as a
/// whole request through this server (signature, digest, replay cache, policy, handler).
extension Application {
    public func benchPeer(requests: Int) async throws -> String {
        guard let base = tejido.config.publicURL else { return "Set TEJIDO_PUBLIC_URL to this server's own address." }
        let now = tejido.clock.now()
        let peer = InstanceIdentity(instanceKey: .generate())
        let body = Data(#"{"accepts":["collective","directory","protocols"]}"#.utf8)

        // 1. The signature alone: sign once, verify many times.
        let url = base.endpoint("c/\(UUID().uuidString.lowercased())/scopes")
        let client = PeerClient(http: http.client.shared, identity: peer, now: now)
        var headers: [String: String] = [:]
        for (name, value) in try client.signedHeaders(url: url, body: body, nonce: "n") { headers[name.lowercased()] = value }
        let message = SignedMessage(method: "POST", targetURI: url, headers: headers)
        let rounds = 20_000
        let clock = ContinuousClock()
        let verifying = clock.measure {
            for _ in 0..<rounds {
                _ = HTTPSignature.verify(message, policy: .peer, now: Int(now.timeIntervalSince1970)) { _ in
                    peer.signingKey.publicKey
                }
                _ = ContentDigest.matches(headers["content-digest"], body: body)
            }
        }

        // 2. Whole requests, over loopback, to a connection this server holds with `peer`.
        let collective = CollectiveRecord(
            name: "Bench", slug: "bench" + String(UUID().uuidString.prefix(5)).lowercased(), createdAt: now)
        try await collective.create(on: db)
        let env = PeerEnvironment(database: db, keys: tejido.keys, config: tejido.config, now: now, logger: logger)
        let connection = PeerConnection(
            id: UUID(), collectiveID: try collective.requireID(), invited: true, state: .active,
            details: PeerDetails(
                base: base, keys: peer.publicKeys, previousKeys: nil, name: "Peer",
                knownAs: tejido.keys.current.identity.publicKeys.fingerprint, code: "0000 0000"),
            sends: [], accepts: PeerScope.defaults, peerAccepts: [], createdAt: now, changedAt: now)
        try await env.connections.insert(connection)
        peerThrottle = PeerThrottle(limit: Int.max)
        try await server.start(address: .hostname("127.0.0.1", port: tejido.config.port))
        let target = base.endpoint("c/\(connection.id.uuidString.lowercased())/scopes")
        func send() async throws {
            let reply = try await PeerClient(http: http.client.shared, identity: peer, now: tejido.clock.now()).post(
                target, body: body)
            guard reply.status == 200 else { throw Abort(.internalServerError) }
        }
        let sequential = try await clock.measure { for _ in 0..<requests { try await send() } }
        let concurrent = try await clock.measure {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<8 {
                    group.addTask { for _ in stride(from: worker, to: requests, by: 8) { try await send() } }
                }
                try await group.waitForAll()
            }
        }
        await server.shutdown()
        try await PeerConnectionRecord.query(on: db).filter(\.$id == connection.id).delete()
        try await collective.delete(on: db)

        func micros(_ d: Duration, _ n: Int) -> String {
            String(
                format: "%.1f",
                Double(d.components.seconds) * 1e6 / Double(n) + Double(d.components.attoseconds) / 1e12 / Double(n))
        }
        func perSecond(_ d: Duration, _ n: Int) -> String {
            String(format: "%.0f", Double(n) / (Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18))
        }
        return """
            signature + digest check alone: \(micros(verifying, rounds)) µs each (\(rounds) rounds)
            whole signed requests, one at a time: \(perSecond(sequential, requests))/s, \(micros(sequential, requests)) µs each (\(requests))
            whole signed requests, 8 at a time: \(perSecond(concurrent, requests))/s (\(requests))
            """
    }
}
