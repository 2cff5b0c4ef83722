import Fluent
import Foundation
import SQLKit
import TejidoCore
import Testing
import VaporTesting

@testable import TejidoWeb

/// What waits to be sent leaves once the peer has it, and what a peer sent keeps its address when
/// it is sent again. Found in the browser walk: rows stayed "waiting" for ever, both servers sent
/// them again every ten seconds, and links to shared records broke on every resend.
@Suite("The network: the outbox empties and resends keep their ids")
struct NetworkOutboxTests {
    static func waiting(_ node: PeerInstance, _ connection: UUID) async throws -> [String] {
        try await node.env.outbox.waiting(for: connection).map(\.kind)
    }

    @Test("once delivered, nothing waits on either side, and nothing is sent again")
    func empties() async throws {
        try await withPeerNetwork(2) { nodes in
            let (a, b) = (nodes[0], nodes[1])
            let pairing = try await Pairing.casaAndNido(nodes)
            #expect(try await Self.waiting(a, pairing.connection) == [])
            #expect(try await Self.waiting(b, pairing.connection) == [])
            // Later runs send nothing: the peer counts no refusal of an acceptance it already has.
            for node in nodes { node.clock.advance(minutes: 10) }
            try await NetworkSharingTests.settle(nodes)
            #expect(try await a.refusals(.notActive) == 0)
            #expect(try await b.refusals(.notActive) == 0)
            let ana = TestBrowser(a.app)
            try await ana.signIn("ana")
            let page = try await ana.get(SiteURL.network(slug: "casa", .connection(pairing.connection.text)).path)
            #expect(page.status == .ok)
            #expect(!page.body.string.contains("Waiting to be sent"))
        }
    }

    @Test("an intent enqueued again while its first delivery is under way still goes; the older attempt changes nothing")
    func generations() async throws {
        try await withPeerNetwork(2) { nodes in
            let a = nodes[0]
            let pairing = try await Pairing.casaAndNido(nodes)
            let outbox = a.env.outbox
            try await outbox.enqueue(.directory, to: pairing.connection)
            let sending = try #require(try await outbox.due().first { $0.connectionID == pairing.connection })
            // Meanwhile an entry changes: the same intent again.
            try await outbox.enqueue(.directory, to: pairing.connection)
            try await outbox.delivered(sending)
            #expect(try await Self.waiting(a, pairing.connection) == ["directory"], "the newer intent still goes")
            try await outbox.failed(sending, problem: "unreachable", kind: .directory)
            try await outbox.drop(sending)
            let row = try #require(try await outbox.waiting(for: pairing.connection).first)
            #expect(row.attempts == 0 && row.lastProblem == nil && row.generation == sending.generation + 1)
            // The current generation is removed once delivered.
            try await outbox.delivered(row)
            #expect(try await Self.waiting(a, pairing.connection) == [])
        }
    }

    @Test("an acceptance heard twice (the first reply was lost) is acknowledged, and changes nothing")
    func acceptedTwice() async throws {
        try await withPeerNetwork(2) { nodes in
            let (a, b) = (nodes[0], nodes[1])
            let pairing = try await Pairing.casaAndNido(nodes)
            let answer = try await RawPeer(a).post(
                b.messageURL(pairing.connection, "accepted"), json: #"{"accepts":["protocols"]}"#, at: a.clock.now)
            #expect(answer.status == 200)
            let onB = try #require(try await b.env.connections.find(pairing.connection))
            #expect(onB.state == .active)
            #expect(onB.peerAccepts == PeerScope.defaults, "a repeated acceptance does not change what A takes")
            #expect(try await b.refusals(.notActive) == 0)
        }
    }

    @Test("a protocol and directory entries sent again keep their ids, so links to them keep working")
    func stableIDs() async throws {
        try await withPeerNetwork(2) { nodes in
            let (a, b) = (nodes[0], nodes[1])
            let casa = try await Fixtures.collective(a.app, "Casa", admin: "ana")
            let nido = try await Fixtures.collective(b.app, "Nido", admin: "nora")
            try await NetworkSharingTests.adopt(a, casa)
            let shelter = try await NetworkSharingTests.entry(a, casa, "Refugio Luna", kind: .shelter)
            try await PeerDirectory(database: a.app.db).setShared(shelter, true, now: a.clock.now)
            let pairing = try await Pairing.pair(a, casa, with: b, nido)
            try await NetworkSharingTests.settle(nodes)
            let protocolID = try #require(try await PeerProtocolRecord.query(on: b.app.db).first()?.id)
            let entryID = try #require(try await PeerDirectoryEntryRecord.query(on: b.app.db).first()?.id)

            // Everything is sent again (as after a resume, or any change to A's directory).
            try await a.env.outbox.enqueue(.protocols, to: pairing.connection)
            try await a.env.outbox.enqueue(.directory, to: pairing.connection)
            try await NetworkSharingTests.settle(nodes)
            #expect(try await PeerProtocolRecord.query(on: b.app.db).all().map(\.id) == [protocolID])
            #expect(try await PeerDirectoryEntryRecord.query(on: b.app.db).all().map(\.id) == [entryID])
            let nora = TestBrowser(b.app)
            try await nora.signIn("nora")
            let page = try await nora.get(SiteURL.shared(slug: "nido", .sharedProtocol(protocolID.text)).path)
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Protocol of Casa, version 1"))
            #expect(try await nora.post(SiteURL.shared(slug: "nido", .copyEntry(entryID.text)).path).status == .seeOther)
        }
    }

    @Test("an outbox made by the previous release (no generation) upgrades, and its waiting row is delivered and removed")
    func upgrade() async throws {
        try await withPeerNetwork(2) { nodes in
            let a = nodes[0]
            let pairing = try await Pairing.casaAndNido(nodes)
            // On one connection, so no other pooled connection's view of the schema is involved.
            let (connection, now) = (pairing.connection, a.clock.now)
            try await a.app.db.withConnection { db in
                try await M0029_UpdatePeerOutboxAddGeneration().revert(on: db)
                // A row as the previous release wrote it.
                try await (db as! any SQLDatabase).raw(
                    """
                    INSERT INTO peer_outbox (id, connection_id, kind, subject, created_at, attempts, next_attempt_at)
                    VALUES (\(bind: UUID()), \(bind: connection), 'scopes', '', \(bind: now), 0, \(bind: now))
                    """
                ).run()
                try await M0029_UpdatePeerOutboxAddGeneration().prepare(on: db)
            }
            #expect(try await a.env.outbox.waiting(for: pairing.connection).map(\.generation) == [0])
            try await NetworkSharingTests.settle(nodes)
            #expect(try await Self.waiting(a, pairing.connection) == [])
        }
    }
}
