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
            #expect(page.body.string.contains(onA.code(ours: nodes[0].fingerprint)))
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
