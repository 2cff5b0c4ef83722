import Fluent
import Foundation
import TejidoCore
import Testing
import VaporTesting

@testable import TejidoWeb

/// A mediator invitation addressed to a connected collective (issue 18, item 6): Sofía's case on
/// A asks Nido on B to find a mediator; the link reaches Nido's care team only, is kept nowhere on
/// A once delivered, works once on A, and is withdrawn on B when Sofía revokes it.
@Suite("The network: a mediator found through a connected collective")
struct NetworkMediationTests {
    struct World {
        let a: PeerInstance
        let b: PeerInstance
        let p: CaseTests.People
        let entry: UUID
        let connection: UUID
        let hilda: TestBrowser  // Nido's care team
        let nora: TestBrowser  // Nido's admin
        let ines: TestBrowser  // a member of Nido
    }

    static func world(_ nodes: [PeerInstance]) async throws -> World {
        let (a, b) = (nodes[0], nodes[1])
        let (p, entry) = try await MediationTests.setUp(a.app)
        let nido = try await Fixtures.collective(b.app, "Nido", admin: "nora")
        try await Fixtures.member(b.app, nido, "hilda", role: .careTeam)
        try await Fixtures.member(b.app, nido, "ines")
        var browsers: [TestBrowser] = []
        for name in ["hilda", "nora", "ines"] {
            let browser = TestBrowser(b.app)
            try await browser.signIn(name)
            browsers.append(browser)
        }
        let pairing = try await Pairing.pair(a, p.casa, with: b, nido)
        for node in nodes {
            let connection = try #require(try await node.env.connections.find(pairing.connection))
            try await PeerConnectionChanges(env: node.env).choose(
                connection, sends: connection.sends.union([.mediation]), accepts: connection.accepts.union([.mediation]))
        }
        try await NetworkSharingTests.settle(nodes)
        return World(
            a: a, b: b, p: p, entry: entry, connection: pairing.connection, hilda: browsers[0], nora: browsers[1],
            ines: browsers[2])
    }

    static let requests = SiteURL.shared(slug: "nido", .mediationRequests).path

    /// Sealed mediator links in a backup of `node`: waiting to be sent, or received.
    static func linksInBackup(_ node: PeerInstance) async throws -> Int {
        let path = node.folder.path + "-backup-\(UUID().uuidString).sqlite"
        defer { try? FileManager.default.removeItem(atPath: path) }
        // Something is there to wipe in the live database.
        let live =
            try await MediationRequestRecord.query(on: node.app.db).filter(\.$linkSealed != nil).count()
            + PeerMediationRequestRecord.query(on: node.app.db).count()
        #expect(live > 0)
        _ = try await node.app.backUp(to: path, sealedTo: nil)
        return try await SQLiteFile(path: path).withConnection { sql in
            let rows = try await sql.raw(
                "SELECT (SELECT COUNT(*) FROM mediation_requests WHERE link_sealed IS NOT NULL) + (SELECT COUNT(*) FROM peer_mediation_requests) AS n"
            ).all()
            return try rows.first?.decode(column: "n", as: Int.self) ?? -1
        }
    }

    @Test(
        "addressed to Nido, the link reaches its care team alone, is not kept on A, works once there, and a revoke withdraws it")
    func addressed() async throws {
        try await withPeerNetwork(2) { nodes in
            let w = try await Self.world(nodes)
            let sofi = w.p.sofi
            let form = try await sofi.get(w.p.caseURL + "/mediators").text
            #expect(form.contains("Who passes the link on") && form.contains(">Nido</option>"))
            // A collective not listed is refused, and nothing is made.
            var fields = [
                "label": "Someone from Nido", "entry_\(w.entry.uuidString)": "1", "note": "ZQ-NOTE for Nido\r\nA second line",
                "days": "30",
                "to_collective": UUID().uuidString.lowercased(),
            ]
            let refused = try await sofi.post(w.p.caseURL + "/mediators", fields)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("Choose one of the connected collectives listed"))
            #expect(try await CaseMediatorRecord.query(on: w.a.app.db).count() == 0)

            fields["to_collective"] = w.connection.uuidString.lowercased()
            let sent = try await sofi.post(w.p.caseURL + "/mediators", fields)
            #expect(sent.status == .seeOther)
            // A backup made before delivery holds no way to the link.
            #expect(try await Self.linksInBackup(w.a) == 0)
            let page = try await sofi.get(w.p.caseURL + "/mediators").text
            #expect(!page.contains("/mediate/"), "sent over the connection, never shown here")
            try await NetworkSharingTests.settle(nodes)
            #expect(try await sofi.get(w.p.caseURL + "/mediators").text.contains("sent to Nido: arrived"))
            // Once delivered, A keeps no copy of the link.
            let kept = try #require(try await MediationRequestRecord.query(on: w.a.app.db).first())
            #expect(kept.linkSealed == nil && kept.deliveredAt != nil)

            // Nido's care team reads it; its admin and a member do not.
            let list = try await w.hilda.get(Self.requests)
            #expect(list.status == .ok)
            // The note's line break (CR LF from a browser) crossed as a plain one.
            #expect(list.text.contains("From Casa") && list.text.contains("ZQ-NOTE for Nido\nA second line"))
            let link = try #require(list.text.firstMatch(of: /value="(http[^"]+\/mediate\/[A-Za-z0-9_-]+)"/).map { String($0.1) })
            #expect(link.hasPrefix(w.a.base.value + "/mediate/"))
            #expect(try await Self.linksInBackup(w.b) == 0, "nor one made on the receiving side")
            #expect(!list.text.contains("ZQ-SHARED"), "nothing of the case itself crosses")
            #expect(try await w.nora.get(Self.requests).status == .forbidden)
            #expect(try await w.ines.get(Self.requests).status == .forbidden)
            #expect(try await w.hilda.get("/c/nido").text.contains("Requests for a mediator"))

            // The mediator Nido found opens it on A, once.
            let path = String(link.dropFirst(w.a.base.value.count))
            let mediator = try await MediationTests.join(w.a.app, path)
            #expect(try await mediator.get("/mediation").text.contains("ZQ-SHARED"))
            #expect(try await TestBrowser(w.a.app).get(path).status == .notFound, "it works once")
            // Used: it leaves Nido's list, and Sofía reads that it was used.
            try await NetworkSharingTests.settle(nodes)
            #expect(try await w.hilda.get(Self.requests).text.contains("No requests."))
            #expect(try await sofi.get(w.p.caseURL + "/mediators").text.contains("sent to Nido: used by the mediator they found"))
            #expect(try await PeerMediationRequestRecord.query(on: w.b.app.db).count() == 0)
        }
    }

    @Test("revoked before anyone used it, the request is withdrawn there")
    func revoked() async throws {
        try await withPeerNetwork(2) { nodes in
            let w = try await Self.world(nodes)
            let fields = [
                "label": "Someone from Nido", "entry_\(w.entry.uuidString)": "1", "days": "30",
                "to_collective": w.connection.uuidString.lowercased(),
            ]
            #expect(try await w.p.sofi.post(w.p.caseURL + "/mediators", fields).status == .seeOther)
            try await NetworkSharingTests.settle(nodes)
            #expect(try await w.hilda.get(Self.requests).text.contains("From Casa"))
            let id = try #require(try await CaseMediatorRecord.query(on: w.a.app.db).first()?.requireID().uuidString)
            #expect(try await w.p.sofi.post(w.p.caseURL + "/mediators/\(id)/revoke").status == .seeOther)
            try await NetworkSharingTests.settle(nodes)
            #expect(try await w.hilda.get(Self.requests).text.contains("No requests."))
            #expect(try await w.p.sofi.get(w.p.caseURL + "/mediators").text.contains("sent to Nido: withdrawn there"))
        }
    }

    @Test("a peer's link to anywhere but its own mediation address is refused whole; a care team can take a request off its list")
    func hostileLink() async throws {
        try await withPeerNetwork(2) { nodes in
            let w = try await Self.world(nodes)
            let url = w.b.messageURL(w.connection, "mediation")
            let expires = Int(w.a.clock.now.addingTimeInterval(86_400).timeIntervalSince1970)
            let request = UUID().uuidString.lowercased()
            for link in [
                "https://evil.example/mediate/\(String(repeating: "a", count: 43))",
                "\(w.a.base.value)/login?next=\(String(repeating: "a", count: 43))",
                "\(w.a.base.value)/mediate/short",
            ] {
                let answer = try await RawPeer(w.a).post(
                    url, json: #"{"request":"\#(request)","link":"\#(link)","expires":\#(expires)}"#, at: w.a.clock.now)
                #expect(answer.status == 422, "\(link)")
            }
            #expect(try await PeerMediationRequestRecord.query(on: w.b.app.db).count() == 0)
            let good = "\(w.a.base.value)/mediate/\(String(repeating: "a", count: 43))"
            let answer = try await RawPeer(w.a).post(
                url, json: #"{"request":"\#(request)","link":"\#(good)","note":"Please","expires":\#(expires)}"#,
                at: w.a.clock.now)
            #expect(answer.status == 200)
            let row = try #require(try await PeerMediationRequestRecord.query(on: w.b.app.db).first())
            #expect(!String(decoding: row.bodySealed, as: UTF8.self).contains("/mediate/"), "sealed at rest")
            #expect(try await w.hilda.get(Self.requests).text.contains("Please"))
            #expect(
                try await w.hilda.post(SiteURL.shared(slug: "nido", .removeMediationRequest(try row.requireID().text)).path)
                    .status == .seeOther)
            #expect(try await w.hilda.get(Self.requests).text.contains("No requests."))
        }
    }
}
