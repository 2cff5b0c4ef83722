import Foundation
import TejidoCore
import Testing
import VaporTesting

@testable import TejidoWeb

@Suite("The network: pairing and signed requests between instances")
struct NetworkTests {
    @Test("two collectives on two instances pair: the same code on both sides, active on both after acceptance")
    func pairing() async throws {
        try await withPeerNetwork(2) { nodes in
            let casa = try await Fixtures.collective(nodes[0].app, "Casa", admin: "ana")
            let nido = try await Fixtures.collective(nodes[1].app, "Nido", admin: "nora")
            let pairing = try await Pairing.pair(nodes[0], casa, with: nodes[1], nido)
            let onA = try #require(try await nodes[0].env.connections.find(pairing.connection))
            let onB = try #require(try await nodes[1].env.connections.find(pairing.connection))
            #expect(onA.state == .active && onB.state == .active)
            #expect(onA.details.name == "Nido" && onB.details.name == "Casa")
            #expect(onA.details.keys.fingerprint == nodes[1].fingerprint)
            #expect(onB.details.keys.fingerprint == nodes[0].fingerprint)
            #expect(onB.peerAccepts == PeerScope.defaults, "B learned what A takes")
            // The admin of Casa sees Nido on the network page, with the code.
            let ana = TestBrowser(nodes[0].app)
            try await ana.signIn("ana")
            let page = try await ana.get(SiteURL.network(slug: "casa", .home).path)
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Nido"))
            #expect(page.body.string.contains(onA.details.code))
        }
    }
}

@Suite("The network: the instance key changes")
struct NetworkRotationTests {
    @Test("after keys rotate the peer learns the new identity, signed by the old; the old key stays until it has")
    func rotation() async throws {
        try await withPeerNetwork(2) { nodes in
            let casa = try await Fixtures.collective(nodes[0].app, "Casa", admin: "ana")
            let nido = try await Fixtures.collective(nodes[1].app, "Nido", admin: "nora")
            let pairing = try await Pairing.pair(nodes[0], casa, with: nodes[1], nido)
            let before = nodes[0].fingerprint
            _ = try await nodes[0].app.rotateKeys()
            let after = nodes[0].app.tejido.keys.current.identity.publicKeys.fingerprint
            #expect(after != before)
            // Not yet acknowledged: pruning keeps the previous key (and so the old identity).
            #expect(try await nodes[0].app.pruneKeys() == 0)
            // Until the peer hears, requests are still signed as it knows us.
            let onA = try #require(try await nodes[0].env.connections.find(pairing.connection))
            #expect(PeerDelivery.identity(for: onA, keys: nodes[0].app.tejido.keys).publicKeys.fingerprint == before)
            await nodes[0].deliver()
            let onB = try #require(try await nodes[1].env.connections.find(pairing.connection))
            #expect(onB.details.keys.fingerprint == after)
            #expect(onB.details.previousKeys?.fingerprint == before)
            #expect(try await nodes[0].env.connections.find(pairing.connection)?.details.knownAs == after)
            // Now signed with the new identity, and taken.
            let answer = try await RawPeer(nodes[0], identity: nodes[0].app.tejido.keys.current.identity).post(
                nodes[1].messageURL(pairing.connection, "scopes"), json: #"{"accepts":["protocols"]}"#, at: nodes[0].clock.now)
            #expect(answer.status == 200)
            #expect(try await nodes[0].app.pruneKeys() == 1)
        }
    }
}

@Suite("The network: what the security review found")
struct NetworkReviewTests {
    @Test("once the peer signs with its new keys, the old ones stop working, and an old key can never name a successor")
    func retiredKey() async throws {
        try await withPeerNetwork(2) { nodes in
            let casa = try await Fixtures.collective(nodes[0].app, "Casa", admin: "ana")
            let nido = try await Fixtures.collective(nodes[1].app, "Nido", admin: "nora")
            let pairing = try await Pairing.pair(nodes[0], casa, with: nodes[1], nido)
            let old = nodes[0].app.tejido.keys.current.identity
            _ = try await nodes[0].app.rotateKeys()
            await nodes[0].deliver()
            let url = nodes[1].messageURL(pairing.connection, "scopes")
            let scopes = #"{"accepts":["protocols"]}"#
            // Someone holding the old key file, naming their own keys as the "new" ones.
            let thief = InstanceIdentity(instanceKey: .generate())
            let proof = try thief.signingKey.signature(
                for: KeysNotice.provenBytes(connection: pairing.connection, previous: old.publicKeys.fingerprint))
            let takeover = String(
                decoding: try JSONEncoder().encode(KeysNotice(keys: thief.publicKeys, proof: proof.base64EncodedString())),
                as: UTF8.self)
            let refused = try await RawPeer(nodes[0], identity: old).post(
                nodes[1].messageURL(pairing.connection, "keys"), json: takeover, at: nodes[0].clock.now)
            #expect(refused.status == 422)
            #expect(
                try await nodes[1].env.connections.find(pairing.connection)?.details.keys.fingerprint
                    != thief.publicKeys.fingerprint)
            // The real instance speaks under its new keys; from then on the old key is nobody.
            let fresh = try await RawPeer(nodes[0], identity: nodes[0].app.tejido.keys.current.identity).post(
                url, json: scopes, at: nodes[0].clock.now)
            #expect(fresh.status == 200)
            let stale = try await RawPeer(nodes[0], identity: old).post(url, json: scopes, at: nodes[0].clock.now)
            #expect(stale.status == 404)
            #expect(try await nodes[1].env.connections.find(pairing.connection)?.details.previousKeys == nil)
        }
    }

    @Test("a message racing an admin's end cannot bring the connection back")
    func lostUpdate() async throws {
        try await withPeerNetwork(2) { nodes in
            let casa = try await Fixtures.collective(nodes[0].app, "Casa", admin: "ana")
            let nido = try await Fixtures.collective(nodes[1].app, "Nido", admin: "nora")
            let pairing = try await Pairing.pair(nodes[0], casa, with: nodes[1], nido)
            // The copy a slow message would hold, read before the admin ended the connection.
            let stale = try #require(try await nodes[0].env.connections.find(pairing.connection))
            try await PeerConnectionChanges(env: nodes[0].env).end(stale, notify: false)
            await #expect(throws: (any Error).self) {
                _ = try await ScopesHandler().receive(
                    Data(#"{"accepts":["alerts"]}"#.utf8), on: stale, in: nodes[0].env)
            }
            #expect(try await nodes[0].env.connections.find(pairing.connection)?.state == .ended)
        }
    }

    @Test("declining a request calls nobody; a paused side still hears that the peer ended")
    func declineAndPausedEnd() async throws {
        try await withPeerNetwork(2) { nodes in
            let casa = try await Fixtures.collective(nodes[0].app, "Casa", admin: "ana")
            let nido = try await Fixtures.collective(nodes[1].app, "Nido", admin: "nora")
            let invitation = try #require(
                try await PairingService(env: nodes[0].env).invite(collectiveID: casa.id, hours: 1, by: casa.adminID))
            let record = try #require(try await CollectiveRecord.find(nido.id, on: nodes[1].app.db))
            guard
                case .success(let joined) = try await PairingService(env: nodes[1].env).join(
                    pasted: invitation.text, collective: record, http: nodes[1].app.http.client.shared)
            else { throw PeerNetworkError.pairingFailed("join") }
            let waiting = try #require(try await nodes[0].env.connections.find(joined.id))
            try await PeerConnectionChanges(env: nodes[0].env).end(waiting, notify: true)
            #expect(try await nodes[0].env.outbox.waiting(for: joined.id).isEmpty, "an unconfirmed address is not called")

            let other = try await Fixtures.collective(nodes[0].app, "Otra", admin: "olga")
            let pairing = try await Pairing.pair(nodes[0], other, with: nodes[1], nido)
            let onB = try #require(try await nodes[1].env.connections.find(pairing.connection))
            try await PeerConnectionChanges(env: nodes[1].env).pause(onB)
            let onA = try #require(try await nodes[0].env.connections.find(pairing.connection))
            try await PeerConnectionChanges(env: nodes[0].env).end(onA, notify: true)
            await nodes[0].deliver()
            #expect(try await nodes[1].env.connections.find(pairing.connection)?.state == .ended)
        }
    }
}
