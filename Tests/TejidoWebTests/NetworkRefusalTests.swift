import Foundation
import TejidoCore
import Testing
import VaporTesting

@testable import TejidoWeb

/// Everything wrong with a request between instances is answered exactly like an address that
/// does not exist, and counted for the admins — never with a body that says why.
@Suite("The network: what a hostile or broken peer gets")
struct NetworkRefusalTests {
    /// Two paired instances and a third never paired; the scopes message (which every live
    /// connection takes) is the probe.
    func withPairedAndStranger(_ body: ([PeerInstance], Pairing) async throws -> Void) async throws {
        try await withPeerNetwork(3) { nodes in
            let casa = try await Fixtures.collective(nodes[0].app, "Casa", admin: "ana")
            let nido = try await Fixtures.collective(nodes[1].app, "Nido", admin: "nora")
            _ = try await Fixtures.collective(nodes[2].app, "Otro", admin: "olga")
            try await body(nodes, try await Pairing.pair(nodes[0], casa, with: nodes[1], nido))
        }
    }

    static let scopes = #"{"accepts":["collective","directory","protocols"]}"#

    @Test("a signed request from the paired peer is taken; the same request again is a replay")
    func replay() async throws {
        try await withPairedAndStranger { nodes, pairing in
            let url = nodes[0].messageURL(pairing.connection, "scopes")
            let nonce = SecretToken.generate().value
            let peer = RawPeer(nodes[1])
            let first = try await peer.post(url, json: Self.scopes, at: nodes[1].clock.now, nonce: nonce)
            #expect(first.status == 200 && first.body.contains("\"ok\":true"))
            let again = try await peer.post(url, json: Self.scopes, at: nodes[1].clock.now, nonce: nonce)
            #expect(again.status == 404)
            #expect(try await nodes[0].refusals(.replay) == 1)
        }
    }

    @Test("unsigned, stranger's key, expired, future-dated, tampered digest, tampered address: each 404 and counted")
    func refusals() async throws {
        try await withPairedAndStranger { nodes, pairing in
            let url = nodes[0].messageURL(pairing.connection, "scopes")
            let peer = RawPeer(nodes[1])
            let now = nodes[1].clock.now
            let unknownPath = try await peer.post(nodes[0].base.endpoint("nothing/here"), json: Self.scopes, at: now)
            #expect(unknownPath.status == 404)

            let unsigned = try await peer.send(url, headers: [("Content-Type", "application/json")], body: Self.scopes)
            let stranger = try await RawPeer(nodes[2]).post(url, json: Self.scopes, at: now)
            let expired = try await peer.post(url, json: Self.scopes, at: now.addingTimeInterval(-600))
            let future = try await peer.post(url, json: Self.scopes, at: now.addingTimeInterval(600))
            let digest = try await peer.post(url, json: Self.scopes, at: now) { _, body in body = #"{"accepts":["alerts"]}"# }
            let retargeted = try await peer.post(nodes[0].messageURL(UUID(), "scopes"), json: Self.scopes, at: now) {
                headers, _ in headers.append(("X-Ignored", "1"))
            }
            for answer in [unsigned, stranger, expired, future, digest, retargeted] {
                #expect(answer.status == 404)
                // Not a word more than for an address that does not exist.
                #expect(answer.body == unknownPath.body)
            }
            #expect(try await nodes[0].refusals(.unsigned) == 1)
            #expect(try await nodes[0].refusals(.unknownKey) == 1)
            #expect(try await nodes[0].refusals(.expired) == 1)
            #expect(try await nodes[0].refusals(.notYetValid) == 1)
            #expect(try await nodes[0].refusals(.digestMismatch) == 1)
            #expect(
                try await nodes[0].refusals(.unknownConnection) == 1,
                "the retargeted one; an address with no route is not a request for us")
            // Nothing changed: A still thinks B takes the defaults.
            let onA = try #require(try await nodes[0].env.connections.find(pairing.connection))
            #expect(onA.peerAccepts == PeerScope.defaults)
            // The admins see the counts, no content.
            let ana = TestBrowser(nodes[0].app)
            try await ana.signIn("ana")
            let page = try await ana.get(SiteURL.network(slug: "casa", .home).path)
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Signature dated in the future: 1"))
            #expect(!page.body.string.contains("alerts\"]"))
        }
    }

    @Test("a body of unknown fields is refused with the field named, a huge one as if nothing were there")
    func badBodies() async throws {
        try await withPairedAndStranger { nodes, pairing in
            let url = nodes[0].messageURL(pairing.connection, "scopes")
            let peer = RawPeer(nodes[1])
            let unknown = try await peer.post(
                url, json: #"{"accepts":[],"forward_to":"https://elsewhere"}"#, at: nodes[1].clock.now)
            #expect(unknown.status == 422)
            #expect(unknown.body.contains("forward_to"))
            let broken = try await peer.post(url, json: "{not json", at: nodes[1].clock.now)
            #expect(broken.status == 422)
            let huge = try await peer.post(
                url, json: #"{"accepts":[],"x":""# + String(repeating: "a", count: 300_000) + "\"}", at: nodes[1].clock.now)
            #expect(huge.status == 404)
            #expect(try await nodes[0].refusals(.invalidBody) == 2)
            #expect(try await nodes[0].refusals(.oversized) == 1)
            let onA = try #require(try await nodes[0].env.connections.find(pairing.connection))
            #expect(onA.peerAccepts == PeerScope.defaults, "nothing was half-applied")
        }
    }

    @Test("a never-paired instance learns nothing from any peer address")
    func stranger() async throws {
        try await withPairedAndStranger { nodes, pairing in
            let stranger = RawPeer(nodes[2])
            let now = nodes[2].clock.now
            for kind in PeerMessageKind.allCases {
                for connection in [pairing.connection, UUID()] {
                    let answer = try await stranger.post(nodes[0].messageURL(connection, kind.rawValue), json: "{}", at: now)
                    #expect(answer.status == 404, "\(kind)")
                }
            }
            let hello = try JSONEncoder().encode(PeerHello(keys: nodes[2].app.tejido.keys.current.identity.publicKeys))
            for path in ["document", "pair"] {
                let answer = try await stranger.post(
                    nodes[0].base.endpoint("invitations/\(SecretToken.generate().value)/\(path)"),
                    json: String(decoding: hello, as: UTF8.self), at: now)
                #expect(answer.status == 404)
            }
            // The pairing stands.
            #expect(try await nodes[0].env.connections.find(pairing.connection)?.state == .active)
        }
    }

    @Test("ending works at once on the side that ends, reaches the other, and every later request is 404")
    func ending() async throws {
        try await withPairedAndStranger { nodes, pairing in
            let onA = try #require(try await nodes[0].env.connections.find(pairing.connection))
            try await PeerConnectionChanges(env: nodes[0].env).end(onA, notify: true)
            #expect(try await nodes[0].env.connections.find(pairing.connection)?.state == .ended)
            // Before the notice arrives, B's requests already meet a closed door.
            let url = nodes[0].messageURL(pairing.connection, "scopes")
            let early = try await RawPeer(nodes[1]).post(url, json: Self.scopes, at: nodes[1].clock.now)
            #expect(early.status == 404)
            #expect(try await nodes[0].refusals(.notActive) == 1)
            await nodes[0].deliver()
            #expect(try await nodes[1].env.connections.find(pairing.connection)?.state == .ended)
            let later = try await RawPeer(nodes[0]).post(
                nodes[1].messageURL(pairing.connection, "scopes"), json: Self.scopes, at: nodes[0].clock.now)
            #expect(later.status == 404)
            // Every peer address answers the ended peer as it answers an address that never existed.
            let nowhere = try await RawPeer(nodes[0]).post(
                nodes[1].messageURL(UUID(), "scopes"), json: Self.scopes, at: nodes[0].clock.now)
            for kind in PeerMessageKind.allCases {
                let answer = try await RawPeer(nodes[0]).post(
                    nodes[1].messageURL(pairing.connection, kind.rawValue), json: "{}", at: nodes[0].clock.now)
                #expect(answer.status == 404 && answer.body == nowhere.body, "\(kind)")
            }
        }
    }

    @Test("a pause refuses the peer at once and is reversible; resuming asks the peer to send again")
    func pausing() async throws {
        try await withPairedAndStranger { nodes, pairing in
            let onB = try #require(try await nodes[1].env.connections.find(pairing.connection))
            try await PeerConnectionChanges(env: nodes[1].env).pause(onB)
            let url = nodes[1].messageURL(pairing.connection, "scopes")
            let refused = try await RawPeer(nodes[0]).post(url, json: Self.scopes, at: nodes[0].clock.now)
            #expect(refused.status == 404)
            let paused = try #require(try await nodes[1].env.connections.find(pairing.connection))
            try await PeerConnectionChanges(env: nodes[1].env).resume(paused)
            let taken = try await RawPeer(nodes[0]).post(url, json: Self.scopes, at: nodes[0].clock.now)
            #expect(taken.status == 200)
            #expect(try await nodes[1].env.outbox.waiting(for: pairing.connection).contains { $0.kind == "scopes" })
        }
    }

    @Test("a flood from one connection is cut off for the rest of the minute")
    func flood() async throws {
        try await withPairedAndStranger { nodes, pairing in
            nodes[0].app.peerThrottle = PeerThrottle(limit: 3)
            let url = nodes[0].messageURL(pairing.connection, "scopes")
            var statuses: [Int] = []
            for _ in 0..<5 {
                statuses.append(try await RawPeer(nodes[1]).post(url, json: Self.scopes, at: nodes[1].clock.now).status)
            }
            #expect(statuses == [200, 200, 200, 404, 404])
            #expect(try await nodes[0].refusals(.flood) == 2)
        }
    }
}
