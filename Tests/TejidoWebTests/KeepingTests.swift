import Fluent
import Foundation
import SQLKit
import TejidoCore
import Testing
import VaporTesting

@testable import TejidoWeb

/// Issue 17, items 4, 6 and 8: the agreement kept alive (acknowledgement counts, review day on
/// the agenda exactly once), reflections after a case ends, and the page for worried people.
@Suite("Agreements kept alive, reflections, and worried people")
struct KeepingTests {
    static let day: Double = 1_440

    // MARK: Acknowledgements

    @Test("admins see how many acknowledged, never who; a newcomer is asked first thing, on home and needs-me")
    func acknowledgementNumbersOnly() async throws {
        try await withTejido { app, clock in
            let (casa, ana) = try await Fixtures.casaWithAdmin(app)
            try await Fixtures.member(app, casa, "beto")
            try await Fixtures.adoptProtocol(ana, slug: "casa")
            clock.advance(minutes: Self.day)
            try await ana.signIn("ana")
            try await Fixtures.member(app, casa, "nuria")
            let beto = TestBrowser(app)
            try await beto.signIn("beto")
            #expect(try await beto.post("/c/casa/protocol/agreement", ["version": "1"]).status == .seeOther)

            let page = try await ana.get("/c/casa/protocol/acknowledgements")
            #expect(page.status == .ok)
            #expect(page.text.contains("1 of 3 members have acknowledged"))
            for name in ["beto", "nuria", "ana"] { #expect(!page.text.contains(name), "\(name) is named") }
            #expect(try await beto.get("/c/casa/protocol/acknowledgements").status == .forbidden)

            let nuria = TestBrowser(app)
            try await nuria.signIn("nuria")
            let home = try await nuria.get("/c/casa")
            #expect(home.text.contains("adopted its co-existence agreement before you joined"))
            let needs = try await nuria.get("/c/casa/needs-me")
            #expect(needs.text.contains("before you joined") && needs.text.contains("href=\"/c/casa/protocol/agreement\""))
            // Someone who was there and has acknowledged is asked nothing.
            #expect(!(try await beto.get("/c/casa/needs-me").text.contains("co-existence agreement")))
        }
    }

    // MARK: Review day

    @Test("the review day: from tomorrow to five years ahead, set by the care team; bad days say why and keep what was typed")
    func reviewDayForm() async throws {
        try await withTejido { app, clock in
            let (casa, ana) = try await Fixtures.casaWithAdmin(app)
            try await Fixtures.member(app, casa, "beto")
            try await Fixtures.member(app, casa, "cora", role: .careTeam)
            let cora = TestBrowser(app)
            try await cora.signIn("cora")
            let beto = TestBrowser(app)
            try await beto.signIn("beto")
            // Nothing adopted yet: nothing to review.
            #expect(try await cora.post("/c/casa/protocol/agreement/review", ["review_on": "2030-01-01"]).status == .notFound)
            try await Fixtures.adoptProtocol(ana, slug: "casa")
            let today = AgreementReviewPanel.isoDay(clock.now)
            let form = try await cora.get("/c/casa/protocol/agreement")
            let suggested = AgreementReviewPanel.isoDay(Calendar.utc.date(byAdding: .year, value: 1, to: clock.now)!)
            #expect(form.text.contains("value=\"\(suggested)\""), "a year after adoption is offered")
            #expect(!(try await beto.get("/c/casa/protocol/agreement").text.contains("name=\"review_on\"")))
            #expect(try await beto.post("/c/casa/protocol/agreement/review", ["review_on": suggested]).status == .forbidden)

            for (typed, message) in [
                (today, "Choose a day from tomorrow onwards"), ("2090-01-01", "at most five years ahead"),
                ("<script>alert(1)</script>", "Give a real date"), ("2031-02-30", "Give a real date"),
            ] {
                let bad = try await cora.post("/c/casa/protocol/agreement/review", ["review_on": typed])
                #expect(bad.status == .unprocessableEntity, "\(typed)")
                #expect(bad.text.contains(message) && bad.text.contains("id=\"review_on-error\""), "\(typed)")
                #expect(!bad.text.contains("<script>alert"), "hostile text is escaped")
                #expect(try await AgreementReviewRecord.query(on: app.db).count() == 0, "nothing written for \(typed)")
            }
            let kept = try await cora.post("/c/casa/protocol/agreement/review", ["review_on": "2090-01-01"])
            #expect(kept.text.contains("value=\"2090-01-01\""))

            #expect(try await cora.post("/c/casa/protocol/agreement/review", ["review_on": suggested]).status == .seeOther)
            #expect(try await ana.post("/c/casa/protocol/agreement/review", ["review_on": suggested]).status == .seeOther)
            #expect(try await AgreementReviewRecord.query(on: app.db).count() == 1)
            #expect(
                try await beto.get("/c/casa/protocol/agreement").text.contains("The collective will review this agreement on"))
            _ = casa
        }
    }

    @Test("the review day reaches the agenda exactly once: the hourly job twice, two servers at once, and the agenda opened")
    func reviewReachesAgendaOnce() async throws {
        try await withTejido { app, clock in
            let (_, ana) = try await Fixtures.casaWithAdmin(app)
            try await Fixtures.adoptProtocol(ana, slug: "casa")
            let tomorrow = AgreementReviewPanel.isoDay(clock.now.addingTimeInterval(86_400))
            #expect(try await ana.post("/c/casa/protocol/agreement/review", ["review_on": tomorrow]).status == .seeOther)
            // Not yet due: nothing happens.
            #expect(try await app.raiseDueAgreementReviews() == 0)
            #expect(!(try await ana.get("/c/casa/assembly").text.contains("Review the co-existence agreement")))

            clock.advance(minutes: Self.day)
            try await ana.signIn("ana")
            // Two servers over one database, each running its hourly job at the same moment, then again.
            async let first = AgreementReviews(database: app.db, now: clock.now).raiseDue()
            async let second = AgreementReviews(database: app.db, now: clock.now).raiseDue()
            let raised = try await first + second
            #expect(raised == 1)
            #expect(try await app.raiseDueAgreementReviews() == 0)
            let agenda = try await ana.get("/c/casa/assembly").text
            #expect(agenda.components(separatedBy: "Review the co-existence agreement (version 1)").count == 2)
            #expect(try await AssemblyItemRecord.query(on: app.db).filter(\.$source == "agreement_review").count() == 1)
            // The unique key itself refuses a second item for the same version and day.
            let row = try #require(try await AgreementReviewItemRecord.query(on: app.db).first())
            let copy = AgreementReviewItemRecord()
            copy.collectiveID = row.collectiveID
            copy.versionID = row.versionID
            copy.reviewOn = row.reviewOn
            copy.itemID = row.itemID
            copy.raisedAt = row.raisedAt
            await #expect(throws: (any Error).self) { try await copy.create(on: app.db) }

            // The item says what it is in our words and links to the agreement.
            let item = try await ana.get("/c/casa/assembly/items/\(row.itemID.text)")
            #expect(item.text.contains("The review day for our co-existence agreement has come"))
            #expect(item.text.contains("href=\"/c/casa/protocol/agreement\""))
        }
    }

    @Test("opening the agenda raises a due review without waiting for the hourly job")
    func agendaRaisesLazily() async throws {
        try await withTejido { app, clock in
            let (_, ana) = try await Fixtures.casaWithAdmin(app)
            try await Fixtures.adoptProtocol(ana, slug: "casa")
            let tomorrow = AgreementReviewPanel.isoDay(clock.now.addingTimeInterval(86_400))
            _ = try await ana.post("/c/casa/protocol/agreement/review", ["review_on": tomorrow])
            clock.advance(minutes: 2 * Self.day)
            try await ana.signIn("ana")
            #expect(try await ana.get("/c/casa/assembly").text.contains("Review the co-existence agreement (version 1)"))
            #expect(try await ana.get("/c/casa/assembly").text.components(separatedBy: "Review the co-existence").count == 2)
            #expect(try await app.raiseDueAgreementReviews() == 0)
        }
    }

    // MARK: Reflections

    @Test("a reflection: only after the case ends, only for people in it, once; the answers are kept apart and sealed")
    func reflection() async throws {
        try await withTejido { app, _ in
            let p = try await CaseTests.people(app)
            _ = try await p.sofi.post(p.caseURL + "/people", ["username": "cora", "role": "facilitator"])
            let url = p.caseURL + "/reflection"
            // Still running: nobody reflects yet, and the case page offers nothing.
            #expect(try await p.sofi.get(url).status == .forbidden)
            #expect(!(try await p.sofi.get(p.caseURL).text.contains("How did it go for you?")))
            #expect(try await p.cora.post(p.caseURL + "/stage", ["stage": "closed", "stage_reason": "done"]).status == .seeOther)

            let page = try await p.sofi.get(p.caseURL)
            #expect(page.text.contains("href=\"\(url)\""))
            #expect(try await p.sofi.get(url).text.contains("Did you feel heard?"))
            // Not in the case: the admin and a member get what a missing page gets.
            #expect(try await p.ana.get(url).status == .notFound)
            #expect(try await p.ramon.post(url, ["heard": "yes", "clear": "yes"]).status == .notFound)

            let bad = try await p.sofi.post(
                url, ["clear": "partly", "change_nothing": "1", "change_faster": "1", "change_<b>x</b>": "1"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("Choose one answer") && bad.text.contains("Choose only from the list"))
            #expect(bad.text.contains("id=\"clear-partly\" name=\"clear\" value=\"partly\" checked"), "what was chosen is kept")
            #expect(try await ReflectionRecord.query(on: app.db).count() == 0)

            let good = ["heard": "partly", "clear": "no", "change_more_time": "1", "change_clearer_steps": "1"]
            #expect(try await p.sofi.post(url, good).status == .seeOther)
            let twice = try await p.sofi.post(url, good)
            #expect(twice.status == .conflict)
            #expect(twice.text.contains("You have already given your reflection on this case"))
            // A second form sent half-filled is told the same, not asked to finish it.
            let halfFilled = try await p.sofi.post(url, ["heard": "yes"])
            #expect(halfFilled.status == .conflict && halfFilled.text.contains("You have already given your reflection"))
            #expect(try await p.sofi.get(url).text.contains("Your reflection is in"))
            #expect(try await p.cora.post(url, ["heard": "yes", "clear": "yes"]).status == .seeOther, "each person once")

            // Stored apart: no case id, no user id, no time finer than a month; the answers sealed.
            let sql = try #require(app.db as? any SQLDatabase)
            let columns = try await sql.raw("SELECT * FROM reflections").all().first?.allColumns ?? []
            #expect(Set(columns) == ["id", "collective_id", "month", "sealed"])
            let caseID = String(p.caseURL.split(separator: "/").last ?? "")
            for row in try await ReflectionRecord.query(on: app.db).all() {
                let bytes = String(decoding: row.sealed, as: UTF8.self)
                #expect(!bytes.contains("partly") && !bytes.contains("survivor_side") && !bytes.contains(caseID))
            }
            for receipt in try await ReflectionReceiptRecord.query(on: app.db).all() {
                #expect(!receipt.receipt.contains(caseID) && receipt.receipt.count == 64)
            }
            #expect(try await ReflectionReceiptRecord.query(on: app.db).count() == 2)

            // Someone who has left the collective reflects no more, and the care team's page is gone for them.
            #expect(try await p.cora.post("/c/casa/leave", [:]).status == .seeOther)
            #expect(try await p.cora.get(url).status == .notFound)
            #expect(try await p.cora.get("/c/casa/reflections").status == .notFound)
        }
    }

    @Test("the care team alone sees the counts, and never a side smaller than the minimum, nor the total that gives it away")
    func reflectionCounts() async throws {
        try await withTejido { app, clock in
            let (casa, ana) = try await Fixtures.casaWithAdmin(app)
            try await Fixtures.member(app, casa, "cora", role: .careTeam)
            try await Fixtures.member(app, casa, "beto")
            let cora = TestBrowser(app)
            try await cora.signIn("cora")
            let beto = TestBrowser(app)
            try await beto.signIn("beto")
            let keys = app.tejido
            func give(_ side: Reflection.Side, _ heard: Reflection.Scale) async throws {
                try await Reflections.give(
                    Reflection(heard: heard, clear: .yes, changes: [.faster]), side: side, collectiveID: casa.id,
                    caseID: UUID(), userID: UUID(), now: clock.now, sealingKey: keys.reflectionKey,
                    receiptKeys: keys.reflectionReceiptKeys, on: app.db)
            }
            for _ in 0..<6 { try await give(.survivorSide, .yes) }
            for _ in 0..<2 { try await give(.team, .no) }
            try await give(.respondentSide, .partly)

            #expect(try await ana.get("/c/casa/reflections").status == .forbidden, "an admin as such does not see them")
            #expect(try await beto.get("/c/casa/reflections").status == .forbidden)
            // The quarter they were given in is not over: nothing of them shows yet.
            #expect(try await cora.get("/c/casa/reflections").text.contains("Too few reflections"))
            clock.advance(minutes: 80 * Self.day)
            try await cora.signIn("cora")
            let page = try await cora.get("/c/casa/reflections")
            #expect(page.status == .ok)
            let people = try #require(page.text.components(separatedBy: "<th scope=\"row\">People</th>").last)
            let row = String(people.prefix(while: { $0 != "\n" }))
            // 6 shown; 2 and 1 hidden; 2 + 1 < 5, so the total (9, from which 3 follows) is hidden too.
            #expect(row.contains(">6<"))
            #expect(!row.contains(">9<") && !row.contains(">2<") && !row.contains(">1<"))
            #expect(row.components(separatedBy: ">hidden<").count == 4)
            #expect(page.text.contains("a second is hidden with it"))
            #expect(try await cora.get("/c/casa").text.contains("href=\"/c/casa/reflections\""))

            // A year and more later, they have left the window.
            clock.advance(minutes: 400 * Self.day)
            try await cora.signIn("cora")
            #expect(try await cora.get("/c/casa/reflections").text.contains("Too few reflections"))
            // No other window to compare it with.
            let asked = try await cora.get("/c/casa/reflections?months=24")
            #expect(asked.status == .ok && !asked.text.contains(">6<") && !asked.text.contains("name=\"months\""))
        }
    }

    @Test("rotating the instance key reseals every reflection; counts still open and a second reflection is still refused")
    func reflectionsFollowKeyRotation() async throws {
        let folder = NSTemporaryDirectory() + "tejido-keys-\(UUID().uuidString)"
        let path = folder + "/instance.key"
        try InstanceKeyFile.create(path: path)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await withTejido({ $0.keyFilePath = path }) { app, clock in
            let (casa, _) = try await Fixtures.casaWithAdmin(app)
            let caseID = UUID()
            let userID = UUID()
            for index in 0..<5 {
                try await Reflections.give(
                    Reflection(heard: .yes, clear: .no, changes: [.moreCare]), side: .survivorSide, collectiveID: casa.id,
                    caseID: index == 0 ? caseID : UUID(), userID: index == 0 ? userID : UUID(), now: clock.now,
                    sealingKey: app.tejido.reflectionKey, receiptKeys: app.tejido.reflectionReceiptKeys, on: app.db)
            }
            let before = try await ReflectionRecord.query(on: app.db).all().map(\.sealed)
            _ = try await app.rotateKeys()
            let newest = try InstanceKeyFile.loadRing(path: path).keys[0].derived(.reflections)
            let rows = try await ReflectionRecord.query(on: app.db).all()
            #expect(rows.allSatisfy { !before.contains($0.sealed) }, "every row sealed again")
            #expect(rows.allSatisfy { Reflections.open($0, keys: [newest]) != nil }, "each opens with the newest key alone")
            let months: Set<String> = [ReflectionSummary.month(of: clock.now, calendar: .utc)]
            let answers = try await Reflections.answers(
                collectiveID: casa.id, months: months, keys: app.tejido.reflectionKeys, on: app.db)
            #expect(answers.count == 5)
            await #expect(throws: TejidoError.conflict(messageKey: "error_reflection_twice")) {
                try await Reflections.give(
                    Reflection(heard: .no, clear: .no, changes: []), side: .team, collectiveID: casa.id, caseID: caseID,
                    userID: userID, now: clock.now, sealingKey: app.tejido.reflectionKey,
                    receiptKeys: app.tejido.reflectionReceiptKeys, on: app.db)
            }
        }
    }

    // MARK: Worried

    @Test("the worried page: no account, no cookie, no session read, both languages, only published entries")
    func worriedPage() async throws {
        try await withTejido { app, clock in
            let (_, ana) = try await Fixtures.casaWithAdmin(app)
            for (kind, name, visibility) in [
                ("survivor_support", "Red Violeta Abierta", "public"), ("counselling", "Consulta Privada Interna", "members"),
                ("programme_for_people_who_harmed", "Programa Cambiar", "public"),
                ("masculinity_group", "Hombres en Círculo", "public"),
            ] {
                let created = try await ana.post(
                    "/c/casa/directory/new",
                    [
                        "kind": kind, "name": name, "website": "https://example.org", "visibility": visibility,
                        "may_involve_police": "no", "verified_now": "1",
                    ])
                #expect(created.status == .seeOther, "\(name)")
            }
            let visitor = TestBrowser(app)
            let page = try await visitor.get("/worried/casa")
            #expect(page.status == .ok && page.headers[.setCookie].isEmpty)
            #expect(
                page.text.contains("Someone you care about was harmed") && page.text.contains("You are worried you caused harm"))
            #expect(page.text.contains("Red Violeta Abierta") && page.text.contains("Programa Cambiar"))
            #expect(!page.text.contains("Consulta Privada Interna"), "a members-only entry is not for strangers")
            let harmed = try #require(page.text.components(separatedBy: "id=\"caused\"").first)
            #expect(harmed.contains("Red Violeta Abierta") && !harmed.contains("Programa Cambiar"), "each half its own services")
            #expect(!page.text.contains("<form method=\"post\" action=\"/language\""))

            let spanish = try await visitor.get("/preocupa/casa")
            #expect(spanish.headers[.setCookie].isEmpty && spanish.text.contains("lang=\"es\""))
            #expect(spanish.text.contains("¿Te preocupa alguien?") && spanish.text.contains("Hombres en Círculo"))
            #expect(try await visitor.get("/worried/nowhere").status == .notFound)
            #expect(try await visitor.get("/worried").status == .ok)

            // Signed in, the page neither reads nor refreshes the session, nor shows who is there.
            let before = try #require(try await UserSessionRecord.query(on: app.db).first()).lastSeenAt
            clock.advance(minutes: 5)
            let signedIn = try await ana.get("/worried/casa")
            #expect(signedIn.headers[.setCookie].isEmpty && !signedIn.text.contains("action=\"/logout\""))
            #expect(try await UserSessionRecord.query(on: app.db).first()?.lastSeenAt == before)
            // Reached from the immediate-help page and the home page, in the reader's language.
            #expect(try await visitor.get("/help/casa").text.contains("href=\"/worried/casa\""))
            #expect(try await visitor.get("/ayuda").text.contains("href=\"/preocupa\""))
            #expect(try await visitor.get("/").text.contains("href=\"/worried\""))
        }
    }
}

/// M0025 on a database made by the previous release: everything there stays, and the new tables
/// work at once.
@Suite("Upgrading to agreement reviews and reflections")
struct KeepingUpgradeTests {
    @Test("the previous release's protocol, acknowledgements and agenda survive M0025, which also reverts cleanly")
    func upgradesPreviousRelease() async throws {
        try await withTejido { app, clock in
            let migration = M0025_CreateAgreementReviewsAndReflections()
            try await migration.revert(on: app.db)
            // The previous release's data, made through its own forms.
            let (casa, ana) = try await Fixtures.casaWithAdmin(app)
            try await Fixtures.member(app, casa, "beto")
            try await Fixtures.adoptProtocol(ana, slug: "casa")
            _ = try await ana.post("/c/casa/protocol/agreement", ["version": "1"])
            _ = try await ana.post("/c/casa/assembly/items", ["title": "ZQ-OLD-MOTION", "text": "Paint the door"])
            let acknowledgements = try await AgreementAcknowledgementRecord.query(on: app.db).count()
            let items = try await AssemblyItemRecord.query(on: app.db).count()

            try await migration.prepare(on: app.db)

            #expect(try await AgreementAcknowledgementRecord.query(on: app.db).count() == acknowledgements)
            #expect(try await AssemblyItemRecord.query(on: app.db).count() == items)
            #expect(try await ana.get("/c/casa/assembly").text.contains("ZQ-OLD-MOTION"))
            #expect(try await ana.get("/c/casa/protocol/acknowledgements").text.contains("1 of 2 members"))
            let tomorrow = AgreementReviewPanel.isoDay(clock.now.addingTimeInterval(86_400))
            #expect(try await ana.post("/c/casa/protocol/agreement/review", ["review_on": tomorrow]).status == .seeOther)
            clock.advance(minutes: 2 * 1_440)
            #expect(try await app.raiseDueAgreementReviews() == 1)
        }
    }
}
