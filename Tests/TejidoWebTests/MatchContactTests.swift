@preconcurrency import Crypto
import Fluent
import Foundation
import SQLKit
import TejidoCore
import Testing
import VaporTesting

@testable import TejidoWeb

/// After a match, the two care teams find each other only once both survivors agree (issue 19,
/// item 3): three real instances, Casa on A, Nido del Sur on B (both key holders), Tablero on C
/// (the board).
@Suite("The network: care teams in touch after a match")
struct MatchContactTests {
    static let note = "Podemos hablar el jueves. ZQ-NOTE-7731"
    static let reply = "El jueves nos va bien. ZQ-REPLY-4417"

    /// Both survivors file the same e-mail; the week ends and both care teams are told. B's
    /// collective is renamed first, so the two names can be told apart.
    static func matched(_ nodes: [PeerInstance]) async throws -> NetworkMatchingTests.World {
        let w = try await NetworkMatchingTests.world(nodes)
        let nido = try #require(try await CollectiveRecord.find(w.b.casa.id, on: nodes[1].app.db))
        nido.name = "Nido del Sur"
        try await nido.save(on: nodes[1].app.db)
        #expect(try await NetworkMatchingTests.file(w.a, ["email": "ramon.perez@example.org"]).status == .seeOther)
        #expect(try await NetworkMatchingTests.file(w.b, ["email": "RAMON.PEREZ@example.org"]).status == .seeOther)
        try await NetworkSharingTests.settle(nodes)
        for node in nodes { node.clock.advance(minutes: 8 * 24 * 60) }
        try await NetworkSharingTests.settle(nodes)
        for p in [w.a, w.b] {
            for (browser, name) in [(p.cora, "cora"), (p.sofi, "sofi"), (p.ana, "ana")] { try await browser.signIn(name) }
        }
        return w
    }

    /// The address her agreement is posted to, from the care team's page.
    /// Matched, and both care teams recorded her agreement: in touch.
    static func bothAgree(_ nodes: [PeerInstance]) async throws -> NetworkMatchingTests.World {
        let w = try await Self.matched(nodes)
        #expect(try await w.a.cora.post(try await Self.agreeURL(w.a), ["agrees": "yes"]).status == .seeOther)
        #expect(try await w.b.cora.post(try await Self.agreeURL(w.b), ["agrees": "yes"]).status == .seeOther)
        try await NetworkSharingTests.settle(nodes)
        return w
    }

    static func agreeURL(_ p: CaseTests.People) async throws -> String {
        let page = try await p.cora.get(p.caseURL + "/matching").text
        return try #require(page.firstMatch(of: /action="([^"]*\/matching\/matches\/[0-9A-F-]{36}\/agree)"/)).1.description
    }

    @Test(
        "each care team learns the other's name only once both survivors agree; their notes are sealed end to end, and nobody else reads them"
    )
    func inTouch() async throws {
        try await withPeerNetwork(3) { nodes in
            let w = try await Self.matched(nodes)
            let agreeA = try await Self.agreeURL(w.a)
            // Only the care team records her agreement: not her own account, and not without the box.
            #expect(try await w.a.sofi.post(agreeA, ["agrees": "yes"]).status != .seeOther)
            let unticked = try await w.a.cora.post(agreeA, [:])
            #expect(unticked.status == .unprocessableEntity)
            #expect(unticked.text.contains("Tick the box once she has told you she agrees"))
            #expect(try await MatchingContactRecord.query(on: nodes[0].app.db).count() == 0)

            #expect(try await w.a.cora.post(agreeA, ["agrees": "yes"]).status == .seeOther)
            try await NetworkSharingTests.settle(nodes)
            #expect(try await MatchingBoardContactRecord.query(on: nodes[2].app.db).count() == 1)
            // One side agreed: nobody is named to anybody yet.
            let waiting = try await w.a.cora.get(w.a.caseURL + "/matching").text
            #expect(waiting.contains("agreement was recorded by cora on") && !waiting.contains("In touch with"))
            let other = try await w.b.cora.get(w.b.caseURL + "/matching").text
            #expect(other.contains("Record her agreement") && !other.contains("Casa"))
            #expect(try await MatchingContactItemRecord.query(on: nodes[1].app.db).count() == 0)

            #expect(try await w.b.cora.post(try await Self.agreeURL(w.b), ["agrees": "yes"]).status == .seeOther)
            try await NetworkSharingTests.settle(nodes)
            let pageA = try await w.a.cora.get(w.a.caseURL + "/matching").text
            #expect(pageA.contains("In touch with the care team of: Casa (Nido del Sur)"))
            let pageB = try await w.b.cora.get(w.b.caseURL + "/matching").text
            #expect(pageB.contains("In touch with the care team of: Casa"))

            // The board cannot pass as another side: a card it signs itself, naming itself anything,
            // is not shown, though it opens and its signature holds.
            let contactA = try #require(try await MatchingContactRecord.query(on: nodes[0].app.db).first())
            let board = nodes[2].app.tejido.keys.current.identity
            let fake = try ContactCard(
                circle: w.circle, match: contactA.matchID, key: Curve25519.KeyAgreement.PrivateKey().publicKey,
                collective: "ZQ-FAKE Nido", member: board.publicKeys.fingerprint.hex, signingKey: board.signingKey)
            let aKey = try Curve25519.KeyAgreement.PublicKey(
                rawRepresentation: try #require(Data(base64Encoded: contactA.publicKey)))
            let toBoard = try #require(
                try await nodes[0].env.connections.all(in: w.a.casa.id).first {
                    $0.details.keys.fingerprint == nodes[2].fingerprint
                })
            try await MatchContacts(database: nodes[0].app.db, keys: nodes[0].app.tejido.keys, now: nodes[0].env.now).receive(
                ContactRelay(
                    circle: w.circle, record: contactA.recordID,
                    cards: [ContactRelay.SealedCard(key: fake.key, sealed: try fake.sealed(to: aKey))]),
                on: toBoard)
            #expect(try await MatchingContactItemRecord.query(on: nodes[0].app.db).filter(\.$kind == "card").count() == 2)
            #expect(!(try await w.a.cora.get(w.a.caseURL + "/matching").text.contains("ZQ-FAKE")))

            // A note that cannot go comes back with what was typed.
            let noteA = try #require(pageA.firstMatch(of: /action="([^"]*\/matching\/matches\/[0-9A-F-]{36}\/note)"/)).1
            let long = try await w.a.cora.post(String(noteA), ["note": String(repeating: "x", count: 4001)])
            #expect(long.status == .unprocessableEntity && long.text.contains("longer than 4,000 characters"))
            let empty = try await w.a.cora.post(String(noteA), ["note": "   "])
            #expect(empty.status == .unprocessableEntity && empty.text.contains("Write the note before sending it"))

            #expect(try await w.a.cora.post(String(noteA), ["note": Self.note]).status == .seeOther)
            try await NetworkSharingTests.settle(nodes)
            let readB = try await w.b.cora.get(w.b.caseURL + "/matching").text
            #expect(readB.contains("From Casa") && readB.contains(Self.note))
            let noteB = try #require(readB.firstMatch(of: /action="([^"]*\/matching\/matches\/[0-9A-F-]{36}\/note)"/)).1
            #expect(try await w.b.cora.post(String(noteB), ["note": Self.reply]).status == .seeOther)
            try await NetworkSharingTests.settle(nodes)
            let readA = try await w.a.cora.get(w.a.caseURL + "/matching").text
            #expect(readA.contains("From Casa (Nido del Sur)") && readA.contains(Self.reply))
            #expect(readA.contains("From our care team") && readA.contains(Self.note))

            // Who agreed and who wrote is shown to the care team, and goes to no timeline or log
            // that others in the case read.
            #expect(readA.contains("recorded by cora") && readA.contains("From our care team (cora)"))
            for p in [w.a, w.b] {
                let timeline = try await p.sofi.get(p.caseURL).text
                let log = try await p.sofi.get(p.caseURL + "/log").text
                for text in [timeline, log] {
                    // (Her own refused attempt above is in her log, as every refusal is: not what was done.)
                    let hits = ["agreement was recorded", "agreed to put", "In touch with", "Wrote to the other"]
                        .filter { text.contains($0) }
                    #expect(hits.isEmpty, "\(hits)")
                }
            }
            // A note too large in bytes, though short in characters, is refused before anything goes.
            let flags = try await w.a.cora.post(String(noteA), ["note": String(repeating: "🏳️‍🌈", count: 2100)])
            #expect(flags.status == .unprocessableEntity && flags.text.contains("take the room of several"))

            // Nobody else: not her own account, not the admin, not the person writing on B's board.
            for p in [w.a, w.b] {
                let own = try await p.sofi.get(p.caseURL + "/matching")
                #expect(own.status == .ok)
                #expect(!own.text.contains("ZQ-") && !own.text.contains("In touch with"))
                #expect(try await p.ana.get(p.caseURL + "/matching").status == .notFound)
            }
            // Neither note is stored in clear anywhere: not on the board that passed them on, not
            // on either home instance (each keeps its own sealed with the case).
            #expect(try await NetworkMatchingTests.stored(["ZQ-NOTE-7731", "ZQ-REPLY-4417", "jueves"], in: nodes).isEmpty)

            // Her entry withdrawn on B: B forgets its side, and so does the board.
            let entry = try #require(try await MatchingEntryRecord.query(on: nodes[1].app.db).first())
            let withdrawn = try await w.b.sofi.post(w.b.caseURL + "/matching/\(try entry.requireID().text)/withdraw", [:])
            #expect(withdrawn.status == .seeOther)
            try await NetworkSharingTests.settle(nodes)
            #expect(try await MatchingContactRecord.query(on: nodes[1].app.db).count() == 0)
            #expect(try await MatchingContactItemRecord.query(on: nodes[1].app.db).count() == 0)
            let left = try await MatchingBoardContactRecord.query(on: nodes[2].app.db).all()
            #expect(left.count == 1)
            let keptID = try #require(left.first).connectionID
            let kept = try #require(try await nodes[2].env.connections.find(keptID))
            #expect(kept.details.keys.fingerprint == nodes[0].fingerprint, "A's side stays")
            // A hears that B's side is gone: what was written stays, and nothing more can be sent there.
            let afterB = try await w.a.cora.get(w.a.caseURL + "/matching").text
            #expect(afterB.contains("No longer in touch: Casa (Nido del Sur)") && afterB.contains(Self.reply))
            #expect(!afterB.contains("Send the note"))
            let withdrawnB = try await w.b.cora.get(w.b.caseURL + "/matching").text
            #expect(withdrawnB.contains("this side of the match is gone") && !withdrawnB.contains("do not know who you are"))

            // The circle ends: what was written stays readable, but nothing more can be sent.
            #expect(
                try await w.a.ana.post("/c/casa/network/matching/\(w.circle.text)/leave", ["confirm": "yes"]).status
                    == .seeOther)
            try await NetworkSharingTests.settle(nodes)
            let ended = try await w.a.cora.get(w.a.caseURL + "/matching").text
            #expect(ended.contains(Self.reply) && !ended.contains("Send the note"))
        }
    }

    @Test("taking her agreement back: the other care team hears that this side is gone, and it may agree again")
    func takeBack() async throws {
        try await withPeerNetwork(3) { nodes in
            let w = try await Self.bothAgree(nodes)
            let page = try await w.a.cora.get(w.a.caseURL + "/matching").text
            #expect(page.contains("In touch with the care team of: Casa (Nido del Sur)"))
            let takeBack = try #require(page.firstMatch(of: /action="([^"]*\/matching\/matches\/[0-9A-F-]{36}\/take-back)"/)).1
            // Not hers to press, nor the admin's.
            #expect(try await w.a.sofi.post(String(takeBack), [:]).status != .seeOther)
            #expect(try await w.a.cora.post(String(takeBack), [:]).status == .seeOther)
            try await NetworkSharingTests.settle(nodes)
            #expect(try await MatchingContactRecord.query(on: nodes[0].app.db).count() == 0)
            #expect(try await MatchingBoardContactRecord.query(on: nodes[2].app.db).count() == 1)
            let other = try await w.b.cora.get(w.b.caseURL + "/matching").text
            #expect(other.contains("No longer in touch: Casa") && !other.contains("Send the note"))
            // Her side may agree again: a new key, and both are in touch once more.
            let again = try await w.a.cora.get(w.a.caseURL + "/matching").text
            #expect(again.contains("Record her agreement"))
            #expect(try await w.a.cora.post(try await Self.agreeURL(w.a), ["agrees": "yes"]).status == .seeOther)
            try await NetworkSharingTests.settle(nodes)
            #expect(
                try await w.a.cora.get(w.a.caseURL + "/matching").text.contains(
                    "In touch with the care team of: Casa (Nido del Sur)"))
            // B reads A in touch again, and not also gone.
            let back = try await w.b.cora.get(w.b.caseURL + "/matching").text
            #expect(back.contains("In touch with the care team of: Casa") && !back.contains("No longer in touch"))
            // A page shown again at an act's address can be reloaded: it leads back to the page.
            let reload = try await w.a.cora.get(String(takeBack))
            #expect(reload.status == .seeOther)

            // Her consent runs out (60 days): both sides go on their own, and from the board.
            for node in nodes { node.clock.advance(minutes: 61 * 24 * 60) }
            try await NetworkSharingTests.settle(nodes)
            for node in nodes.prefix(2) { #expect(try await MatchingContactRecord.query(on: node.app.db).count() == 0) }
            #expect(try await MatchingBoardContactRecord.query(on: nodes[2].app.db).count() == 0)
        }
    }

    @Test("the board ending its connection with one side: the other care team hears that side is gone")
    func connectionEnded() async throws {
        try await withPeerNetwork(3) { nodes in
            let w = try await Self.bothAgree(nodes)
            #expect(try await MatchingBoardContactRecord.query(on: nodes[2].app.db).count() == 2)
            let toB = try #require(
                try await nodes[2].env.connections.all(in: w.tablero.id).first {
                    $0.details.keys.fingerprint == nodes[1].fingerprint
                })
            try await PeerConnectionChanges(env: nodes[2].env).end(toB, notify: true)
            try await NetworkSharingTests.settle(nodes)
            // On the board: B's records and card are gone, A's card stays.
            #expect(try await MatchingBoardContactRecord.query(on: nodes[2].app.db).count() == 1)
            #expect(try await MatchingBoardRecord.query(on: nodes[2].app.db).filter(\.$connectionID == toB.id).count() == 0)
            let page = try await w.a.cora.get(w.a.caseURL + "/matching").text
            #expect(page.contains("No longer in touch: Casa") && !page.contains("In touch with the care team of"))
        }
    }

    @Test("a card the board changes, or a note to the wrong key, is not taken")
    func boardCannotForge() async throws {
        let signer = Curve25519.Signing.PrivateKey()
        let member = CircleManifest.Member(
            fingerprint: String(repeating: "a", count: 64), signingKey: signer.publicKey.rawRepresentation.base64EncodedString(),
            roles: [.member])
        let circle = UUID()
        let match = UUID()
        let manifest = CircleManifest(circle: circle, name: "Red", version: 1, members: [member])
        let key = Curve25519.KeyAgreement.PrivateKey()
        let card = try ContactCard(
            circle: circle, match: match, key: key.publicKey, collective: "Casa", member: member.fingerprint, signingKey: signer)
        #expect(card.holds(in: manifest, match: match))
        #expect(!card.holds(in: manifest, match: UUID()), "a card for another match")
        // The board puts its own key or name in: the signature no longer holds.
        let board = Curve25519.KeyAgreement.PrivateKey()
        let json = try JSONEncoder().encode(card)
        var fields = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        fields["key"] = board.publicKey.rawRepresentation.base64EncodedString()
        let swapped = try JSONDecoder().decode(ContactCard.self, from: try JSONSerialization.data(withJSONObject: fields))
        #expect(!swapped.holds(in: manifest, match: match))
        fields["key"] = card.key
        fields["collective"] = "Tablero"
        let renamed = try JSONDecoder().decode(ContactCard.self, from: try JSONSerialization.data(withJSONObject: fields))
        #expect(!renamed.holds(in: manifest, match: match))
        // A card signed by someone not in the manifest.
        let stranger = try ContactCard(
            circle: circle, match: match, key: key.publicKey, collective: "Casa", member: member.fingerprint,
            signingKey: Curve25519.Signing.PrivateKey())
        #expect(!stranger.holds(in: manifest, match: match))
        // Sealed to one side, the card opens only with that side's key.
        let other = Curve25519.KeyAgreement.PrivateKey()
        let sealed = try card.sealed(to: other.publicKey)
        #expect(ContactCard.open(sealed, with: other, circle: circle, match: match) == card)
        #expect(ContactCard.open(sealed, with: board, circle: circle, match: match) == nil)

        // A note opens only with the key it was written to, and only as from the key that wrote it.
        let note = try ContactNote("hola", from: key, to: other.publicKey, circle: circle, match: match)
        #expect(note.open(with: other, circle: circle, match: match) == "hola")
        #expect(note.open(with: board, circle: circle, match: match) == nil)
        #expect(note.open(with: other, circle: circle, match: UUID()) == nil)
        let forged = try JSONDecoder().decode(
            ContactNote.self,
            from: try JSONSerialization.data(withJSONObject: [
                "from": board.publicKey.rawRepresentation.base64EncodedString(), "to": note.to, "sealed": note.sealed,
            ]))
        #expect(forged.open(with: other, circle: circle, match: match) == nil, "claimed to be from another key")
    }
}

/// M0032 on a database made by the previous release (matching without contacts): what was there
/// stays, the new tables work at once, and the migration reverts cleanly.
@Suite("Match contacts upgrade")
struct MatchContactsUpgradeTests {
    @Test("a previous release's case, consent and vouch survive M0032, whose tables then take a care team's side")
    func upgradesPreviousRelease() async throws {
        try await withTejido { app, _ in
            let migration = M0032_CreateMatchContacts()
            try await migration.revert(on: app.db)
            // The previous release's data, made through its own pages.
            let p = try await CaseTests.people(app)
            #expect(
                try await p.sofi.post(p.caseURL + "/people", ["username": "cora", "role": "facilitator"]).status == .seeOther)
            #expect(
                try await p.sofi.post(p.caseURL + "/consents", ["scope": "matching", "detail": "Look", "days": "60"]).status
                    == .seeOther)
            #expect(try await p.cora.post(p.caseURL + "/matching/vouch", [:]).status == .seeOther)
            let counts = try await CaseBoundaryTests.snapshot(app)
            try await migration.prepare(on: app.db)

            #expect(try await CaseBoundaryTests.snapshot(app) == counts)
            #expect(try await MatchingVouchRecord.query(on: app.db).filter(\.$usedAt == nil).count() == 1)
            let page = try await p.cora.get(p.caseURL + "/matching")
            #expect(page.status == .ok && page.text.contains("vouched"))
            let row = MatchingContactRecord()
            row.collectiveID = p.casa.id
            row.circleID = UUID()
            row.matchID = UUID()
            row.recordID = UUID()
            row.publicKey = "k"
            row.keySealed = Data([1])
            row.agreedAt = Date()
            row.until = Date()
            try await row.create(on: app.db)
            #expect(try await MatchingContactRecord.query(on: app.db).count() == 1)
            try await migration.revert(on: app.db)
            try await migration.prepare(on: app.db)
            #expect(try await MatchingContactRecord.query(on: app.db).count() == 0)
        }
    }
}
