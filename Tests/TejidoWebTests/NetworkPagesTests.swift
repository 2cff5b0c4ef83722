import Fluent
import Foundation
import TejidoCore
import Testing
import VaporTesting

@testable import TejidoWeb

/// The admins' and members' pages around the network say what is happening (found in the
/// browser walk): a request waiting for us comes first, a saved choice says so, no box offers
/// what is not built, sharing says when it reaches nobody, and a search does not say "nothing
/// found" above what connected collectives shared.
@Suite("The network: what its pages say")
struct NetworkPagesTests {
    @Test("a request waiting for our answer is at the top of the network page, leading to the code")
    func requestFirst() async throws {
        try await withPeerNetwork(2) { nodes in
            let (a, b) = (nodes[0], nodes[1])
            let casa = try await Fixtures.collective(a.app, "Casa", admin: "ana")
            let nido = try await Fixtures.collective(b.app, "Nido", admin: "nora")
            let invitation = try #require(
                try await PairingService(env: a.env).invite(collectiveID: casa.id, hours: 24, by: casa.adminID))
            let record = try #require(try await CollectiveRecord.find(nido.id, on: b.app.db))
            guard
                case .success(let joined) = try await PairingService(env: b.env).join(
                    pasted: invitation.text, collective: record, http: b.app.http.client.shared)
            else { throw PeerNetworkError.pairingFailed("join") }
            let ana = TestBrowser(a.app)
            try await ana.signIn("ana")
            let page = try await ana.get(SiteURL.network(slug: "casa", .home).path)
            #expect(page.status == .ok)
            let text = page.body.string
            let request = try #require(text.range(of: "Nido asks to connect: compare the code with them"))
            let invite = try #require(text.range(of: "Create an invitation"))
            #expect(request.lowerBound < invite.lowerBound, "before the forms")
            #expect(text.contains(SiteURL.network(slug: "casa", .connection(joined.id.text)).path))
            // Once accepted, the request is no longer waiting.
            let waiting = try #require(try await a.env.connections.find(joined.id))
            try await PairingService(env: a.env).accept(waiting)
            #expect(!(try await ana.get(SiteURL.network(slug: "casa", .home).path).body.string.contains("asks to connect")))
        }
    }

    @Test("saving what is sent and taken says so; repeat-harm matching is a box of its own, chosen only on purpose")
    func scopes() async throws {
        try await withPeerNetwork(2) { nodes in
            let (a, b) = (nodes[0], nodes[1])
            let casa = try await Fixtures.collective(a.app, "Casa", admin: "ana")
            let nido = try await Fixtures.collective(b.app, "Nido", admin: "nora")
            let pairing = try await Pairing.pair(a, casa, with: b, nido)
            let ana = TestBrowser(a.app)
            try await ana.signIn("ana")
            let url = SiteURL.network(slug: "casa", .connection(pairing.connection.text)).path
            var page = try await ana.get(url).body.string
            #expect(page.contains("name=\"send_alerts\""))
            #expect(page.contains("name=\"send_matching\"") && page.contains("Repeat-harm matching"))
            // A new pairing does not take part in matching until an admin chooses it.
            #expect(page.firstMatch(of: /name="send_matching" value="1"[^>]*checked/) == nil)
            #expect(page.firstMatch(of: /name="send_protocols" value="1"[^>]*checked/) != nil, "the pattern finds a ticked box")
            #expect(!page.contains("Saved."))
            let saved = try await ana.post(
                SiteURL.network(slug: "casa", .scopes(pairing.connection.text)).path,
                ["send_protocols": "1", "accept_protocols": "1", "send_matching": "1", "accept_matching": "1"])
            #expect(saved.status == .seeOther)
            let location = try #require(saved.headers.first(name: .location))
            #expect(location.hasSuffix("?saved=1"))
            page = try await ana.get(location).body.string
            #expect(page.contains("Saved. What you now send goes to them"))
            let onA = try #require(try await a.env.connections.find(pairing.connection))
            #expect(onA.sends == [.protocols, .matching] && onA.accepts == [.protocols, .matching])
        }
    }

    @Test("an entry's sharing panel says how many receive the directory, and when nobody does")
    func shareReach() async throws {
        try await withPeerNetwork(2) { nodes in
            let (a, b) = (nodes[0], nodes[1])
            let casa = try await Fixtures.collective(a.app, "Casa", admin: "ana")
            let nido = try await Fixtures.collective(b.app, "Nido", admin: "nora")
            let shelter = try await NetworkSharingTests.entry(a, casa, "Refugio Luna", kind: .shelter)
            let ana = TestBrowser(a.app)
            try await ana.signIn("ana")
            let url = SiteURL.directoryEntry(slug: "casa", entryID: try shelter.requireID().text).path
            var page = try await ana.get(url).body.string
            #expect(page.contains("No connected collective receives your directory now"))
            _ = try await Pairing.pair(a, casa, with: b, nido)
            try await NetworkSharingTests.settle(nodes)
            page = try await ana.get(url).body.string
            #expect(page.contains("Connected collectives that receive your directory now: 1."))
            #expect(!page.contains("No connected collective receives"))
        }
    }

    @Test("a search that finds nothing of ours but something shared says so, not 'nothing found'")
    func searchMessage() async throws {
        try await withPeerNetwork(2) { nodes in
            let (a, b) = (nodes[0], nodes[1])
            let casa = try await Fixtures.collective(a.app, "Casa", admin: "ana")
            let nido = try await Fixtures.collective(b.app, "Nido", admin: "nora")
            let shelter = try await NetworkSharingTests.entry(a, casa, "Refugio Luna", kind: .shelter)
            try await PeerDirectory(database: a.app.db).setShared(shelter, true, now: a.clock.now)
            _ = try await Pairing.pair(a, casa, with: b, nido)
            try await NetworkSharingTests.settle(nodes)
            let nora = TestBrowser(b.app)
            try await nora.signIn("nora")
            var page = try await nora.get(SiteURL.directory(slug: "nido").path + "?q=luna").body.string
            #expect(page.contains("Refugio Luna"))
            #expect(page.contains("Nothing in our own directory matches. Connected collectives shared entries that do"))
            #expect(!page.contains("Nothing found"))
            page = try await nora.get(SiteURL.directory(slug: "nido").path + "?q=zzzz").body.string
            #expect(page.contains("Nothing found"))
        }
    }
}
