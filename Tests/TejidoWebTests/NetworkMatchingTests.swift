import Fluent
import Foundation
import SQLKit
import TejidoCore
import Testing
import VaporTesting

@testable import TejidoWeb

/// Repeat-harm matching across three instances (issue 19): Casa on A and Casa on B each hold a
/// key, Tablero on C keeps the board. Two survivors name the same person in different spellings;
/// the match reaches the two cases' care teams and nobody else, and no identifier is stored.
@Suite("The network: repeat harm found across collectives")
struct NetworkMatchingTests {
    struct World {
        let nodes: [PeerInstance]
        let a: CaseTests.People
        let b: CaseTests.People
        let tere: TestBrowser  // Tablero's admin, on C
        let tablero: Fixtures.Collective
        let circle: UUID
    }

    /// The three collectives paired two by two, matching chosen on every connection, the circle
    /// proposed by Casa on A and joined by the other two admins; each case has Cora as its
    /// care-team facilitator.
    /// `loseAnswer`: B's answer is lost on the way (its outbox row dropped before delivery); the
    /// founder asks again after a minute.
    /// `declined`: Tablero's admin declines instead, which ends the circle for everyone.
    static func world(_ nodes: [PeerInstance], loseAnswer: Bool = false, declined: Bool = false) async throws -> World {
        let a = try await CaseTests.people(nodes[0].app)
        let b = try await CaseTests.people(nodes[1].app)
        for p in [a, b] {
            #expect(
                try await p.sofi.post(p.caseURL + "/people", ["username": "cora", "role": "facilitator"]).status == .seeOther)
        }
        let tablero = try await Fixtures.collective(nodes[2].app, "Tablero", admin: "tere")
        let tere = TestBrowser(nodes[2].app)
        try await tere.signIn("tere")
        var pairings = [try await Pairing.pair(nodes[0], a.casa, with: nodes[1], b.casa)]
        pairings.append(try await Pairing.pair(nodes[0], a.casa, with: nodes[2], tablero))
        pairings.append(try await Pairing.pair(nodes[1], b.casa, with: nodes[2], tablero))
        for pairing in pairings {
            for node in nodes {
                guard let connection = try await node.env.connections.find(pairing.connection) else { continue }
                try await PeerConnectionChanges(env: node.env).choose(
                    connection, sends: connection.sends.union([.matching]), accepts: connection.accepts.union([.matching]))
            }
        }
        try await NetworkSharingTests.settle(nodes)

        let page = try await a.ana.get("/c/casa/network/matching").text
        let roles = try #require(page.matches(of: /name="(role_[0-9A-F-]{36})"/).map { String($0.1) })
        #expect(roles.count == 2)
        // B's connection is the one made first on A; Tablero's second.
        let connections = try await nodes[0].env.connections.all(in: a.casa.id)
        let toB = try #require(connections.first { $0.id == pairings[0].connection })
        let toC = try #require(connections.first { $0.id == pairings[1].connection })
        let proposed = try await a.ana.post(
            "/c/casa/network/matching",
            [
                "name": "Red del valle", "own_role": "key_holder", "role_\(toB.id.text)": "key_holder",
                "role_\(toC.id.text)": "board",
            ])
        #expect(proposed.status == .seeOther)
        try await NetworkSharingTests.settle(nodes)
        let circle = try #require(try await MatchingCircleRecord.query(on: nodes[0].app.db).first()).circleID

        // Invited: each admin reads who is in it and joins.
        let invited = try await b.ana.get("/c/casa/network/matching").text
        #expect(invited.contains("Red del valle") && invited.contains("asks you to join"))
        // To lose B's answer: B pauses its connection to A while answering (what waits for a paused
        // connection is dropped), then resumes; nothing of the circle is sent again by itself.
        let bToA = try #require(try await nodes[1].env.connections.find(pairings[0].connection))
        if loseAnswer { try await PeerConnectionChanges(env: nodes[1].env).pause(bToA) }
        if declined {
            let answer = "/c/tablero/network/matching/\(circle.text)/answer"
            let asked = try await tere.post(answer, ["answer": "decline"])
            #expect(asked.status == .ok && asked.text.contains("Declining ends this circle for every collective"))
            try await NetworkSharingTests.settle(nodes)
            #expect(try await MatchingCircleRecord.query(on: nodes[0].app.db).first()?.state == "forming")
            #expect(try await tere.post(answer, ["confirm": "yes"]).status == .seeOther)
            try await NetworkSharingTests.settle(nodes)
            for node in [nodes[0], nodes[2]] {
                #expect(try await MatchingCircleRecord.query(on: node.app.db).first()?.state != "active")
            }
            #expect(try await MatchingCircleRecord.query(on: nodes[0].app.db).first()?.state == "ended")
            return World(nodes: nodes, a: a, b: b, tere: tere, tablero: tablero, circle: circle)
        }
        for (browser, slug) in [(b.ana, "casa"), (tere, "tablero")] {
            let joined = try await browser.post("/c/\(slug)/network/matching/\(circle.text)/answer", ["answer": "join"])
            #expect(joined.status == .seeOther)
        }
        if loseAnswer {
            try await NetworkSharingTests.settle(nodes)
            let paused = try #require(try await nodes[1].env.connections.find(pairings[0].connection))
            try await PeerConnectionChanges(env: nodes[1].env).resume(paused)
            try await NetworkSharingTests.settle(nodes)
            let waiting = try await a.ana.get("/c/casa/network/matching").text
            #expect(waiting.contains("waiting for everyone to join") && waiting.contains("Still waiting for: Casa"))
            for node in nodes { node.clock.advance(minutes: 2) }
        }
        try await NetworkSharingTests.settle(nodes)
        for node in nodes {
            let row = try #require(try await MatchingCircleRecord.query(on: node.app.db).first())
            #expect(row.state == "active")
        }
        return World(nodes: nodes, a: a, b: b, tere: tere, tablero: tablero, circle: circle)
    }

    /// Her consent, Cora's vouch, and an entry as the survivor's side types it.
    static func file(_ p: CaseTests.People, _ fields: [String: String]) async throws -> TestingHTTPResponse {
        #expect(
            try await p.sofi.post(
                p.caseURL + "/consents", ["scope": "matching", "detail": "Look for him in the valley's circle", "days": "60"]
            ).status == .seeOther)
        #expect(try await p.cora.post(p.caseURL + "/matching/vouch", [:]).status == .seeOther)
        return try await p.sofi.post(p.caseURL + "/matching", fields.merging(["threshold": "2"]) { a, _ in a })
    }

    static let markers = ["ramon.perez", "RAMON.PEREZ", "Ramon.Perez", "5512345678", "ramon_perez"]

    /// Every byte of every instance's database files (and whatever else is in its data folder), or
    /// on PostgreSQL every row of its schema as text, bytea as hex: no identifier, in any spelling.
    static func identifiersStored(_ nodes: [PeerInstance]) async throws -> [String] {
        try await stored(markers, in: nodes)
    }

    /// Where any of `markers` is stored in clear, as `identifiersStored` looks, or was logged by
    /// any instance at any level (trace included, so every SQL statement with its values).
    static func stored(_ markers: [String], in nodes: [PeerInstance]) async throws -> [String] {
        var found: [String] = []
        for (index, node) in nodes.enumerated() {
            let lines = node.log.text.split(separator: "\n")
            // The log is really caught: requests and the database's statements are in it.
            #expect(lines.contains { $0.contains("/matching") || $0.contains("/peer/v1/") })
            #expect(lines.contains { $0.contains("matching_") && $0.contains("SELECT") })
            for line in lines {
                for marker in markers where line.localizedCaseInsensitiveContains(marker) {
                    found.append("log of instance \(index): \(marker)")
                }
            }
        }
        for node in nodes {
            // Instances on a peer network keep their own SQLite file, even in a PostgreSQL run.
            let sql = try #require(node.app.db as? any SQLDatabase)
            if sql.dialect.name == "postgresql" {
                let tables = try await sql.raw(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
                ).all().map { try $0.decode(column: "table_name", as: String.self) }
                #expect(tables.contains("matching_board_records"))
                for table in tables {
                    let rows = try await sql.raw("SELECT t::text AS row FROM \(ident: table) t").all()
                    let text = try rows.map { try $0.decode(column: "row", as: String.self) }.joined(separator: "\n")
                    for marker in markers {
                        let hex = Data(marker.utf8).map { String(format: "%02x", $0) }.joined()
                        if text.contains(marker) || text.contains(hex) { found.append("\(table): \(marker)") }
                    }
                }
                continue
            }
            let folder = URL(fileURLWithPath: node.folder.path)
            let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            #expect(files.contains("tejido.sqlite"))
            for file in files {
                guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(file).path) else { continue }
                for marker in markers where data.range(of: Data(marker.utf8)) != nil { found.append("\(file): \(marker)") }
            }
        }
        return found
    }

    @Test("two survivors name the same person in two spellings: both care teams hear of it on Monday, and nobody else")
    func match() async throws {
        try await withPeerNetwork(3) { nodes in
            let w = try await Self.world(nodes)
            let filedA = try await Self.file(
                w.a, ["email": "  Ramon.Perez@Example.ORG ", "phone": "55 1234 5678", "phone_country": "MX"])
            #expect(filedA.status == .seeOther)
            let filedB = try await Self.file(
                w.b, ["email": "mailto:ramon.perez@example.org", "handle": "@Ramon_Perez", "platform": "instagram"])
            #expect(filedB.status == .seeOther)
            try await NetworkSharingTests.settle(nodes)

            // The board holds four records, two sharing one tag, and nothing that names anyone.
            let records = try await MatchingBoardRecord.query(on: nodes[2].app.db).all()
            #expect(records.count == 4)
            #expect(Set(records.map(\.tag)).count == 3)
            #expect(records.filter { $0.matchedAt != nil }.count == 2)
            // Nobody is told before the week is over.
            #expect(try await MatchingNoticeRecord.query(on: nodes[0].app.db).count() == 0)
            let before = try await w.a.cora.get(w.a.caseURL + "/matching").text
            #expect(before.contains("On the board until") && !before.contains("A match"))

            for node in nodes { node.clock.advance(minutes: 8 * 24 * 60) }
            try await NetworkSharingTests.settle(nodes)
            for node in nodes.prefix(2) {
                #expect(try await MatchingNoticeRecord.query(on: node.app.db).count() == 1)
            }
            for p in [w.a, w.b] {
                // A week later their sessions have lapsed: they sign in again.
                for (browser, name) in [(p.cora, "cora"), (p.sofi, "sofi"), (p.ana, "ana")] { try await browser.signIn(name) }
                let care = try await p.cora.get(p.caseURL + "/matching")
                #expect(care.status == .ok)
                #expect(care.text.contains("A match") && care.text.contains("2 survivors named the same person"))
                // The account that filed is not told; the admin cannot open the case at all.
                let own = try await p.sofi.get(p.caseURL + "/matching")
                #expect(own.status == .ok)
                #expect(!own.text.contains("A match") && !own.text.contains("survivors named"))
                #expect(try await p.ana.get(p.caseURL + "/matching").status == .notFound)
            }
            // A backup of each instance holds none either.
            if (nodes[0].app.db as? any SQLDatabase)?.dialect.name == "sqlite" {
                for node in nodes { _ = try await node.app.backUp(to: node.folder.path + "/backup.sqlite", sealedTo: nil) }
            }
            #expect(try await Self.identifiersStored(nodes).isEmpty)
        }
    }

    @Test(
        "an entry of four identifiers goes through both key holders over loopback, the same tags each time; the 41st evaluation of a day is refused"
    )
    func cascadeOverLoopback() async throws {
        // bench/matching.sh sets a larger number and reads the printed figures.
        let samples = Int(ProcessInfo.processInfo.environment["TEJIDO_BENCH_MATCHING"] ?? "") ?? 3
        try await withPeerNetwork(3) { nodes in
            _ = try await Self.world(nodes)
            // Tablero, the board, files too: both key holders are other instances.
            let c = nodes[2]
            let tablero = try #require(try await CollectiveRecord.query(on: c.app.db).first()).requireID()
            let circles = MatchingCircles(database: c.app.db, keys: c.app.tejido.keys, now: c.clock.now)
            let circle = try #require(try await circles.active(in: tablero).first)
            let manifest = try #require(circle.manifest)
            let connections = try await c.env.connections.all(in: tablero)
            let canonicals = [
                "email:ramon.perez@example.org", "phone:+525512345678", "handle:instagram:ramon_perez", "name:ramon perez:1990",
            ]
            func evaluator() -> RemoteEvaluator {
                RemoteEvaluator(
                    http: c.app.http.client.shared, keys: c.app.tejido.keys, now: c.clock.now, circle: circle.id,
                    version: manifest.version,
                    connections: manifest.keyHolders.map { MatchingCircles.connection(to: $0.fingerprint, among: connections) },
                    local: [nil, nil])
            }
            #expect(evaluator().reachesEveryHolder)
            var times: [Double] = []
            var first: [MatchTag]?
            var inDay = 0
            for _ in 0..<samples {
                // Ten entries of four use a day's forty evaluations: the next day, for the next ten.
                if inDay == 10 {
                    for node in nodes { node.clock.advance(minutes: 24 * 60) }
                    inDay = 0
                }
                let start = DispatchTime.now().uptimeNanoseconds
                let tags = try await MatchingCascade.tags(
                    for: canonicals, circle: circle.id, holders: try manifest.keyHolderKeys(),
                    evaluateAll: evaluator().evaluateAll)
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
                inDay += 1
                if let first { #expect(tags == first) } else { first = tags }
                #expect(tags.count == 4 && Set(tags).count == 4)
            }
            // Past the day's forty, the key holder refuses, and says why.
            for _ in inDay..<10 {
                _ = try await MatchingCascade.tags(
                    for: canonicals, circle: circle.id, holders: try manifest.keyHolderKeys(),
                    evaluateAll: evaluator().evaluateAll)
            }
            await #expect(throws: RemoteEvaluator.Refused.self) {
                _ = try await MatchingCascade.tags(
                    for: [canonicals[0]], circle: circle.id, holders: try manifest.keyHolderKeys(),
                    evaluateAll: evaluator().evaluateAll)
            }
            // The next day each key holder tells every member how many each asked for: Tablero's
            // forty (and one refused) are there for everyone to see.
            for node in nodes { node.clock.advance(minutes: 24 * 60) }
            try await NetworkSharingTests.settle(nodes)
            let published = try #require(try await MatchingCircleRecord.query(on: nodes[1].app.db).first())
            let reported = try JSONDecoder().decode(CircleCounts.self, from: Data(published.counts.utf8)).reported
            let fromA = try #require(reported[nodes[0].fingerprint.hex])
            #expect(fromA.counts[nodes[2].fingerprint.hex] == 41 && fromA.counts[nodes[1].fingerprint.hex] == 0)
            let tere = TestBrowser(c.app)
            try await tere.signIn("tere")
            let circlesPage = try await tere.get("/c/tablero/network/matching").text
            #expect(circlesPage.contains("Evaluations each key made, by collective and day"))
            #expect(circlesPage.contains("(at most 40 a day from each collective): Casa 0, This collective 41"))
            let figures = MatchingBenchmark.percentiles("entry", times)
            print(
                String(
                    format:
                        "MATCHING-BENCH an entry of four identifiers through two key holders over loopback, %d samples: p50 %.1f ms, p99 %.1f ms",
                    samples, figures.p50, figures.p99))
        }
    }

    @Test("declining asks once more, then ends the circle for everyone")
    func declining() async throws {
        try await withPeerNetwork(3) { nodes in
            let w = try await Self.world(nodes, declined: true)
            #expect(try await w.a.ana.get("/c/casa/network/matching").text.contains("declined"))
        }
    }

    @Test("an answer lost on the way is asked for again, and the circle still forms")
    func lostAnswer() async throws {
        try await withPeerNetwork(3) { nodes in
            _ = try await Self.world(nodes, loseAnswer: true)
        }
    }

    @Test("the same identifier twice for her is refused; a revoke withdraws her records, and a match not yet told is never told")
    func sameTwiceAndUntold() async throws {
        try await withPeerNetwork(3) { nodes in
            let w = try await Self.world(nodes)
            #expect(try await Self.file(w.a, ["email": "ramon.perez@example.org"]).status == .seeOther)
            #expect(try await Self.file(w.b, ["email": "Ramon.Perez@example.org"]).status == .seeOther)
            try await NetworkSharingTests.settle(nodes)
            #expect(try await MatchingBoardRecord.query(on: nodes[2].app.db).filter(\.$matchedAt != nil).count() == 2)
            // Again for the same survivor, in another spelling: refused before anything is written.
            #expect(try await w.a.cora.post(w.a.caseURL + "/matching/vouch", [:]).status == .seeOther)
            let again = try await w.a.sofi.post(
                w.a.caseURL + "/matching", ["email": "mailto:RAMON.PEREZ@example.org", "threshold": "2"])
            #expect(again.status == .unprocessableEntity)
            #expect(again.text.contains("already on the board for her") && again.text.contains("mailto:RAMON.PEREZ@example.org"))
            #expect(try await MatchingEntryRecord.query(on: nodes[0].app.db).count() == 1)
            // The key holders counted that try, so the vouch is spent: sending it again cannot use
            // up the collective's evaluations for the day, and reaches no key holder.
            #expect(try await MatchingVouchRecord.query(on: nodes[0].app.db).filter(\.$usedAt == nil).count() == 0)
            let counted = try await MatchingEvaluationRecord.query(on: nodes[1].app.db).all().map(\.count).reduce(0, +)
            let replayed = try await w.a.sofi.post(
                w.a.caseURL + "/matching", ["email": "mailto:RAMON.PEREZ@example.org", "threshold": "2"])
            #expect(replayed.status == .unprocessableEntity)
            #expect(replayed.text.contains("must vouch for this entry first"))
            #expect(try await MatchingEvaluationRecord.query(on: nodes[1].app.db).all().map(\.count).reduce(0, +) == counted)

            let consent = try #require(try await CaseConsentRecord.query(on: nodes[0].app.db).all().last)
            #expect(
                try await w.a.sofi.post(w.a.caseURL + "/consents/\(try consent.requireID().uuidString)/revoke", [:]).status
                    == .seeOther)
            try await NetworkSharingTests.settle(nodes)
            let left = try await MatchingBoardRecord.query(on: nodes[2].app.db).all()
            #expect(left.count == 1 && left[0].matchedAt == nil && left[0].matchID == nil)
            for node in nodes { node.clock.advance(minutes: 8 * 24 * 60) }
            try await NetworkSharingTests.settle(nodes)
            #expect(try await MatchingNoticeRecord.query(on: nodes[1].app.db).count() == 0)
        }
    }

    @Test("cases one account opened for people without an account count as that account's: they never match each other")
    func oneAccountOneSurvivor() async throws {
        try await withPeerNetwork(3) { nodes in
            let w = try await Self.world(nodes)
            #expect(try await Self.file(w.a, ["email": "ramon.perez@example.org"]).status == .seeOther)
            // Sofía opens a case for "Luz", who has no account here, and files the same address in it.
            let luz = try await Fixtures.disclose(
                w.a.sofi, slug: "casa", ["for": "other", "survivor_name": "Luz", "agreed_to": "She asked me to"])
            let agreed = ["survivor_agreed": "1", "manner": "spoken"]
            #expect(
                try await w.a.sofi.post(
                    luz + "/people", agreed.merging(["username": "cora", "role": "facilitator"]) { a, _ in a }
                )
                .status == .seeOther)
            // Before her consent, her facilitator is told it is missing and offered nothing to vouch.
            let unconsented = try await w.a.cora.get(luz + "/matching").text
            #expect(unconsented.contains("consent to repeat-harm matching first"))
            #expect(!unconsented.contains("Vouch for the next entry</button>"))
            #expect(
                try await w.a.sofi.post(
                    luz + "/consents",
                    agreed.merging(["scope": "matching", "detail": "Look for him", "days": "60"]) { a, _ in a }
                ).status == .seeOther)
            // Her facilitator reads, before vouching, who opened the case and what that means.
            let before = try await w.a.cora.get(luz + "/matching").text
            #expect(before.contains("sofi opened this case for someone without an account here"))
            #expect(try await w.a.cora.post(luz + "/matching/vouch", [:]).status == .seeOther)
            let filed = try await w.a.sofi.post(luz + "/matching", ["email": "Ramon.Perez@example.org", "threshold": "2"])
            #expect(filed.status == .seeOther)
            try await NetworkSharingTests.settle(nodes)
            // The board took one record for the address, from one survivor: no match.
            let records = try await MatchingBoardRecord.query(on: nodes[2].app.db).all()
            #expect(records.count == 1 && records.allSatisfy { $0.matchedAt == nil })
        }
    }

    @Test("a match already told that grows: every side hears the new count the Monday after, with the newcomer")
    func matchGrows() async throws {
        try await withPeerNetwork(3) { nodes in
            let w = try await Self.world(nodes)
            #expect(try await Self.file(w.a, ["email": "ramon.perez@example.org"]).status == .seeOther)
            #expect(try await Self.file(w.b, ["email": "Ramon.Perez@example.org"]).status == .seeOther)
            try await NetworkSharingTests.settle(nodes)
            for node in nodes { node.clock.advance(minutes: 8 * 24 * 60) }
            try await NetworkSharingTests.settle(nodes)
            // A week later their sessions have lapsed: they sign in again.
            for (browser, name) in [(w.a.beto, "beto"), (w.a.cora, "cora"), (w.b.cora, "cora")] { try await browser.signIn(name) }
            // A third survivor, Beto at Casa in a case of his own, names the same address.
            let own = try await Fixtures.disclose(w.a.beto, slug: "casa")
            #expect(try await w.a.beto.post(own + "/people", ["username": "cora", "role": "facilitator"]).status == .seeOther)
            let third = CaseTests.People(
                casa: w.a.casa, ana: w.a.ana, sofi: w.a.beto, beto: w.a.beto, cora: w.a.cora, ramon: w.a.ramon, caseURL: own)
            #expect(try await Self.file(third, ["email": "mailto:ramon.perez@example.org"]).status == .seeOther)
            try await NetworkSharingTests.settle(nodes)
            // Nobody hears of it before the week is over: the first two still read two.
            let before = try await w.b.cora.get(w.b.caseURL + "/matching").text
            #expect(before.contains("2 survivors named the same person") && !before.contains("3 survivors"))
            for node in nodes { node.clock.advance(minutes: 8 * 24 * 60) }
            try await NetworkSharingTests.settle(nodes)
            for (browser, name) in [(w.a.cora, "cora"), (w.b.cora, "cora")] { try await browser.signIn(name) }
            for (browser, url) in [(w.a.cora, w.a.caseURL), (w.b.cora, w.b.caseURL), (w.a.cora, own)] {
                let page = try await browser.get(url + "/matching").text
                #expect(page.contains("3 survivors named the same person") && !page.contains("2 survivors"), "\(url)")
            }
            // Told once: the next week says nothing new.
            #expect(try await MatchingBoardRecord.query(on: nodes[2].app.db).filter(\.$grownAt != nil).count() == 0)
        }
    }

    @Test("leaving, once confirmed, ends the circle for everyone: the board forgets, and the entry asks to be made again")
    func leaving() async throws {
        try await withPeerNetwork(3) { nodes in
            let w = try await Self.world(nodes)
            #expect(try await Self.file(w.a, ["email": "ramon.perez@example.org"]).status == .seeOther)
            try await NetworkSharingTests.settle(nodes)
            #expect(try await MatchingBoardRecord.query(on: nodes[2].app.db).count() == 1)
            let leave = "/c/casa/network/matching/\(w.circle.text)/leave"
            let confirm = try await w.b.ana.get(leave)
            #expect(confirm.status == .ok && confirm.text.contains("Leaving ends the circle for every collective"))
            // Without the confirmation nothing happens.
            #expect(try await w.b.ana.post(leave, [:]).status == .seeOther)
            try await NetworkSharingTests.settle(nodes)
            #expect(try await MatchingCircleRecord.query(on: nodes[0].app.db).first()?.state == "active")
            #expect(try await w.b.ana.post(leave, ["confirm": "yes"]).status == .seeOther)
            try await NetworkSharingTests.settle(nodes)
            for node in nodes { #expect(try await MatchingCircleRecord.query(on: node.app.db).first()?.state == "ended") }
            #expect(try await MatchingBoardRecord.query(on: nodes[2].app.db).count() == 0)
            let page = try await w.a.sofi.get(w.a.caseURL + "/matching").text
            #expect(page.contains("has ended, and the board forgot it") && page.contains("in no active matching circle"))
            #expect(try await w.a.ana.get("/c/casa/network/matching").text.contains("A member left, so the circle ended"))
        }
    }

    @Test("withdrawing her case, or deleting it, takes her entries off the board at once")
    func caseEnds() async throws {
        try await withPeerNetwork(3) { nodes in
            let w = try await Self.world(nodes)
            #expect(try await Self.file(w.a, ["email": "ramon.perez@example.org"]).status == .seeOther)
            #expect(
                try await Self.file(w.b, ["email": "ramon.perez@example.org", "phone": "55 1234 5678", "phone_country": "MX"])
                    .status == .seeOther)
            try await NetworkSharingTests.settle(nodes)
            #expect(try await MatchingBoardRecord.query(on: nodes[2].app.db).count() == 3)
            #expect(try await w.a.sofi.post(w.a.caseURL + "/withdraw", ["confirm": "yes"]).status == .seeOther)
            try await NetworkSharingTests.settle(nodes)
            let left = try await MatchingBoardRecord.query(on: nodes[2].app.db).all()
            #expect(left.count == 2 && left.allSatisfy { $0.matchID == nil }, "A's record gone, and the match not told is not")
            #expect(try await w.b.sofi.post(w.b.caseURL + "/delete", ["confirm": "yes"]).status == .seeOther)
            try await NetworkSharingTests.settle(nodes)
            #expect(try await MatchingBoardRecord.query(on: nodes[2].app.db).count() == 0)
            #expect(try await MatchingEntryRecord.query(on: nodes[1].app.db).count() == 0)
        }
    }

    @Test("his accountability pod reads nothing of her looking for him: not her consent, nor the vouch, nor the entry")
    func podReadsNothing() async throws {
        try await withPeerNetwork(3) { nodes in
            let w = try await Self.world(nodes)
            let url = w.a.caseURL
            try await Fixtures.member(nodes[0].app, w.a.casa, "alma")
            let alma = TestBrowser(nodes[0].app)
            try await alma.signIn("alma")
            _ = try await w.a.sofi.post(
                url + "/consents", ["scope": "tell_respondent", "detail": "Ramón may be told", "days": "90"])
            #expect(try await w.a.sofi.post(url + "/people", ["username": "ramon", "role": "respondent"]).status == .seeOther)
            #expect(try await w.a.sofi.post(url + "/people", ["username": "alma", "role": "accountability"]).status == .seeOther)
            #expect(try await Self.file(w.a, ["email": "ramon.perez@example.org"]).status == .seeOther)
            try await NetworkSharingTests.settle(nodes)

            // The care team and her side read what Tejido noted; so does her consents page.
            let facilitator = try await w.a.cora.get(url).text
            #expect(facilitator.contains("Look for repeat harm in other collectives") && facilitator.contains("was filed"))
            #expect(try await w.a.cora.get(url + "/consents").text.contains("Look for him in the valley"))
            // The pod reads the case, and the consent to tell him, but nothing of matching.
            let timeline = try await alma.get(url)
            #expect(timeline.status == .ok)
            #expect(timeline.text.contains("Tell the person who caused harm"))
            let consents = try await alma.get(url + "/consents")
            #expect(consents.status == .ok)
            #expect(consents.text.contains("Ramón may be told"))
            for page in [timeline.text, consents.text] {
                #expect(!page.contains("repeat harm") && !page.contains("repeat-harm") && !page.contains("valley"))
            }
            #expect(try await alma.get(url + "/matching").status == .forbidden)
        }
    }

    @Test("revoking her consent withdraws the entry from the board; a malformed identifier is refused with what was typed kept")
    func revoke() async throws {
        try await withPeerNetwork(3) { nodes in
            let w = try await Self.world(nodes)
            let bad = try await Self.file(w.a, ["email": "ramon.perez@", "phone": "12", "phone_country": "MX"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("Enter an e-mail address like") && bad.text.contains("value=\"ramon.perez@\""))
            #expect(try await MatchingEntryRecord.query(on: nodes[0].app.db).count() == 0)
            // A key holder that does not answer (B paused its connection with A): nothing is kept,
            // the vouch still waits, and the page says so with what was typed.
            let bToA = try #require(
                try await nodes[1].env.connections.all(in: w.b.casa.id).first {
                    $0.details.keys.fingerprint == nodes[0].fingerprint
                })
            try await PeerConnectionChanges(env: nodes[1].env).pause(bToA)
            let unanswered = try await w.a.sofi.post(
                w.a.caseURL + "/matching", ["email": "ramon.perez@example.org", "threshold": "2"])
            #expect(unanswered.status == .unprocessableEntity)
            #expect(
                unanswered.text.contains("did not answer, or answered wrongly")
                    && unanswered.text.contains("ramon.perez@example.org"))
            #expect(try await MatchingEntryRecord.query(on: nodes[0].app.db).count() == 0)
            #expect(try await MatchingVouchRecord.query(on: nodes[0].app.db).filter(\.$usedAt == nil).count() == 1)
            let paused = try #require(try await nodes[1].env.connections.find(bToA.id))
            try await PeerConnectionChanges(env: nodes[1].env).resume(paused)
            try await NetworkSharingTests.settle(nodes)
            let good = try await w.a.sofi.post(w.a.caseURL + "/matching", ["email": "ramon.perez@example.org", "threshold": "2"])
            #expect(good.status == .seeOther)
            try await NetworkSharingTests.settle(nodes)
            #expect(try await MatchingBoardRecord.query(on: nodes[2].app.db).count() == 1)
            let consent = try #require(try await CaseConsentRecord.query(on: nodes[0].app.db).all().last)
            let revoked = try await w.a.sofi.post(w.a.caseURL + "/consents/\(try consent.requireID().uuidString)/revoke", [:])
            #expect(revoked.status == .seeOther)
            try await NetworkSharingTests.settle(nodes)
            #expect(try await MatchingBoardRecord.query(on: nodes[2].app.db).count() == 0)
            #expect(try await w.a.sofi.get(w.a.caseURL + "/matching").text.contains("Withdrawn on"))
            #expect(try await Self.identifiersStored(nodes).isEmpty)
        }
    }

    @Test(
        "a key holder replacing its key moves the circle to its next version, signed again by all: the board forgets, and her entry is made again"
    )
    func replaceKey() async throws {
        try await withPeerNetwork(3) { nodes in
            let w = try await Self.world(nodes)
            #expect(try await Self.file(w.a, ["email": "ramon.perez@example.org"]).status == .seeOther)
            try await NetworkSharingTests.settle(nodes)
            #expect(try await MatchingBoardRecord.query(on: nodes[2].app.db).count() == 1)
            let before = try #require(try await MatchingCircleRecord.query(on: nodes[0].app.db).first()?.manifest)

            // B holds a key and did not found the circle: it asks, is asked again, and replaces.
            let replace = "/c/casa/network/matching/\(w.circle.text)/replace-key"
            #expect(try await w.b.ana.get("/c/casa/network/matching").text.contains("Replace our key"))
            #expect(
                !(try await w.tere.get("/c/tablero/network/matching").text.contains("Replace our key")), "the board holds none")
            let confirm = try await w.b.ana.get(replace)
            #expect(confirm.status == .ok && confirm.text.contains("Your old key is thrown away at once"))
            #expect(try await w.b.ana.post(replace, [:]).status == .seeOther)
            #expect(
                try await MatchingCircleRecord.query(on: nodes[1].app.db).first()?.version == 1,
                "nothing without the confirmation")
            #expect(try await w.b.ana.post(replace, ["confirm": "yes"]).status == .seeOther)
            try await NetworkSharingTests.settle(nodes)
            for node in nodes {
                let row = try #require(try await MatchingCircleRecord.query(on: node.app.db).first())
                #expect(row.state == "active" && row.version == 2)
            }
            let after = try #require(try await MatchingCircleRecord.query(on: nodes[0].app.db).first()?.manifest)
            let old = try JSONDecoder().decode(CircleManifest.self, from: Data(before.utf8))
            let new = try JSONDecoder().decode(CircleManifest.self, from: Data(after.utf8))
            #expect(old.rekeyedHolder(in: new) == nodes[1].fingerprint.hex)
            #expect(try await MatchingBoardRecord.query(on: nodes[2].app.db).count() == 0)
            #expect(
                try await w.a.ana.get("/c/casa/network/matching").text.contains("Version 2: the key holders changed at version 2")
            )

            // Her entry asks to be made again, and the same identifier is taken again.
            let page = try await w.a.sofi.get(w.a.caseURL + "/matching").text
            #expect(page.contains("replaced its key or left), so the board forgot this entry"))
            #expect(try await w.a.cora.post(w.a.caseURL + "/matching/vouch", [:]).status == .seeOther)
            let again = try await w.a.sofi.post(
                w.a.caseURL + "/matching", ["email": "ramon.perez@example.org", "threshold": "2"])
            #expect(again.status == .seeOther)
            try await NetworkSharingTests.settle(nodes)
            #expect(try await MatchingBoardRecord.query(on: nodes[2].app.db).count() == 1)

            // The founder, itself a key holder, replaces its own: version 3 on every instance.
            #expect(
                try await w.a.ana.post("/c/casa/network/matching/\(w.circle.text)/replace-key", ["confirm": "yes"]).status
                    == .seeOther)
            try await NetworkSharingTests.settle(nodes)
            for node in nodes {
                let row = try #require(try await MatchingCircleRecord.query(on: node.app.db).first())
                #expect(row.state == "active" && row.version == 3)
            }
            #expect(try await MatchingBoardRecord.query(on: nodes[2].app.db).count() == 0)
        }
    }
}
