import Fluent
import Foundation
import TejidoCore
import Testing
import VaporTesting

@testable import TejidoWeb

/// What collectives share with connected ones, between two real instances: protocols, directory
/// entries and entries in the directory of collectives arrive, change, and are forgotten when the
/// connection ends.
@Suite("The network: sharing protocols, directory entries and collectives")
struct NetworkSharingTests {
    /// Sends what every instance's outbox holds until nothing is due: a request's own `kick` may
    /// be running, and `deliver` then returns before it has finished.
    static func settle(_ nodes: [PeerInstance]) async throws {
        // Until nothing is due, within a time budget rather than a count of rounds: on a loaded
        // machine a chain of messages across four instances outlasted 100 rounds of 20 ms.
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            for node in nodes { await node.deliver() }
            var due = 0
            for node in nodes { due += try await node.env.outbox.due().count }
            if due == 0 { return }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Adopts the collective's latest version, as its assembly would.
    static func adopt(_ node: PeerInstance, _ collective: Fixtures.Collective) async throws {
        let service = ProtocolService(database: node.app.db, now: node.clock.now)
        let queries = ProtocolQueries(database: node.app.db, collectiveID: collective.id)
        let version = try #require(try await queries.latest())
        try await service.propose(collectiveID: collective.id, version: version, proposerID: collective.adminID)
        let proposal = try #require(try await queries.openProposal())
        try await service.decide(proposal, outcome: .adopted, counts: nil, deciderID: collective.adminID, note: nil)
    }

    static func entry(
        _ node: PeerInstance, _ collective: Fixtures.Collective, _ name: String, kind: ResourceKind
    ) async throws
        -> DirectoryEntryRecord
    {
        try await DirectoryService(database: node.app.db, now: node.clock.now).create(
            DirectoryEntry(
                kind: kind, name: name, city: "Oaxaca", languages: ["es"], lastVerified: node.clock.now, verifiedBy: "ana"),
            in: collective.id)
    }

    @Test(
        "A shares its protocol and two of three entries; B finds them labelled, compares, drafts, copies; a removal and the end reach B"
    )
    func sharing() async throws {
        try await withPeerNetwork(2) { nodes in
            let (a, b) = (nodes[0], nodes[1])
            let casa = try await Fixtures.collective(a.app, "Casa", admin: "ana")
            let nido = try await Fixtures.collective(b.app, "Nido", admin: "nora")
            try await Self.adopt(a, casa)
            let shelter = try await Self.entry(a, casa, "Refugio Luna", kind: .shelter)
            let line = try await Self.entry(a, casa, "Línea Violeta", kind: .crisisLine)
            _ = try await Self.entry(a, casa, "Grupo Reservado", kind: .survivorSupport)
            let ana = TestBrowser(a.app)
            try await ana.signIn("ana")
            for record in [shelter, line] {
                let id = try record.requireID().text
                #expect(
                    try await ana.post(SiteURL.shared(slug: "casa", .shareEntry(id)).path, ["shared": "1"]).status == .seeOther)
                let page = try await ana.get(SiteURL.directoryEntry(slug: "casa", entryID: id).path).body.string
                #expect(page.contains("This entry is shared with the connected collectives"))
            }
            let pairing = try await Pairing.pair(a, casa, with: b, nido)
            try await Self.settle(nodes)

            // B's directory search shows A's two shared entries, labelled; never the third.
            let nora = TestBrowser(b.app)
            try await nora.signIn("nora")
            var page = try await nora.get(SiteURL.directory(slug: "nido").path).body.string
            #expect(page.contains("From connected collectives"))
            #expect(page.contains("Refugio Luna") && page.contains("Línea Violeta"))
            #expect(!page.contains("Grupo Reservado"))
            #expect(page.contains("Shared by Casa"))
            #expect(page.contains("Checked by them on \(DateFormatting(language: .en).day(a.clock.now))"))
            #expect(!page.contains("ana"), "who checked it stays at the source")
            page = try await nora.get(SiteURL.directory(slug: "nido").path + "?q=refug").body.string
            #expect(page.contains("Refugio Luna") && !page.contains("Línea Violeta"))
            page = try await nora.get(SiteURL.directory(slug: "nido").path + "?kind=crisis_line").body.string
            #expect(!page.contains("Refugio Luna") && page.contains("Línea Violeta"))

            // B reads A's protocol, compares it with its own adopted one, and starts a draft from it.
            page = try await nora.get(SiteURL.shared(slug: "nido", .protocols).path).body.string
            #expect(page.contains("Casa"))
            let received = try #require(try await PeerProtocolRecord.query(on: b.app.db).first())
            #expect(received.number == 1 && received.connectionID == pairing.connection)
            let receivedID = try received.requireID().text
            page = try await nora.get(SiteURL.shared(slug: "nido", .sharedProtocol(receivedID)).path).body.string
            #expect(page.contains("Protocol of Casa, version 1"))
            #expect(page.contains(ProtocolTemplate.document.title[.en]))
            page = try await nora.get(SiteURL.shared(slug: "nido", .compare(receivedID)).path).body.string
            #expect(page.contains("has not adopted a protocol yet"))
            try await Self.adopt(b, nido)
            page = try await nora.get(SiteURL.shared(slug: "nido", .compare(receivedID)).path).body.string
            #expect(page.contains("What the protocol of Casa (version 1) would change in ours (version 1)"))
            let draftFrom = SiteURL.shared(slug: "nido", .draftFrom(receivedID)).path
            #expect(
                try await nora.post(draftFrom).body.string.contains("Start a new draft from the protocol of Casa, version 1?"))
            #expect(try await nora.post(draftFrom, ["confirm": "yes"]).status == .seeOther)
            page = try await nora.get(SiteURL.protocolVersions(slug: "nido").path).body.string
            #expect(page.contains("Started from the protocol of Casa, version 1"))

            // A adopts a new version: it arrives as a new version beside the first.
            for node in nodes { node.clock.advance(minutes: 2) }
            _ = try await ProtocolService(database: a.app.db, now: a.clock.now).replace(
                collectiveID: casa.id, with: ProtocolTemplate.document, authorID: casa.adminID, note: "v2")
            try await Self.adopt(a, casa)
            try await Self.settle(nodes)
            #expect(try await PeerProtocolRecord.query(on: b.app.db).all().map(\.number).sorted() == [1, 2])

            // B copies a shared entry into its own directory.
            let peerShelter = try #require(
                try await PeerDirectoryEntryRecord.query(on: b.app.db).filter(\.$sourceID == shelter.requireID()).first())
            #expect(
                try await nora.post(SiteURL.shared(slug: "nido", .copyEntry(peerShelter.requireID().text)).path).status
                    == .seeOther)
            let own = try await DirectoryQueries(database: b.app.db).all(in: nido.id).filter { $0.name == "Refugio Luna" }
            #expect(own.count == 1 && own.first?.kind == ResourceKind.shelter.rawValue)
            #expect(own.first?.lastVerified == nil, "not checked by Nido until someone there checks it")

            // A removes the line: B's search no longer shows it.
            #expect(
                try await ana.post(
                    SiteURL.directoryEntryDelete(slug: "casa", entryID: try line.requireID().text).path, ["confirm": "yes"]
                ).status == .seeOther)
            try await Self.settle(nodes)
            page = try await nora.get(SiteURL.directory(slug: "nido").path).body.string
            #expect(!page.contains("Línea Violeta"))
            #expect(page.contains("Shared by Casa"), "the shelter is still shared")

            // A ends the connection: B forgets everything A shared (its own copy stays its own).
            let onA = try #require(try await a.env.connections.find(pairing.connection))
            try await PeerConnectionChanges(env: a.env).end(onA, notify: true)
            try await Self.settle(nodes)
            #expect(try await b.env.connections.find(pairing.connection)?.state == .ended)
            #expect(try await PeerDirectoryEntryRecord.query(on: b.app.db).count() == 0)
            #expect(try await PeerProtocolRecord.query(on: b.app.db).count() == 0)
            page = try await nora.get(SiteURL.directory(slug: "nido").path).body.string
            #expect(!page.contains("Shared by Casa") && page.contains("Refugio Luna"))
            page = try await nora.get(SiteURL.shared(slug: "nido", .protocols).path).body.string
            #expect(page.contains("No connected collective has shared its protocol yet"))
        }
    }

    @Test("a receiver that does not take the directory answers A's push 404, counted as a scope not granted")
    func scopeRefused() async throws {
        try await withPeerNetwork(2) { nodes in
            let (a, b) = (nodes[0], nodes[1])
            let casa = try await Fixtures.collective(a.app, "Casa", admin: "ana")
            let nido = try await Fixtures.collective(b.app, "Nido", admin: "nora")
            let pairing = try await Pairing.pair(a, casa, with: b, nido)
            try await Self.settle(nodes)
            // B stops taking directory entries without A hearing of it yet.
            var onB = try #require(try await b.env.connections.find(pairing.connection))
            onB.accepts.remove(.directory)
            try await b.env.connections.save(onB)
            let before = try await b.refusals(.scopeNotGranted)
            let record = try await Self.entry(a, casa, "Refugio Luna", kind: .shelter)
            try await PeerDirectory(database: a.app.db).setShared(record, true, now: a.clock.now)
            try await Self.settle(nodes)
            #expect(try await b.refusals(.scopeNotGranted) == before + 1)
            #expect(try await PeerDirectoryEntryRecord.query(on: b.app.db).count() == 0)
            let waiting = try await a.env.outbox.waiting(for: pairing.connection)
            #expect(waiting.first { $0.kind == "directory" }?.lastProblem == "refused:404")
        }
    }

    @Test("what B stops taking is forgotten at once, and A is told not to send it")
    func stopTaking() async throws {
        try await withPeerNetwork(2) { nodes in
            let (a, b) = (nodes[0], nodes[1])
            let casa = try await Fixtures.collective(a.app, "Casa", admin: "ana")
            let nido = try await Fixtures.collective(b.app, "Nido", admin: "nora")
            let record = try await Self.entry(a, casa, "Refugio Luna", kind: .shelter)
            try await PeerDirectory(database: a.app.db).setShared(record, true, now: a.clock.now)
            let ana = TestBrowser(a.app)
            try await ana.signIn("ana")
            let list = try await ana.get(SiteURL.directory(slug: "casa").path).body.string
            #expect(list.contains("Shared with connected collectives"), "marked on our own card")
            let pairing = try await Pairing.pair(a, casa, with: b, nido)
            try await Self.settle(nodes)
            #expect(try await PeerDirectoryEntryRecord.query(on: b.app.db).count() == 1)
            let onB = try #require(try await b.env.connections.find(pairing.connection))
            try await PeerConnectionChanges(env: b.env).choose(
                onB, sends: onB.sends, accepts: onB.accepts.subtracting([.directory]))
            #expect(try await PeerDirectoryEntryRecord.query(on: b.app.db).count() == 0)
            try await Self.settle(nodes)
            #expect(try await a.env.connections.find(pairing.connection)?.sends(.directory) == false)
        }
    }

    @Test("when A stops sending its directory and its entry, B forgets them; sending again brings them back")
    func stopSending() async throws {
        try await withPeerNetwork(2) { nodes in
            let (a, b) = (nodes[0], nodes[1])
            let casa = try await Fixtures.collective(a.app, "Casa", admin: "ana")
            let nido = try await Fixtures.collective(b.app, "Nido", admin: "nora")
            let record = try await Self.entry(a, casa, "Refugio Luna", kind: .shelter)
            try await PeerDirectory(database: a.app.db).setShared(record, true, now: a.clock.now)
            try await CollectiveProfiles(database: a.app.db).save(
                .init(
                    profile: CollectiveProfile(about: "Casa.", place: "", languages: [], offers: [], contact: "c@x.org"),
                    toPeers: true, onPublicPage: false), for: casa.id, now: a.clock.now)
            let pairing = try await Pairing.pair(a, casa, with: b, nido)
            try await Self.settle(nodes)
            #expect(try await PeerDirectoryEntryRecord.query(on: b.app.db).count() == 1)
            #expect(try await PeerCollectiveProfileRecord.query(on: b.app.db).count() == 1)
            let onA = try #require(try await a.env.connections.find(pairing.connection))
            try await PeerConnectionChanges(env: a.env).choose(
                onA, sends: onA.sends.subtracting([.directory, .collective]), accepts: onA.accepts)
            try await Self.settle(nodes)
            #expect(try await PeerDirectoryEntryRecord.query(on: b.app.db).count() == 0)
            #expect(try await PeerCollectiveProfileRecord.query(on: b.app.db).count() == 0)
            let stopped = try #require(try await a.env.connections.find(pairing.connection))
            try await PeerConnectionChanges(env: a.env).choose(
                stopped, sends: stopped.sends.union([.directory, .collective]), accepts: stopped.accepts)
            try await Self.settle(nodes)
            #expect(try await PeerDirectoryEntryRecord.query(on: b.app.db).count() == 1)
            #expect(try await PeerCollectiveProfileRecord.query(on: b.app.db).count() == 1)
        }
    }

    @Test("a verified peer's bad body is refused whole with 422 and counted; nothing is kept")
    func badBodies() async throws {
        try await withPeerNetwork(2) { nodes in
            let (a, b) = (nodes[0], nodes[1])
            let casa = try await Fixtures.collective(a.app, "Casa", admin: "ana")
            let nido = try await Fixtures.collective(b.app, "Nido", admin: "nora")
            let pairing = try await Pairing.pair(a, casa, with: b, nido)
            try await Self.settle(nodes)
            let peer = RawPeer(a)
            let entry = try JSONEncoder().encode(
                SharedDirectoryEntry(id: UUID(), entry: DirectoryEntry(kind: .shelter, name: "Refugio\u{202E}")))
            let bodies = [
                ("directory", #"{"entries":[\#(String(decoding: entry, as: UTF8.self))]}"#),
                ("directory", #"{"entries":[],"also":1}"#),
                ("protocol", #"{"version":1,"adoptedAt":1700000000,"file":"{}"}"#),
                (
                    "collective",
                    #"{"name":"Casa","entry":{"about":"<b>x</b>","place":"","languages":[],"offers":[],"contact":"c"}}"#
                ),
            ]
            let before = try await b.refusals(.invalidBody)
            for (kind, json) in bodies {
                let answer = try await peer.post(b.messageURL(pairing.connection, kind), json: json, at: a.clock.now)
                #expect(answer.status == 422, "\(kind): \(json)")
            }
            #expect(try await b.refusals(.invalidBody) == before + bodies.count)
            #expect(try await PeerDirectoryEntryRecord.query(on: b.app.db).count() == 0)
            #expect(try await PeerProtocolRecord.query(on: b.app.db).count() == 0)
            #expect(try await PeerCollectiveProfileRecord.query(on: b.app.db).count() == 0)
        }
    }

    @Test("a collective's entry reaches connected collectives when published to them, and a public page only when chosen")
    func collectiveEntry() async throws {
        try await withPeerNetwork(2) { nodes in
            let (a, b) = (nodes[0], nodes[1])
            let casa = try await Fixtures.collective(a.app, "Casa", admin: "ana")
            let nido = try await Fixtures.collective(b.app, "Nido", admin: "nora")
            _ = try await Pairing.pair(a, casa, with: b, nido)
            try await Self.settle(nodes)
            let ana = TestBrowser(a.app)
            try await ana.signIn("ana")
            let form = SiteURL.shared(slug: "casa", .ownEntry).path
            // Missing who they are: refused, with what was typed kept.
            let refused = try await ana.post(form, ["about": "", "contact": "casa@example.org", "offer_mediation": "1"])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("Write this part of the entry."))
            #expect(refused.body.string.contains("casa@example.org"))
            let fields = [
                // A browser sends a textarea's line breaks as CR LF.
                "about": "A feminist collective in Oaxaca.\r\nWe meet on Tuesdays.", "place": "Oaxaca", "languages": "es, zap",
                "offer_mediation": "1", "offer_training": "1", "contact": "casa@example.org\r\nSignal: +52 55 0000 0000",
                "to_peers": "1",
            ]
            let saved = try await ana.post(form, fields)
            #expect(saved.status == .seeOther)
            let back = try #require(saved.headers.first(name: .location))
            #expect(try await ana.get(back).body.string.contains("Saved. Connected collectives you publish to receive it"))
            #expect(try await ana.get(SiteURL.publicCollective(slug: "casa").path).status == .notFound, "not chosen")
            try await Self.settle(nodes)
            let nora = TestBrowser(b.app)
            try await nora.signIn("nora")
            var page = try await nora.get(SiteURL.shared(slug: "nido", .collectives).path).body.string
            #expect(page.contains("Casa") && page.contains("A feminist collective in Oaxaca.\nWe meet on Tuesdays."))
            #expect(page.contains("casa@example.org\nSignal: +52 55 0000 0000"))
            #expect(page.contains("Outside mediation") && page.contains("Training") && !page.contains("Masculinity groups"))
            // Also on a public page: anyone reads it there, without an account.
            var published = fields
            published["on_public_page"] = "1"
            #expect(try await ana.post(form, published).status == .seeOther)
            let anyone = try await TestBrowser(a.app).get(SiteURL.publicCollective(slug: "casa").path)
            #expect(anyone.status == .ok && anyone.body.string.contains("A feminist collective in Oaxaca."))
            try await Self.settle(nodes)
            // No longer published to peers: B forgets it.
            published["to_peers"] = nil
            #expect(try await ana.post(form, published).status == .seeOther)
            try await Self.settle(nodes)
            page = try await nora.get(SiteURL.shared(slug: "nido", .collectives).path).body.string
            #expect(!page.contains("A feminist collective in Oaxaca."))
            #expect(page.contains("No connected collective has published its entry to you yet."))
        }
    }
}
