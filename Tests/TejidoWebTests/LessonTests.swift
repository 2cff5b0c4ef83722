import Fluent
import Foundation
import SQLKit
import TejidoCore
import Testing
import VaporTesting

@testable import TejidoWeb

/// Lessons from past cases and practice scenarios, through their pages.
@Suite("Lessons")
struct LessonTests {
    /// Every lesson and practice route, for the cross-collective inventory.
    static func requests(slug: String, lesson: String, scenario: String) -> [(HTTPMethod, SiteURL)] {
        [
            (.GET, .lessons(slug: slug)), (.GET, .lesson(slug: slug, lessonID: lesson)),
            (.GET, .lessonEdit(slug: slug, lessonID: lesson)), (.POST, .lessonEdit(slug: slug, lessonID: lesson)),
            (.POST, .lessonApprove(slug: slug, lessonID: lesson)), (.GET, .lessonWithdraw(slug: slug, lessonID: lesson)),
            (.POST, .lessonWithdraw(slug: slug, lessonID: lesson)), (.GET, .practice(slug: slug)),
            (.GET, .practiceNew(slug: slug)), (.POST, .practiceNew(slug: slug)),
            (.GET, .practiceScenario(slug: slug, scenarioID: scenario)),
        ]
    }

    /// Sofi's case, with Beto supporting and Cora facilitating, classified as psychological harm
    /// and closed. With `delegate`, Beto acts for her and she consented to history recovery.
    static func closedCase(_ app: Application, delegate: Bool = false) async throws -> CaseTests.People {
        let p = try await CaseTests.people(app)
        let url = p.caseURL
        _ = try await p.sofi.post(url + "/people", ["username": "beto", "role": "supporter"])
        _ = try await p.sofi.post(url + "/people", ["username": "cora", "role": "facilitator"])
        #expect(
            try await p.cora.post(url + "/classify", ["level_psychological": "2", "reason": "ZQ-REASON"]).status == .seeOther)
        if delegate {
            let beto = try #require(
                try await Fixtures.store(app, as: "sofi").load(try caseID(url), in: p.casa.id)?.activePeople
                    .first { $0.username == "beto" })
            _ = try await p.sofi.post(url + "/people/\(beto.id.uuidString)", ["acts_for_survivor": "1"])
            #expect(
                try await p.sofi.post(
                    url + "/consents", ["scope": "history_recovery", "detail": "Beto may help me write a lesson", "days": "90"]
                ).status == .seeOther)
        }
        #expect(try await p.cora.post(url + "/stage", ["stage": "closed", "stage_reason": "All done"]).status == .seeOther)
        return p
    }

    static func caseID(_ url: String) throws -> UUID { try #require(UUID(uuidString: String(url.split(separator: "/").last!))) }

    /// Starts a lesson as `browser` and returns its address.
    static func start(_ browser: TestBrowser, _ p: CaseTests.People) async throws -> String {
        let response = try await browser.post(p.caseURL + "/lesson", [:])
        #expect(response.status == .seeOther)
        let location = try #require(response.location)
        #expect(location.hasSuffix("/edit"))
        return String(location.dropLast("/edit".count))
    }

    static let form = [
        "title": "ZQ-TITLE Cuando esperamos demasiado", "happened": "Hubo una agresión verbal repetida en las asambleas.",
        "collective_did": "El equipo de cuidados escuchó primero.", "helped": "Que me creyeran.",
        "did_not_help": "Esperar a la asamblea.", "differently": "Actuar antes.", "season": "autumn", "year": "2026",
        "harm_psychological": "1", "language": "es", "delay": "1",
    ]

    static func digest(_ page: String) throws -> String {
        let range = try #require(page.range(of: #"name="digest" value="[0-9a-f]{64}""#, options: .regularExpression))
        return String(page[range].suffix(65).dropLast())
    }

    /// Months pass: everyone signs in again (sessions end when idle).
    static func signInAgain(_ p: CaseTests.People) async throws {
        for (browser, name) in [(p.ana, "ana"), (p.sofi, "sofi"), (p.beto, "beto"), (p.cora, "cora"), (p.ramon, "ramon")] {
            try await browser.signIn(name)
        }
    }

    /// Writes the text and has Sofi approve it; returns the lesson's address.
    static func published(_ app: Application, _ clock: TestClock, _ p: CaseTests.People) async throws -> String {
        let lesson = try await start(p.sofi, p)
        #expect(try await p.sofi.post(lesson + "/edit", form).status == .seeOther)
        let page = try await p.sofi.get(lesson).text
        #expect(try await p.sofi.post(lesson + "/approve", ["digest": try digest(page)]).status == .seeOther)
        try await openUp(app, clock)
        try await signInAgain(p)
        return lesson
    }

    /// Moves the clock to the moment the (one) approved lesson opens to members.
    static func openUp(_ app: Application, _ clock: TestClock, offset: Double = 0) async throws {
        let record = try #require(try await LessonRecord.query(on: app.db).filter(\.$publishAt != nil).first())
        let at = try #require(record.publishAt)
        clock.advance(minutes: (at.timeIntervalSince(clock.now) + offset) / 60)
    }

    @Test("only the survivor, or a supporter acting for her with her consent, starts a lesson, and only once the case ended")
    func whoStarts() async throws {
        try await withTejido { app, _ in
            let p = try await CaseTests.people(app)
            _ = try await p.sofi.post(p.caseURL + "/people", ["username": "cora", "role": "facilitator"])
            #expect(try await p.sofi.get(p.caseURL + "/lesson").status == .forbidden, "not while the case is open")
            #expect(!(try await p.sofi.get(p.caseURL).text.contains("Write a lesson from this case")))
            _ = try await p.sofi.post(
                p.caseURL + "/consents", ["scope": "tell_respondent", "detail": "Ramón may know", "days": "90"])
            #expect(
                try await p.sofi.post(p.caseURL + "/people", ["username": "ramon", "role": "respondent"]).status == .seeOther)
            _ = try await p.sofi.post(p.caseURL + "/people", ["username": "beto", "role": "supporter"])
            #expect(try await p.cora.post(p.caseURL + "/stage", ["stage": "closed", "stage_reason": "Done"]).status == .seeOther)

            let start = try await p.sofi.get(p.caseURL + "/lesson")
            #expect(start.status == .ok && start.text.contains("Turn what you lived through into a lesson"))
            #expect(try await p.sofi.get(p.caseURL).text.contains("Write a lesson from this case"))
            for (who, browser) in [("respondent", p.ramon), ("facilitator", p.cora), ("supporter", p.beto)] {
                #expect(try await browser.get(p.caseURL + "/lesson").status == .forbidden, "\(who)")
                #expect(try await browser.post(p.caseURL + "/lesson", [:]).status == .forbidden, "\(who)")
                #expect(!(try await browser.get(p.caseURL).text.contains("Write a lesson from this case")), "\(who)")
            }
            #expect(try await p.ana.get(p.caseURL + "/lesson").status == .notFound, "an admin not in the case")
            let huerta = try await Fixtures.collective(app, "Huerta", admin: "hugo")
            _ = huerta
            let hugo = TestBrowser(app)
            try await hugo.signIn("hugo")
            #expect(try await hugo.post(p.caseURL + "/lesson", [:]).status == .notFound, "another collective's admin")
            #expect(try await LessonRecord.query(on: app.db).count() == 0, "nothing was started")
            // A second press of the button finds the empty lesson the first one started.
            let first = try await Self.start(p.sofi, p)
            #expect(try await Self.start(p.sofi, p) == first)
            #expect(try await LessonRecord.query(on: app.db).count() == 1)
        }
    }

    @Test("any edit cancels the approval, a shorter wait too; a stale approval is refused; a supporter cannot touch her lesson")
    func approvalCancelledByEdit() async throws {
        try await withTejido { app, clock in
            let p = try await Self.closedCase(app, delegate: true)
            // She has an account: Beto, though he acts for her with her consent, starts none.
            #expect(try await p.beto.post(p.caseURL + "/lesson", [:]).status == .forbidden)
            let lesson = try await Self.start(p.sofi, p)
            let yearly = Self.form.merging(["delay": "12"]) { _, new in new }
            #expect(try await p.sofi.post(lesson + "/edit", yearly).status == .seeOther)
            #expect(try await p.beto.get(lesson).status == .notFound, "not his to read")
            #expect(try await p.beto.post(lesson + "/edit", Self.form).status == .notFound)
            #expect(try await p.beto.post(lesson + "/withdraw", ["confirm": "yes"]).status == .notFound)

            let shown = try await p.sofi.get(lesson).text
            #expect(shown.contains("waiting for your approval") && shown.contains("ZQ-TITLE"))
            #expect(shown.contains("Members may first read it: <strong>A year after</strong>"))
            #expect(try await p.sofi.post(lesson + "/approve", ["digest": try Self.digest(shown)]).status == .seeOther)
            #expect(try await p.sofi.get(lesson).text.contains("Members can read it from"))

            // One word changes after her approval.
            var changed = yearly
            changed["helped"] = "Que me creyeran, casi siempre."
            #expect(try await p.sofi.get(lesson + "/edit").text.contains("Saving a change takes the approval away"))
            #expect(try await p.sofi.post(lesson + "/edit", changed).status == .seeOther)
            let after = try await p.sofi.get(lesson).text
            #expect(after.contains("waiting for your approval"))
            // The page from before still carries the old text's digest: refused, and the new one shows.
            let stale = try await p.sofi.post(lesson + "/approve", ["digest": try Self.digest(shown)])
            #expect(stale.status == .conflict && stale.text.contains("The text changed since you opened it"))
            #expect(stale.text.contains("casi siempre"))
            // The same words with a shorter wait are not the text she approved either.
            #expect(try await p.sofi.post(lesson + "/approve", ["digest": try Self.digest(after)]).status == .seeOther)
            var sooner = changed
            sooner["delay"] = "1"
            #expect(try await p.sofi.post(lesson + "/edit", sooner).status == .seeOther)
            let shorter = try await p.sofi.get(lesson).text
            #expect(shorter.contains("waiting for your approval") && shorter.contains("One month after the case ended"))
            #expect(try await p.sofi.post(lesson + "/approve", ["digest": try Self.digest(after)]).status == .conflict)
            // However long anyone waits, members read nothing until she approves again.
            clock.advance(minutes: 60 * 24 * 400)
            try await Self.signInAgain(p)
            #expect(!(try await p.ana.get("/c/casa/lessons").text.contains("ZQ-TITLE")))
            #expect(try await p.ana.get(lesson).status == .notFound)
            #expect(try await LessonRecord.query(on: app.db).first()?.published == nil)
            let fresh = try await p.sofi.get(lesson).text
            #expect(try await p.sofi.post(lesson + "/approve", ["digest": try Self.digest(fresh)]).status == .seeOther)
            try await Self.openUp(app, clock)
            try await Self.signInAgain(p)
            let read = try await p.ana.get(lesson)
            #expect(read.status == .ok && read.text.contains("casi siempre"))
            #expect(!read.text.contains("I approve this text") && !read.text.contains("Change the text"))
            #expect(try await p.ana.post(lesson + "/edit", Self.form).status == .forbidden)
        }
    }

    @Test("members read it no sooner than the chosen delay: not one second before, from the moment itself")
    func publicationDelay() async throws {
        try await withTejido { app, clock in
            let p = try await Self.closedCase(app)
            let closedAt = clock.now
            let lesson = try await Self.start(p.sofi, p)
            var form = Self.form
            form["delay"] = "6"
            #expect(try await p.sofi.post(lesson + "/edit", form).status == .seeOther)
            #expect(
                try await p.sofi.post(lesson + "/approve", ["digest": try Self.digest(try await p.sofi.get(lesson).text)])
                    .status == .seeOther)
            let at = try #require(try await LessonRecord.query(on: app.db).first()?.publishAt)
            #expect(at >= LessonSchedule.earliest(endedAt: closedAt, delay: .sixMonths))
            try await Self.openUp(app, clock, offset: -1)
            try await Self.signInAgain(p)
            #expect(!(try await p.ana.get("/c/casa/lessons").text.contains("ZQ-TITLE")))
            #expect(try await p.ana.get(lesson).status == .notFound)
            clock.advance(minutes: 1 / 60)
            let list = try await p.ana.get("/c/casa/lessons").text
            #expect(list.contains("ZQ-TITLE") && list.contains("<a href=\"\(lesson)\""), "listed as a link, not as text")
            #expect(!list.contains("&lt;li"), "no markup shown as text")
            #expect(try await p.ana.get("/c/casa/lessons?q=zzzz").text.contains("No lesson matches this search."))
            // Written in Spanish, found in English by what it is about (its harm type's English name).
            #expect(try await p.ana.get("/c/casa/lessons?q=psychological+verbal").text.contains("ZQ-TITLE"))
            #expect(try await p.ana.get(lesson).status == .ok)
        }
    }

    @Test("changing a published lesson removes the practice scenario that copied its old words")
    func editRemovesScenario() async throws {
        try await withTejido { app, clock in
            let p = try await Self.closedCase(app)
            let lesson = try await Self.published(app, clock, p)
            let id = String(lesson.split(separator: "/").last!)
            let made = try await p.cora.post(
                "/c/casa/practice/new",
                ["lesson": id, "title": "ZQ-SCENARIO", "content_note": "Verbal harm", "text": "A copy", "questions": "What now?"])
            #expect(made.status == .seeOther)
            let practice = try await p.ana.get("/c/casa/practice").text
            #expect(practice.contains("<li><a href=\"/c/casa/practice/") && !practice.contains("&lt;li"))
            #expect(try await p.sofi.get(lesson + "/edit").text.contains("any practice scenario made from it is removed"))
            var changed = Self.form
            changed["helped"] = "Otra cosa."
            #expect(try await p.sofi.post(lesson + "/edit", changed).status == .seeOther)
            #expect(!(try await p.ana.get("/c/casa/practice").text.contains("ZQ-SCENARIO")))
            #expect(try await PracticeScenarioRecord.query(on: app.db).count() == 0)
        }
    }

    @Test("withdrawing removes it at once from the list, search, the facilitator's case and its practice scenario")
    func withdrawal() async throws {
        try await withTejido { app, clock in
            let p = try await Self.closedCase(app)
            let lesson = try await Self.published(app, clock, p)
            // A new case, classified the same way: its facilitator is offered the lesson; its survivor is not.
            let newCase = try await Fixtures.disclose(p.beto, slug: "casa", ["narrative": "ZQ-NEW"])
            _ = try await p.beto.post(newCase + "/people", ["username": "cora", "role": "facilitator"])
            #expect(
                try await p.cora.post(newCase + "/classify", ["level_psychological": "1", "reason": "r"]).status == .seeOther)
            let classify = try await p.cora.get(newCase + "/classify").text
            #expect(classify.contains("Lessons from earlier cases") && classify.contains("ZQ-TITLE"))
            #expect(!(try await p.beto.get(newCase).text.contains("ZQ-TITLE")))
            // The care team makes a practice scenario from it.
            let id = String(lesson.split(separator: "/").last!)
            let made = try await p.cora.post(
                "/c/casa/practice/new",
                ["lesson": id, "title": "ZQ-SCENARIO", "content_note": "Verbal harm", "text": "A copy", "questions": "What now?"])
            #expect(made.status == .seeOther)
            #expect(try await p.ana.get("/c/casa/practice").text.contains("ZQ-SCENARIO"))
            #expect(try await p.ana.get("/c/casa/lessons?q=agresion").text.contains("ZQ-TITLE"))

            let confirm = try await p.sofi.get(lesson + "/withdraw").text
            #expect(confirm.contains("Any practice scenario made from it goes too"))
            #expect(try await p.sofi.post(lesson + "/withdraw", ["confirm": "yes"]).status == .seeOther)
            #expect(!(try await p.ana.get("/c/casa/lessons").text.contains("ZQ-TITLE")))
            #expect(!(try await p.ana.get("/c/casa/lessons?q=agresion").text.contains("ZQ-TITLE")))
            #expect(!(try await p.cora.get(newCase + "/classify").text.contains("ZQ-TITLE")))
            #expect(!(try await p.ana.get("/c/casa/practice").text.contains("ZQ-SCENARIO")))
            #expect(try await p.ana.get(lesson).status == .notFound)
            #expect(try await p.sofi.get(lesson).status == .notFound)
            for table in ["lessons", LessonKeys.table, "practice_scenarios"] {
                #expect(try await sql(app).select().column("id").from(table).all().isEmpty, "\(table) keeps a row")
            }
        }
    }

    @Test("names the case knows are refused unless she agrees; a supporter cannot agree for her; bad input keeps what was typed")
    func badInput() async throws {
        try await withTejido { app, _ in
            let p = try await Self.closedCase(app, delegate: true)
            let lesson = try await Self.start(p.sofi, p)
            var named = Self.form
            named["happened"] = "Beto gritaba en las asambleas <script>alert(1)</script>"
            let refused = try await p.sofi.post(lesson + "/edit", named)
            #expect(refused.status == .unprocessableEntity && refused.text.contains("This names someone the case knows"))
            #expect(refused.text.contains("Beto gritaba") && !refused.text.contains("<script>alert"))
            #expect(refused.text.contains("&lt;script&gt;"))
            // Beto, acting for her, cannot agree for her: her lesson is not his to change at all.
            #expect(
                try await p.beto.post(lesson + "/edit", named.merging(["names_agreed": "1"]) { a, _ in a }).status
                    == .notFound)
            #expect(
                try await p.sofi.post(lesson + "/edit", named.merging(["names_agreed": "1"]) { a, _ in a }).status
                    == .seeOther)
            // No season chosen (the form offers none by default): asked for, nothing saved.
            var noSeason = Self.form
            noSeason["season"] = ""
            let unseasoned = try await p.sofi.post(lesson + "/edit", noSeason)
            #expect(unseasoned.status == .unprocessableEntity && unseasoned.text.contains("id=\"season-error\""))
            // The dates box is asked again on each edit, never left ticked from the save before.
            let checkedBox = #"id="dates_checked"[^>]* checked"#
            let ticked = named.merging(["names_agreed": "1", "dates_checked": "1"]) { _, new in new }
            #expect(try await p.sofi.post(lesson + "/edit", ticked).status == .seeOther)
            let again = try await p.sofi.get(lesson + "/edit").text
            #expect(again.contains("id=\"dates_checked\""))
            #expect(again.range(of: checkedBox, options: .regularExpression) == nil)
            // Dates, an unknown season, a year from the future, a text far too long: each beside its field.
            var bad = Self.form
            bad["differently"] = "Desde el 12 de marzo"
            bad["season"] = "monsoon"
            bad["year"] = "2999"
            bad["collective_did"] = String(repeating: "x", count: LessonText.fieldLimit + 1)
            bad["delay"] = "5"
            let problems = try await p.sofi.post(lesson + "/edit", bad)
            #expect(problems.status == .unprocessableEntity)
            for message in ["Choose a season", "Give a year between 1990", "Choose when members may first read it"] {
                #expect(problems.text.contains(message), "\(message)")
            }
            let dated = try await p.sofi.post(
                lesson + "/edit", Self.form.merging(["differently": "Desde el 12 de marzo"]) { _, b in b })
            #expect(dated.status == .unprocessableEntity && dated.text.contains("This looks like a date"))
            #expect(dated.text.contains("Desde el 12 de marzo"))
            // Nothing half-done: the stored text is still the one with names she agreed to.
            #expect(try await p.sofi.get(lesson).text.contains("Beto gritaba"))
        }
    }

    @Test("no row says which case a lesson came from, and deleting the case neither reveals nor removes it")
    func noLinkToTheCase() async throws {
        try await withTejido { app, clock in
            let p = try await Self.closedCase(app)
            let caseID = try Self.caseID(p.caseURL)
            let lesson = try await Self.published(app, clock, p)
            var bytes = Data()
            for table in ["lessons", LessonKeys.table] {
                for row in try await sql(app).raw("SELECT * FROM \(ident: table)").all() {
                    for column in row.allColumns {
                        if let data = try? row.decode(column: column, as: Data.self) { bytes.append(data) }
                        if let text = try? row.decode(column: column, as: String.self) { bytes.append(Data(text.utf8)) }
                        if let id = try? row.decode(column: column, as: UUID.self) { bytes.append(Data(id.uuidString.utf8)) }
                    }
                }
            }
            #expect(!bytes.isEmpty)
            let raw = withUnsafeBytes(of: caseID.uuid) { Data($0) }
            for needle in [Data(caseID.uuidString.utf8), Data(caseID.uuidString.lowercased().utf8), raw] {
                #expect(bytes.range(of: needle) == nil, "the case id is in the lessons tables")
            }
            // Nor who wrote it: no account id and no key fingerprint of hers, which a copied
            // database would match against the case's people.
            let sofi = try #require(try await UserRecord.query(on: app.db).filter(\.$username == "sofi").first()?.id)
            let key = try #require(try await AccountKeyRecord.query(on: app.db).filter(\.$userID == sofi).first())
            let fingerprint = PersonalKey.fingerprint(key.publicKey)
            for needle in [
                Data(sofi.uuidString.utf8), Data(sofi.uuidString.lowercased().utf8),
                withUnsafeBytes(of: sofi.uuid) { Data($0) }, Data(fingerprint.utf8),
            ] {
                #expect(bytes.range(of: needle) == nil, "the lessons tables name their author")
            }
            #expect(try await p.sofi.post(p.caseURL + "/delete", ["confirm": "yes"]).status == .seeOther)
            let read = try await p.ana.get(lesson)
            #expect(read.status == .ok && read.text.contains("ZQ-TITLE"))
            #expect(try await p.sofi.get(lesson).text.contains("Change the text"), "still hers after the case is gone")
        }
    }

    @Test("asked to, her own deletion of the case takes the lesson with it; another lesson of hers stays")
    func removedWithTheCase() async throws {
        try await withTejido { app, _ in
            let p = try await Self.closedCase(app)
            let going = try await Self.start(p.sofi, p)
            #expect(
                try await p.sofi.post(going + "/edit", Self.form.merging(["remove_with_case": "1"]) { _, b in b }).status
                    == .seeOther)
            let staying = try await Self.start(p.sofi, p)
            #expect(try await p.sofi.post(staying + "/edit", Self.form).status == .seeOther)
            let form = try await p.sofi.get(going + "/edit").text
            #expect(form.range(of: #"id="remove_with_case"[^>]* checked"#, options: .regularExpression) != nil)
            #expect(try await p.sofi.post(p.caseURL + "/delete", ["confirm": "yes"]).status == .seeOther)
            #expect(try await p.sofi.get(going).status == .notFound)
            #expect(try await p.sofi.get(staying).status == .ok)
            #expect(try await LessonRecord.query(on: app.db).count() == 1)
        }
    }

    @Test("deleting her account takes her lessons with it; a wrong passphrase deletes nothing")
    func accountDeleted() async throws {
        try await withTejido { app, clock in
            let p = try await Self.closedCase(app)
            let lesson = try await Self.published(app, clock, p)
            #expect(
                try await p.sofi.post("/account/delete", ["passphrase": "not it at all, sorry"]).status == .unprocessableEntity)
            #expect(try await p.ana.get(lesson).status == .ok)
            #expect(try await p.sofi.post("/account/delete", ["passphrase": Fixtures.passphrase]).status == .seeOther)
            #expect(try await p.ana.get(lesson).status == .notFound)
            #expect(try await LessonRecord.query(on: app.db).count() == 0)
        }
    }

    @Test("in Spanish: search ignores accents, harm types read in Spanish, and the lesson's language is labelled for others")
    func spanish() async throws {
        try await withTejido { app, clock in
            let p = try await Self.closedCase(app)
            _ = try await Self.published(app, clock, p)
            let lea = TestBrowser(app, headers: ["Accept-Language": "es"])
            try await Fixtures.member(app, p.casa, "lea")
            try await lea.signIn("lea")
            let found = try await lea.get("/c/casa/lessons?q=AGRESION")
            #expect(found.status == .ok && found.text.contains("ZQ-TITLE") && found.text.contains("Tipo de daño"))
            #expect(!(try await lea.get("/c/casa/lessons?q=agresion+jardin").text.contains("ZQ-TITLE")))
            #expect(try await lea.get("/c/casa/lessons?harm=psychological").text.contains("ZQ-TITLE"))
            #expect(!(try await lea.get("/c/casa/lessons?harm=physical").text.contains("ZQ-TITLE")))
            #expect(!(try await lea.get("/c/casa/lessons").text.contains("escrita en")), "same language, no label")
            let english = try await p.ana.get("/c/casa/lessons").text
            #expect(english.contains("written in Español"))
            #expect(try await p.ana.get("/c/casa").text.contains("Lessons from past cases"))
        }
    }

    @Test("another collective, an admin, a member and someone who left get 404 for a lesson that is not theirs to read")
    func boundaries() async throws {
        try await withTejido { app, clock in
            let p = try await Self.closedCase(app)
            let lesson = try await Self.start(p.sofi, p)
            #expect(try await p.sofi.post(lesson + "/edit", Self.form).status == .seeOther)
            let huerta = try await Fixtures.collective(app, "Huerta", admin: "hugo")
            _ = huerta
            let hugo = TestBrowser(app)
            try await hugo.signIn("hugo")
            let id = String(lesson.split(separator: "/").last!)
            for browser in [p.ana, p.cora, p.ramon, hugo] {
                for path in [lesson, lesson + "/edit", lesson + "/withdraw"] {
                    #expect(try await browser.get(path).status == .notFound, "\(path)")
                }
                #expect(try await browser.post(lesson + "/approve", ["digest": "x"]).status == .notFound)
                #expect(try await browser.post(lesson + "/withdraw", ["confirm": "yes"]).status == .notFound)
            }
            // Under another collective's address, even the author finds nothing.
            #expect(try await p.sofi.get("/c/huerta/lessons/\(id)").status == .notFound)
            #expect(try await hugo.get("/c/casa/lessons").status == .notFound)
            #expect(try await hugo.get("/c/casa/practice").status == .notFound)
            #expect(try await p.ramon.get("/c/casa/practice/new").status == .forbidden, "members read scenarios, not write them")
            #expect(try await p.cora.get("/c/casa/practice/new?lesson=\(id)").status == .notFound, "not published yet")
            // Published, then its reader leaves: gone for him; the survivor who leaves keeps hers.
            #expect(
                try await p.sofi.post(lesson + "/approve", ["digest": try Self.digest(try await p.sofi.get(lesson).text)])
                    .status == .seeOther)
            try await Self.openUp(app, clock)
            try await Self.signInAgain(p)
            #expect(try await p.beto.get(lesson).status == .ok)
            #expect(try await p.beto.post("/c/casa/leave").status == .seeOther)
            #expect(try await p.beto.get(lesson).status == .notFound)
            #expect(try await p.sofi.post("/c/casa/leave").status == .seeOther)
            #expect(try await p.sofi.get(lesson).status == .ok)
            #expect(try await p.sofi.post(lesson + "/withdraw", ["confirm": "yes"]).status == .seeOther)
            #expect(try await LessonRecord.query(on: app.db).count() == 0)
        }
    }

    @Test("a practice scenario shows its content note first and opens its text only on request")
    func practice() async throws {
        try await withTejido { app, _ in
            let p = try await CaseTests.people(app)
            let empty = try await p.cora.post("/c/casa/practice/new", ["title": "ZQ-S", "content_note": "", "text": "<b>t</b>"])
            #expect(empty.status == .unprocessableEntity && empty.text.contains("Write a content note"))
            #expect(empty.text.contains("&lt;b&gt;t&lt;/b&gt;"))
            #expect(
                try await p.beto.post("/c/casa/practice/new", ["title": "x", "content_note": "y", "text": "z"]).status
                    == .forbidden)
            let made = try await p.cora.post(
                "/c/casa/practice/new",
                ["title": "ZQ-S", "content_note": "ZQ-NOTE", "text": "ZQ-TEXT", "questions": "Q1?\nQ2?"])
            let location = try #require(made.location)
            // Sent again at once (a double press): the same scenario, not a second one.
            let again = try await p.cora.post(
                "/c/casa/practice/new",
                ["title": "ZQ-S", "content_note": "ZQ-NOTE", "text": "ZQ-TEXT", "questions": "Q1?\nQ2?"])
            #expect(again.location == location)
            #expect(try await PracticeScenarioRecord.query(on: app.db).count() == 1)
            let page = try await p.beto.get(location).text
            let note = try #require(page.range(of: "ZQ-NOTE")), summary = try #require(page.range(of: "<summary>"))
            let body = try #require(page.range(of: "ZQ-TEXT"))
            #expect(note.lowerBound < summary.lowerBound && summary.lowerBound < body.lowerBound)
            #expect(page.contains("<li>Q2?</li>"))
            #expect(try await p.ana.get("/c/casa").text.contains("Practice scenarios"))
        }
    }

    @Test("keys rotate: lesson wraps re-locked and published copies resealed; both still open")
    func keyRotation() async throws {
        let folder = NSTemporaryDirectory() + "tejido-keys-\(UUID().uuidString)"
        let path = folder + "/instance.key"
        try InstanceKeyFile.create(path: path)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await withTejido({ $0.keyFilePath = path }) { app, clock in
            let p = try await Self.closedCase(app)
            let lesson = try await Self.published(app, clock, p)
            let before = try #require(try await LessonRecord.query(on: app.db).first()?.published)
            _ = try await app.rotateKeys()
            #expect(try await LessonRecord.query(on: app.db).first()?.published != before)
            let current = try InstanceKeyFile.loadRing(path: path).currentID
            let stale = try await sql(app).select().column("id").from(LessonKeys.table).where("key_id", .notEqual, current).all()
            #expect(stale.isEmpty)
            #expect(try await app.pruneKeys() == 1)
            #expect(try await p.ana.get(lesson).text.contains("ZQ-TITLE"))
            #expect(try await p.sofi.get(lesson).text.contains("Change the text"))
        }
    }
}

/// The release before lessons, migrated up: its data is intact and its ended cases can give lessons.
@Suite("Lessons upgrade")
struct LessonsUpgradeTests {
    @Test("a database made before M0024 keeps its cases, people and protocol, and its closed case can start a lesson")
    func upgradesPreviousRelease() async throws {
        try await withTejido { app, _ in
            let migration = M0024_CreateLessons()
            try await migration.revert(on: app.db)
            // The previous release's data, made through its own pages: a closed, classified case.
            let p = try await LessonTests.closedCase(app)
            let counts = try await CaseBoundaryTests.snapshot(app)
            let users = try await UserRecord.query(on: app.db).count()
            try await migration.prepare(on: app.db)

            #expect(try await CaseBoundaryTests.snapshot(app) == counts)
            #expect(try await UserRecord.query(on: app.db).count() == users)
            let page = try await p.sofi.get(p.caseURL)
            #expect(page.status == .ok && page.text.contains("ZQ-WORDS-5521"), "the old case opens as before")
            #expect(try await p.cora.get(p.caseURL).text.contains("ZQ-REASON"))
            let lesson = try await LessonTests.start(p.sofi, p)
            #expect(try await p.sofi.post(lesson + "/edit", LessonTests.form).status == .seeOther)
            #expect(try await p.sofi.get(lesson).text.contains("ZQ-TITLE"))
        }
    }
}
