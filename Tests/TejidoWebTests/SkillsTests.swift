import Fluent
import Foundation
import TejidoCore
import Testing
import VaporTesting

@testable import TejidoWeb

/// Who is prepared for what: nobody is listed without agreeing, the roster shows only to whoever
/// chooses a case's people, and a training lapses when its date passes.
@Suite("Skills roster")
struct SkillsTests {
    /// The test clock's day is 2027-01-15.
    static func skillID(_ app: Application, _ slug: String, _ key: SkillKey) async throws -> String {
        let collective = try #require(try await CollectiveRecord.query(on: app.db).filter(\.$slug == slug).first())
        try await SkillQueries(database: app.db).ensureStarter(in: collective.requireID(), now: Date())
        let skill = try #require(
            try await SkillRecord.query(on: app.db).filter(\.$collective.$id == collective.requireID())
                .filter(\.$key == key.rawValue).first())
        return try skill.requireID().uuidString
    }

    @Test("a member lists a skill only by agreeing; a refused form keeps what was typed and writes nothing")
    func listingOwnSkill() async throws {
        try await withTejido { app, _ in
            let p = try await CaseTests.people(app)
            let skill = try await Self.skillID(app, "casa", .accompaniment)
            let page = try await p.beto.get("/c/casa/skills")
            #expect(page.status == .ok)
            #expect(page.text.contains("Accompanying a person who was harmed") && page.text.contains("not listed for any skill"))

            let refused = try await p.beto.post(
                "/c/casa/skills", ["skill": skill, "trained_on": "2026-11-02", "renew_by": "2026-10-01", "willing": "1"])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("must come after the training") && refused.text.contains("Tick the box to agree"))
            #expect(refused.text.contains("value=\"2026-11-02\""), "what was typed is kept")
            #expect(try await SkillListingRecord.query(on: app.db).count() == 0)

            let saved = try await p.beto.post(
                "/c/casa/skills",
                ["skill": skill, "trained_on": "2026-11-02", "renew_by": "2027-02-01", "willing": "1", "agree": "1"])
            #expect(saved.status == .seeOther)
            let own = try await p.beto.get("/c/casa/skills").text
            #expect(own.contains("Renew soon"), "renewal within 60 days of 2027-01-15")
            // Saving twice keeps one entry.
            _ = try await p.beto.post(
                "/c/casa/skills", ["skill": skill, "trained_on": "2026-11-02", "willing": "1", "agree": "1"])
            #expect(try await SkillListingRecord.query(on: app.db).count() == 1)
        }
    }

    @Test("a training the care team records shows to nobody until its person agrees")
    func recordedTrainingWaitsForAgreement() async throws {
        try await withTejido { app, _ in
            let p = try await CaseTests.people(app)
            let skill = try await Self.skillID(app, "casa", .accompaniment)
            let beto = try #require(try await UserRecord.query(on: app.db).filter(\.$username == "beto").first()?.id)
            // A member who is not in the care team cannot record anyone's training.
            #expect(
                try await p.ramon.post(
                    "/c/casa/skills/training",
                    ["member": beto.uuidString, "offer_skill": skill, "offer_trained_on": "2026-10-01"]
                ).status == .forbidden)
            let recorded = try await p.cora.post(
                "/c/casa/skills/training", ["member": beto.uuidString, "offer_skill": skill, "offer_trained_on": "2026-10-01"])
            #expect(recorded.status == .seeOther)
            let before = try await p.sofi.get(p.caseURL + "/prepared")
            #expect(before.status == .ok && !before.text.contains("beto"), "not listed before agreeing")

            let betoPage = try await p.beto.get("/c/casa/skills").text
            #expect(betoPage.contains("Trainings waiting for your answer"))
            let listing = try #require(try await SkillListingRecord.query(on: app.db).first())
            #expect(
                try await p.ramon.post(
                    "/c/casa/skills/offers/\(listing.id!.uuidString)", ["answer": "agree", "willing": "1"]
                ).status == .notFound, "another person's offer is not theirs to answer")
            #expect(
                try await p.beto.post("/c/casa/skills/offers/\(listing.id!.uuidString)", ["answer": "agree", "willing": "1"])
                    .status == .seeOther)
            let prepared = try await p.sofi.get(p.caseURL + "/prepared")
            #expect(prepared.status == .ok)
            #expect(prepared.text.contains("Accompanying a person who was harmed") && prepared.text.contains("beto"))
            // His own entry is his: the care team cannot overwrite it, nor learn from the answer that
            // he is listed (it is the answer any recorded training gets).
            let again = try await p.cora.post(
                "/c/casa/skills/training", ["member": beto.uuidString, "offer_skill": skill, "offer_trained_on": "2026-12-01"])
            #expect(again.status == recorded.status && again.location == recorded.location)
            let kept = try #require(try await SkillListingRecord.query(on: app.db).first())
            #expect(kept.agreedAt != nil && kept.trainedOn == CalendarDay.parse("2026-10-01"))
        }
    }

    @Test("the roster is read only by whoever chooses the case's people; lapsed, unwilling and departed people are not on it")
    func rosterReaders() async throws {
        try await withTejido { app, clock in
            let p = try await CaseTests.people(app)
            let skill = try await Self.skillID(app, "casa", .deEscalation)
            for (browser, renew, willing) in [(p.beto, "2027-01-20", "1"), (p.ramon, "", ""), (p.cora, "", "1")] {
                var form = ["skill": skill, "trained_on": "2026-05-01", "agree": "1", "willing": willing]
                if !renew.isEmpty { form["renew_by"] = renew }
                #expect(try await browser.post("/c/casa/skills", form).status == .seeOther)
            }
            var text = try await p.sofi.get(p.caseURL + "/prepared").text
            #expect(text.contains("beto") && text.contains("cora") && !text.contains("ramon"), "ramon is not willing")
            #expect(try await p.sofi.get(p.caseURL + "/people").text.contains(p.caseURL + "/prepared"))

            // Someone already in the case is not offered again.
            _ = try await p.sofi.post(p.caseURL + "/people", ["username": "cora", "role": "facilitator"])
            text = try await p.sofi.get(p.caseURL + "/prepared").text
            #expect(!text.contains("cora"))
            // The facilitator in the case, the admin and a member outside it do not read the roster.
            #expect(try await p.cora.get(p.caseURL + "/prepared").status == .forbidden)
            // The survivor reads in her access log what was tried, named by its page.
            let log = try await p.sofi.get(p.caseURL + "/log").text
            #expect(log.contains("Who is prepared to help") && !log.contains("case_link_prepared"))
            #expect(try await p.ana.get(p.caseURL + "/prepared").status == .notFound)
            #expect(try await p.ramon.get(p.caseURL + "/prepared").status == .notFound)

            // Ramon, willing now, is the respondent in another of her cases: she is not offered him.
            _ = try await p.ramon.post(
                "/c/casa/skills", ["skill": skill, "trained_on": "2026-05-01", "agree": "1", "willing": "1"])
            #expect(try await p.sofi.get(p.caseURL + "/prepared").text.contains("ramon"))
            let other = try await Fixtures.disclose(p.sofi, slug: "casa", ["narrative": "Another time"])
            _ = try await p.sofi.post(other + "/wishes", ["limit_no_police": "1", "limit_not_to_assembly": "1"])
            _ = try await p.sofi.post(other + "/consents", ["scope": "tell_respondent", "detail": "He may know", "days": "30"])
            #expect(try await p.sofi.post(other + "/people", ["username": "ramon", "role": "respondent"]).status == .seeOther)
            let withoutRamon = try await p.sofi.get(p.caseURL + "/prepared")
            #expect(withoutRamon.status == .ok && !withoutRamon.text.contains("ramon"))

            // Six days later beto's training has lapsed.
            #expect(try await p.sofi.get(p.caseURL + "/prepared").text.contains("beto"), "still listed the day before")
            clock.advance(minutes: 6 * 24 * 60)
            try await p.sofi.signIn("sofi")  // her session ended long ago
            let lapsed = try await p.sofi.get(p.caseURL + "/prepared")
            #expect(lapsed.status == .ok && !lapsed.text.contains("beto"))
        }
    }

    @Test("leaving the collective takes a person off the roster; a child-safeguarding training counts only while current")
    func currentHolders() async throws {
        try await withTejido { app, clock in
            let p = try await CaseTests.people(app)
            let skill = try await Self.skillID(app, "casa", .childSafeguarding)
            let queries = SkillQueries(database: app.db)
            let beto = try #require(try await UserRecord.query(on: app.db).filter(\.$username == "beto").first()?.id)
            let ramon = try #require(try await UserRecord.query(on: app.db).filter(\.$username == "ramon").first()?.id)
            // Typed in by oneself, a safeguarding training does not count for children's spaces.
            _ = try await p.beto.post("/c/casa/skills", ["skill": skill, "trained_on": "2026-05-01", "agree": "1"])
            #expect(try await queries.currentHolders(of: .childSafeguarding, in: p.casa.id, on: clock.now).isEmpty)
            _ = try await p.beto.post("/c/casa/skills/\(skill)/remove")
            // Recorded by the care team and agreed to, it does.
            for (who, renew) in [(beto, "2027-01-16"), (ramon, "")] {
                var form = ["member": who.uuidString, "offer_skill": skill, "offer_trained_on": "2026-05-01"]
                if !renew.isEmpty { form["offer_renew_by"] = renew }
                #expect(try await p.cora.post("/c/casa/skills/training", form).status == .seeOther)
            }
            for (browser, who) in [(p.beto, beto), (p.ramon, ramon)] {
                let listing = try #require(
                    try await SkillListingRecord.query(on: app.db).filter(\.$user.$id == who).first())
                _ = try await browser.post("/c/casa/skills/offers/\(listing.id!.uuidString)", ["answer": "agree"])
            }
            #expect(try await queries.currentHolders(of: .childSafeguarding, in: p.casa.id, on: clock.now) == [beto, ramon])
            #expect(try await p.ramon.post("/c/casa/leave").status == .seeOther)
            clock.advance(minutes: 2 * 24 * 60)
            #expect(try await queries.currentHolders(of: .childSafeguarding, in: p.casa.id, on: clock.now).isEmpty)
        }
    }

    @Test("the care team names and removes skills; another collective's member finds no skills page")
    func namingSkills() async throws {
        try await withTejido { app, _ in
            let p = try await CaseTests.people(app)
            #expect(try await p.beto.post("/c/casa/skills/named", ["name": "Primeros auxilios"]).status == .forbidden)
            let hostile = try await p.cora.post("/c/casa/skills/named", ["name": "<script>x</script>"])
            #expect(hostile.status == .seeOther)
            let page = try await p.cora.get("/c/casa/skills").text
            #expect(page.contains("&lt;script&gt;x&lt;/script&gt;") && !page.contains("<script>x"))
            let twice = try await p.cora.post("/c/casa/skills/named", ["name": "<SCRIPT>X</SCRIPT>"])
            #expect(twice.status == .unprocessableEntity && twice.text.contains("already names this skill"))
            let blank = try await p.cora.post("/c/casa/skills/named", ["name": "   "])
            #expect(blank.status == .unprocessableEntity && blank.text.contains("Write the skill"))
            // A skill the collective named can be removed; Tejido's own cannot (a children's space needs one).
            let named = try #require(try await SkillRecord.query(on: app.db).filter(\.$key == nil).first())
            let safeguarding = try await Self.skillID(app, "casa", .childSafeguarding)
            #expect(try await p.beto.post("/c/casa/skills/\(named.id!.uuidString)/retire").status == .forbidden)
            #expect(try await p.cora.post("/c/casa/skills/\(safeguarding)/retire").status == .notFound)
            #expect(try await p.cora.post("/c/casa/skills/\(named.id!.uuidString)/retire").status == .seeOther)
            let after = try await p.cora.get("/c/casa/skills")
            #expect(after.status == .ok && !after.text.contains("&lt;script&gt;x") && after.text.contains("Child safeguarding"))
            #expect(!after.text.contains("/skills/\(safeguarding)/retire"), "no button to remove Tejido's own")

            let huerta = try await Fixtures.collective(app, "Huerta", admin: "hugo")
            _ = huerta
            let hugo = TestBrowser(app)
            try await hugo.signIn("hugo")
            #expect(try await hugo.get("/c/casa/skills").status == .notFound)
            #expect(try await hugo.post("/c/casa/skills/named", ["name": "x"]).status == .notFound)
        }
    }
}
