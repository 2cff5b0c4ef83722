import Crypto
import Fluent
import Foundation
import SQLKit
import TejidoCore
import Testing
import Vapor

@testable import TejidoWeb

/// Changing who is in a running circle (issue 19, item 1): a collective joins once every member's
/// admins agree, and a member leaves without ending the circle — over four real instances on
/// loopback. The circle runs on the version everyone signed while the next is agreed.
@Suite(.serialized)
struct CircleChangeTests {
    /// A fourth collective, on the fourth instance, paired with the other three with matching
    /// chosen on each connection; its case has Cora as the care team's facilitator.
    static func fourth(_ w: NetworkMatchingTests.World, _ nodes: [PeerInstance]) async throws -> (CaseTests.People, [Int: UUID]) {
        let d = try await CaseTests.people(nodes[3].app)
        #expect(try await d.sofi.post(d.caseURL + "/people", ["username": "cora", "role": "facilitator"]).status == .seeOther)
        var toD: [Int: UUID] = [:]
        for (index, collective) in [(0, w.a.casa), (1, w.b.casa), (2, w.tablero)] {
            let pairing = try await Pairing.pair(nodes[index], collective, with: nodes[3], d.casa)
            toD[index] = pairing.connection
            for node in [nodes[index], nodes[3]] {
                let connection = try #require(try await node.env.connections.find(pairing.connection))
                try await PeerConnectionChanges(env: node.env).choose(
                    connection, sends: connection.sends.union([.matching]), accepts: connection.accepts.union([.matching]))
            }
        }
        try await NetworkSharingTests.settle(nodes)
        return (d, toD)
    }

    /// A member's admins answer whether a collective may join, naming the version they read.
    static func answer(_ browser: TestBrowser, _ slug: String, _ circle: UUID, _ answer: String) async throws -> HTTPStatus {
        let page = try await browser.get("/c/\(slug)/network/matching").text
        let next = page.firstMatch(of: /name="next" value="([0-9a-f]+)"/).map { String($0.1) } ?? ""
        return try await browser.post("/c/\(slug)/network/matching/\(circle.text)/change", ["answer": answer, "next": next])
            .status
    }

    /// What waits in every instance's outbox, to say why a change did not go through.
    static func outboxes(_ nodes: [PeerInstance]) async throws -> [String] {
        var waiting: [String] = []
        for (index, node) in nodes.enumerated() {
            for row in try await PeerOutboxRecord.query(on: node.app.db).all() {
                waiting.append("\(index): \(row.kind) \(row.attempts) \(row.lastProblem ?? "-")")
            }
        }
        return waiting
    }

    static func row(_ node: PeerInstance) async throws -> MatchingCircleRecord {
        try #require(try await MatchingCircleRecord.query(on: node.app.db).first())
    }

    @Test(
        "a collective joins a running circle once every member's admins agree, files and matches; then it leaves and the circle goes on"
    )
    func joinAndLeave() async throws {
        try await withPeerNetwork(4) { nodes in
            let w = try await NetworkMatchingTests.world(Array(nodes.prefix(3)))
            #expect(try await NetworkMatchingTests.file(w.a, ["email": "ramon.perez@example.org"]).status == .seeOther)
            try await NetworkSharingTests.settle(nodes)
            let (d, toD) = try await Self.fourth(w, nodes)
            let circles = "/c/casa/network/matching"
            let invite = "\(circles)/\(w.circle.text)/invite"
            let field = "invite_\(w.circle.text)"

            // Only the founder invites, and only a connected collective not in the circle yet.
            let founderPage = try await w.a.ana.get(circles).text
            #expect(founderPage.contains("Invite another collective"))
            #expect(!(try await w.b.ana.get(circles).text.contains("Invite another collective")))
            let wrong = try await w.a.ana.post(invite, [field: UUID().uuidString])
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.text.contains("Choose a connected collective that takes repeat-harm matching"))
            #expect(try await w.b.ana.post(invite, [field: toD[1]!.text]).status != .seeOther)
            #expect(try await w.a.ana.post(invite, [field: toD[0]!.text]).status == .seeOther)
            try await NetworkSharingTests.settle(nodes)
            #expect(try await w.a.ana.get(circles).text.contains("Invited to join: Casa"))

            // D's admin is asked, with every member listed, and joins.
            let asked = try await d.ana.get(circles).text
            #expect(asked.contains("Red del valle") && asked.contains("asks you to join"))
            #expect(try await d.ana.post("\(circles)/\(w.circle.text)/answer", ["answer": "join"]).status == .seeOther)
            try await NetworkSharingTests.settle(nodes)

            // Each member's admins are asked; until both agree, the circle runs on version 1.
            for (browser, slug) in [(w.b.ana, "casa"), (w.tere, "tablero")] {
                let page = try await browser.get("/c/\(slug)/network/matching").text
                #expect(page.contains("may join this circle as a member") && page.contains("Agree to it joining"))
            }
            // An answer that does not name what was read is not taken.
            // It shows the circles page as it stands, saying so, and the question is still there.
            let unnamed = try await w.b.ana.post("\(circles)/\(w.circle.text)/change", ["answer": "agree"])
            #expect(unnamed.status == .conflict)
            #expect(unnamed.text.contains("nothing was answered") && unnamed.text.contains("Agree to it joining"))
            #expect(try await Self.answer(w.b.ana, "casa", w.circle, "agree") == .seeOther)
            try await NetworkSharingTests.settle(nodes)
            #expect(try await w.b.ana.get(circles).text.contains("Your collective agreed to"))
            for node in nodes.prefix(3) {
                let row = try await Self.row(node)
                #expect(row.state == "active" && row.version == 1)
            }
            #expect(try await Self.answer(w.tere, "tablero", w.circle, "agree") == .seeOther)
            try await NetworkSharingTests.settle(nodes)
            for node in nodes {
                let row = try await Self.row(node)
                #expect(row.state == "active" && row.version == 2 && row.pending == nil)
            }
            let manifest = try JSONDecoder().decode(CircleManifest.self, from: Data(try await Self.row(nodes[0]).manifest!.utf8))
            #expect(manifest.members.count == 4 && manifest.keysVersion == 1)
            #expect(manifest.members.last?.fingerprint == nodes[3].fingerprint.hex && manifest.members.last?.roles == [.member])
            #expect(try await w.a.ana.get(circles).text.contains("Version 2: the circle changed since it began"))
            // Every member's admins read who joined.
            for (browser, slug) in [(w.a.ana, "casa"), (w.b.ana, "casa"), (w.tere, "tablero")] {
                #expect(try await browser.get("/c/\(slug)/network/matching").text.contains("Casa joined the circle."))
            }

            // A's entry of version 1 still counts; D's entry names the same man, and they match.
            #expect(!(try await w.a.sofi.get(w.a.caseURL + "/matching").text.contains("must be made again")))
            #expect(try await MatchingBoardRecord.query(on: nodes[2].app.db).count() == 1)
            #expect(try await NetworkMatchingTests.file(d, ["email": " Ramon.Perez@Example.org"]).status == .seeOther)
            try await NetworkSharingTests.settle(nodes)
            let held = try await MatchingBoardRecord.query(on: nodes[2].app.db).all()
            #expect(held.count == 2 && held.allSatisfy { $0.matchID != nil })

            // D leaves: asked once more, told the circle goes on; the board forgets D's record,
            // the match not told yet is not told, and A's entry still counts.
            let leave = "\(circles)/\(w.circle.text)/leave"
            let confirm = try await d.ana.get(leave)
            #expect(confirm.status == .ok && confirm.text.contains("The circle goes on without your collective"))
            #expect(try await d.ana.post(leave, ["confirm": "yes"]).status == .seeOther)
            try await NetworkSharingTests.settle(nodes)
            #expect(try await Self.row(nodes[3]).state == "ended")
            for node in nodes.prefix(3) {
                let row = try await Self.row(node)
                #expect(
                    row.state == "active" && row.version == 3 && row.pending == nil,
                    "\(row.state) \(row.version) \(row.problem ?? "-") \(row.pending ?? "-")")
            }
            let left = try await MatchingBoardRecord.query(on: nodes[2].app.db).all()
            #expect(left.count == 1 && left.allSatisfy { $0.matchID == nil })
            for (browser, slug) in [(w.a.ana, "casa"), (w.tere, "tablero")] {
                #expect(try await browser.get("/c/\(slug)/network/matching").text.contains("Casa left the circle."))
            }
            #expect(!(try await w.a.sofi.get(w.a.caseURL + "/matching").text.contains("must be made again")))
            // B, a key holder, cannot leave without ending it: one of only two.
            let ends = try await w.b.ana.get("/c/casa/network/matching/\(w.circle.text)/leave")
            #expect(ends.status == .ok && ends.text.contains("Leaving ends the circle for every collective"))
        }
    }

    /// The founder invites D over `connection` (A's side), and D's admins join.
    static func inviteAndJoin(
        _ w: NetworkMatchingTests.World, _ d: CaseTests.People, connection: UUID, _ nodes: [PeerInstance]
    ) async throws {
        let circles = "/c/casa/network/matching"
        let invited = try await w.a.ana.post(
            "\(circles)/\(w.circle.text)/invite", ["invite_\(w.circle.text)": connection.text])
        #expect(invited.status == .seeOther)
        try await NetworkSharingTests.settle(nodes)
        #expect(try await d.ana.post("\(circles)/\(w.circle.text)/answer", ["answer": "join"]).status == .seeOther)
        try await NetworkSharingTests.settle(nodes)
    }

    /// The circle with D joined as a plain member: version 2 on all four instances.
    static func joined(_ w: NetworkMatchingTests.World, _ nodes: [PeerInstance]) async throws -> CaseTests.People {
        let (d, toD) = try await Self.fourth(w, nodes)
        try await Self.inviteAndJoin(w, d, connection: toD[0]!, nodes)
        for (browser, slug) in [(w.b.ana, "casa"), (w.tere, "tablero")] {
            #expect(try await Self.answer(browser, slug, w.circle, "agree") == .seeOther)
        }
        try await NetworkSharingTests.settle(nodes)
        for (index, node) in nodes.enumerated() {
            let row = try await Self.row(node)
            let waiting = try await Self.outboxes(nodes)
            #expect(row.version == 2, "node \(index): \(row.state) \(row.version) \(row.pending ?? "-") \(waiting)")
        }
        return d
    }

    /// What A's operator wrote into its row, saved and sent to B and C as the founder's word.
    static func sendToBAndC(
        _ founder: MatchingCircleRecord, _ w: NetworkMatchingTests.World, _ nodes: [PeerInstance]
    )
        async throws
    {
        try await founder.update(on: nodes[0].app.db)
        let connections = try await nodes[0].env.connections.all(in: w.a.casa.id)
        for member in [nodes[1], nodes[2]] {
            let to = try #require(connections.first { $0.details.keys.fingerprint == member.fingerprint })
            try await PeerOutbox(database: nodes[0].app.db, now: nodes[0].clock.now).enqueue(
                .circle, subject: w.circle.text, to: to.id)
        }
    }

    @Test("a founder cannot take out a member that did not leave: without the leaver's own signature, members sign nothing")
    func forgedRemoval() async throws {
        try await withPeerNetwork(4) { nodes in
            let w = try await NetworkMatchingTests.world(Array(nodes.prefix(3)))
            _ = try await Self.joined(w, nodes)
            // A's operator writes the version without D straight into its table, with no word of
            // D's, and has it sent to B and C as the next version to sign.
            let founder = try await Self.row(nodes[0])
            let current = try JSONDecoder().decode(CircleManifest.self, from: Data(founder.manifest!.utf8))
            let next = try #require(current.removing(nodes[3].fingerprint.hex))
            let signature = try next.signature(by: nodes[0].app.tejido.keys.current.identity.signingKey)
            founder.pending = try MatchingCircles.json(
                CircleChange(manifest: next, signatures: [nodes[0].fingerprint.hex: signature.base64EncodedString()]))
            try await Self.sendToBAndC(founder, w, nodes)
            try await NetworkSharingTests.settle(nodes)
            for node in [nodes[1], nodes[2]] {
                let row = try await Self.row(node)
                #expect(row.version == 2 && row.pending == nil)
                #expect(row.state == "ended" && row.problem == "matching_problem_manifest")
            }
            // Refusing is not leaving: they give the founder no word of leaving, so it cannot take
            // them out in turn and go on; the circle ends for everyone, D included.
            for node in nodes {
                let row = try await Self.row(node)
                #expect(row.state == "ended" && row.version == 2, "\(row.state) \(row.version)")
            }
        }
    }

    @Test(
        "a key holder replaces its key after a collective joined: the founder's next version is checked against the one it held")
    func replaceKeyAfterJoin() async throws {
        try await withPeerNetwork(4) { nodes in
            let w = try await NetworkMatchingTests.world(Array(nodes.prefix(3)))
            _ = try await Self.joined(w, nodes)
            #expect(
                try await w.b.ana.post("/c/casa/network/matching/\(w.circle.text)/replace-key", ["confirm": "yes"]).status
                    == .seeOther)
            try await NetworkSharingTests.settle(nodes)
            for node in nodes {
                let row = try await Self.row(node)
                #expect(row.state == "active" && row.version == 3, "\(row.state) \(row.version) \(row.problem ?? "-")")
            }
            let manifest = try JSONDecoder().decode(CircleManifest.self, from: Data(try await Self.row(nodes[0]).manifest!.utf8))
            #expect(manifest.members.count == 4 && manifest.keysVersion == 3)
        }
    }

    @Test("a collective paired only with the founder is refused by the key holders and the board at once: it could never file")
    func unconnectedJoiner() async throws {
        try await withPeerNetwork(4) { nodes in
            let w = try await NetworkMatchingTests.world(Array(nodes.prefix(3)))
            let d = try await CaseTests.people(nodes[3].app)
            let pairing = try await Pairing.pair(nodes[0], w.a.casa, with: nodes[3], d.casa)
            for node in [nodes[0], nodes[3]] {
                let connection = try #require(try await node.env.connections.find(pairing.connection))
                try await PeerConnectionChanges(env: node.env).choose(
                    connection, sends: connection.sends.union([.matching]), accepts: connection.accepts.union([.matching]))
            }
            try await NetworkSharingTests.settle(nodes)
            let circles = "/c/casa/network/matching"
            try await Self.inviteAndJoin(w, d, connection: pairing.connection, nodes)
            let waiting = try await Self.outboxes(nodes)
            for node in nodes.prefix(3) {
                let row = try await Self.row(node)
                #expect(row.state == "active" && row.version == 1 && row.pending == nil, "\(waiting)")
            }
            #expect(try await Self.row(nodes[3]).state == "ended")
            #expect(!(try await w.b.ana.get(circles).text.contains("Agree to it joining")))
        }
    }

    @Test("a founder cannot put a key of its own under a joining collective's name: members connected with it refuse")
    func forgedJoinerKey() async throws {
        try await withPeerNetwork(4) { nodes in
            let w = try await NetworkMatchingTests.world(Array(nodes.prefix(3)))
            let (d, toD) = try await Self.fourth(w, nodes)
            try await Self.inviteAndJoin(w, d, connection: toD[0]!, nodes)
            // D joined, and B's and C's admins are asked. A's operator then writes the next version
            // again with a signing key of its own for D (so it could sign as D, and D never hears
            // of it), and has it sent to B and C.
            let founder = try await Self.row(nodes[0])
            let current = try JSONDecoder().decode(CircleManifest.self, from: Data(founder.manifest!.utf8))
            let forged = current.adding(
                CircleManifest.Member(
                    fingerprint: nodes[3].fingerprint.hex,
                    signingKey: Curve25519.Signing.PrivateKey().publicKey.rawRepresentation.base64EncodedString(),
                    roles: [.member]))
            var change = try JSONDecoder().decode(CircleChange.self, from: Data(try #require(founder.pending).utf8))
            change.manifest = forged
            change.signatures = [
                nodes[0].fingerprint.hex: try forged.signature(by: nodes[0].app.tejido.keys.current.identity.signingKey)
                    .base64EncodedString()
            ]
            founder.pending = try MatchingCircles.json(change)
            try await Self.sendToBAndC(founder, w, nodes)
            try await NetworkSharingTests.settle(nodes)
            // B and C know D's key from their own connections: they refuse at once, unasked, and
            // the joining is set aside; the circle goes on at version 1.
            #expect(!(try await w.b.ana.get("/c/casa/network/matching").text.contains("Agree to it joining")))
            for node in nodes.prefix(3) {
                let row = try await Self.row(node)
                #expect(row.state == "active" && row.version == 1 && row.pending == nil, "\(row.pending ?? "-")")
            }
        }
    }

    @Test("a collective that declines to join reads that it declined, not that the circle ended; everyone reads who founded it")
    func declinedHere() async throws {
        try await withPeerNetwork(4) { nodes in
            let w = try await NetworkMatchingTests.world(Array(nodes.prefix(3)))
            let (d, toD) = try await Self.fourth(w, nodes)
            let circles = "/c/casa/network/matching"
            #expect(
                try await w.a.ana.post("\(circles)/\(w.circle.text)/invite", ["invite_\(w.circle.text)": toD[0]!.text]).status
                    == .seeOther)
            try await NetworkSharingTests.settle(nodes)
            let asked = try await d.ana.get(circles).text
            #expect(asked.contains("Casa: Member and key holder (founded the circle)"))
            let declined = try await d.ana.post(
                "\(circles)/\(w.circle.text)/answer", ["answer": "decline", "confirm": "yes"])
            #expect(declined.status == .seeOther)
            try await NetworkSharingTests.settle(nodes)
            let page = try await d.ana.get(circles).text
            #expect(page.contains("This collective declined to join; the circle goes on without it."))
            #expect(page.contains("<span class=\"tag\">declined</span>") && !page.contains("<span class=\"tag\">ended</span>"))
            #expect(try await Self.row(nodes[0]).pending == nil)
            #expect(try await w.a.ana.get(circles).text.contains("Casa declined to join; the circle goes on as it was."))
            #expect(try await w.b.ana.get(circles).text.contains("This collective: Member and key holder"))
        }
    }

    @Test("one member's admins refusing sets the joining aside: the invitee is told, and the circle goes on as it was")
    func refused() async throws {
        try await withPeerNetwork(4) { nodes in
            let w = try await NetworkMatchingTests.world(Array(nodes.prefix(3)))
            let (d, toD) = try await Self.fourth(w, nodes)
            let circles = "/c/casa/network/matching"
            try await Self.inviteAndJoin(w, d, connection: toD[0]!, nodes)
            #expect(try await Self.answer(w.b.ana, "casa", w.circle, "refuse") == .seeOther)
            try await NetworkSharingTests.settle(nodes)
            for node in nodes.prefix(3) {
                let row = try await Self.row(node)
                #expect(row.state == "active" && row.version == 1 && row.pending == nil)
            }
            // The founder reads who refused; the refuser its own refusal; the board only that the
            // joining did not go through.
            #expect(try await w.a.ana.get(circles).text.contains("Casa refused Casa joining, so it did not join"))
            #expect(try await w.b.ana.get(circles).text.contains("This collective refused Casa joining"))
            let board = try await w.tere.get("/c/tablero/network/matching").text
            #expect(!board.contains("Agree to it joining") && board.contains("Casa did not join (a member refused"))
            let invitee = try await Self.row(nodes[3])
            #expect(invitee.state == "ended")
            #expect(try await d.ana.get(circles).text.contains("did not join"))
            // The founder may invite again, and D is asked anew.
            #expect(try await w.a.ana.get(circles).text.contains("Invite another collective"))
            #expect(
                try await w.a.ana.post(
                    "\(circles)/\(w.circle.text)/invite", ["invite_\(w.circle.text)": toD[0]!.text]
                ).status == .seeOther)
            try await NetworkSharingTests.settle(nodes)
            #expect(try await Self.row(nodes[3]).state == "invited")
            // D's admins do not answer: the founder withdraws the invitation, and may invite again.
            let founder = try await w.a.ana.get(circles).text
            #expect(founder.contains("Withdraw the invitation") && !founder.contains("Invite another collective"))
            #expect(
                try await w.a.ana.post("\(circles)/\(w.circle.text)/change", ["answer": "withdraw"]).status == .seeOther)
            try await NetworkSharingTests.settle(nodes)
            #expect(try await Self.row(nodes[0]).pending == nil)
            #expect(try await Self.row(nodes[3]).state == "ended")
            let withdrawn = try await w.a.ana.get(circles).text
            #expect(withdrawn.contains("Invite another collective") && withdrawn.contains("the invitation to Casa was withdrawn"))
            // Too late for D's admins to join: their answer is refused, and nothing changes.
            let late = try await d.ana.post("\(circles)/\(w.circle.text)/answer", ["answer": "join"])
            #expect(late.status == .conflict)
            #expect(late.text.contains("nothing was done") && late.text.contains("This collective did not join"))
        }
    }
}

@Suite("Matching circles upgrade")
struct CircleChangeUpgradeTests {
    @Test("a previous release's circle holding a change survives M0035, reads as it was, and then keeps what became of it")
    func upgradesToLastChange() async throws {
        try await withTejido { app, _ in
            let casa = try await Fixtures.collective(app, "Casa", admin: "ana")
            let circleID = UUID()
            let now = Date()
            let migration = M0035_UpdateMatchingCirclesAddLastChange()
            try await app.db.withConnection { db in
                try await migration.revert(on: db)
                // The previous release's row, a change under way, as its code wrote it.
                try await (db as! any SQLDatabase).raw(
                    """
                    INSERT INTO matching_circles (id, circle_id, collective_id, state, version, proposal, manifest, signatures,
                    responses, counts, secret_sealed, pending, created_at, updated_at)
                    VALUES (\(bind: UUID()), \(bind: circleID), \(bind: casa.id), 'active', 2, '{"step":"proposal"}', NULL, '{}',
                    '{}', '{}', \(bind: Data([1, 2, 3])), '{"refused":true,"signatures":{}}', \(bind: now), \(bind: now))
                    """
                ).run()
                try await migration.prepare(on: db)
                let row = try #require(try await MatchingCircleRecord.query(on: db).filter(\.$circleID == circleID).first())
                #expect(row.state == "active" && row.version == 2 && row.pending?.contains("refused") == true)
                #expect(row.lastChange == nil)
                row.lastChange = try MatchingCircles.json(CircleOutcome(kind: .left, who: "ab", at: now))
                try await row.update(on: db)
                let again = try #require(try await MatchingCircleRecord.query(on: db).filter(\.$circleID == circleID).first())
                let kept = try JSONDecoder().decode(CircleOutcome.self, from: Data(try #require(again.lastChange).utf8))
                #expect(kept.kind == .left && kept.who == "ab")
            }
        }
    }

    @Test("a previous release's active circle survives M0033, reads as it was, and can then hold a change")
    func upgradesPreviousRelease() async throws {
        try await withTejido { app, _ in
            let casa = try await Fixtures.collective(app, "Casa", admin: "ana")
            let circleID = UUID()
            let now = Date()
            let migration = M0033_UpdateMatchingCirclesAddPending()
            // On one connection, so no other pooled connection's view of the schema is involved.
            try await app.db.withConnection { db in
                try await migration.revert(on: db)
                // The previous release's row, written as its code wrote it (no `pending` column).
                try await (db as! any SQLDatabase).raw(
                    """
                    INSERT INTO matching_circles (id, circle_id, collective_id, state, version, proposal, manifest, signatures,
                    responses, counts, secret_sealed, created_at, updated_at)
                    VALUES (\(bind: UUID()), \(bind: circleID), \(bind: casa.id), 'active', 2, '{"step":"proposal"}', NULL, '{}',
                    '{}', '{}', \(bind: Data([1, 2, 3])), \(bind: now), \(bind: now))
                    """
                ).run()
                try await migration.prepare(on: db)

                let row = try #require(try await MatchingCircleRecord.query(on: db).filter(\.$circleID == circleID).first())
                #expect(row.state == "active" && row.version == 2 && row.pending == nil)
                row.pending = try MatchingCircles.json(CircleChange(refused: true))
                try await row.update(on: db)
                let again = try #require(try await MatchingCircleRecord.query(on: db).filter(\.$circleID == circleID).first())
                #expect(again.pending?.contains("refused") == true)
                try await migration.revert(on: db)
                try await migration.prepare(on: db)
                #expect(try await MatchingCircleRecord.query(on: db).first()?.pending == nil)
            }
        }
    }
}
