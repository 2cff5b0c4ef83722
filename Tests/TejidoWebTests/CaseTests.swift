import Fluent
import Foundation
import SQLKit
import TejidoCore
import Testing
import VaporTesting

@testable import TejidoWeb

/// Cases through their pages, as the people in them (and out of them) would use them.
@Suite("Cases")
struct CaseTests {
    struct People {
        let casa: Fixtures.Collective
        let ana: TestBrowser  // admin, not in the case
        let sofi: TestBrowser  // the survivor
        let beto: TestBrowser  // a supporter
        let cora: TestBrowser  // care team, facilitator
        let ramon: TestBrowser  // the respondent, later
        let caseURL: String
    }

    static func people(_ app: Application, _ wishes: [String: String] = [:]) async throws -> People {
        let (casa, ana) = try await Fixtures.casaWithAdmin(app)
        try await Fixtures.adoptProtocol(ana, slug: "casa")
        for (name, role) in [("sofi", CollectiveRole.member), ("beto", .member), ("cora", .careTeam), ("ramon", .member)] {
            try await Fixtures.member(app, casa, name, role: role)
        }
        let browsers = (0..<4).map { _ in TestBrowser(app) }
        for (browser, name) in zip(browsers, ["sofi", "beto", "cora", "ramon"]) { try await browser.signIn(name) }
        let caseURL = try await Fixtures.disclose(
            browsers[0], slug: "casa",
            ["narrative": "ZQ-NARRATIVE-7781", "own_words": "ZQ-WORDS-5521"].merging(wishes) { a, _ in a })
        return People(
            casa: casa, ana: ana, sofi: browsers[0], beto: browsers[1], cora: browsers[2], ramon: browsers[3], caseURL: caseURL)
    }

    @Test("the whole path: disclose, add people, classify, write at each visibility, tell the respondent, read the log, delete")
    func wholePath() async throws {
        try await withTejido { app, _ in
            let p = try await Self.people(app, ["limit_not_to_assembly": "1", "limit_do_not_tell_respondent": "1"])
            let url = p.caseURL
            let page = try await p.sofi.get(url)
            #expect(page.status == .ok)
            #expect(page.text.contains("No police") && page.text.contains("Not to the assembly"))
            #expect(page.text.contains("In your own words</h3>\n<p class=\"prose\">ZQ-WORDS-5521"))

            // The survivor adds a supporter and a facilitator; the respondent cannot be added yet.
            #expect(try await p.sofi.post(url + "/people", ["username": "beto", "role": "supporter"]).status == .seeOther)
            #expect(try await p.sofi.post(url + "/people", ["username": "cora", "role": "facilitator"]).status == .seeOther)
            #expect(
                try await p.sofi.post(url + "/people", ["username": "ramon", "role": "respondent"]).status
                    == .unprocessableEntity)
            #expect(try await p.ramon.get(url).status == .notFound)

            // The facilitator classifies by the adopted protocol; the offered responses come from it.
            let classify = try await p.cora.post(
                url + "/classify", ["choice": "sexual-assault/serious", "reason": "As she told it"])
            #expect(classify.status == .seeOther)
            let classified = try await p.cora.get(url).text
            #expect(classified.contains("protocol version 1") && classified.contains("Support only"))
            #expect(!classified.contains("mediation"), "no mediation is offered for sexual harm")

            // Entries at each visibility.
            for (text, visibility) in [
                ("ZQ-ONLY-ME", "only_me"), ("ZQ-SUPPORT", "survivor_side"), ("ZQ-TEAM", "case_team"),
                ("ZQ-EVERYONE", "whole_case"),
            ] {
                let response = try await p.sofi.post(
                    url + "/entries", ["kind": "note", "visibility": visibility, "text": text])
                #expect(response.status == .seeOther)
            }
            let beto = try await p.beto.get(url).text
            #expect(!beto.contains("ZQ-ONLY-ME") && beto.contains("ZQ-SUPPORT") && beto.contains("ZQ-TEAM"))
            #expect(beto.contains("In the words of the person harmed") && !beto.contains("In your own words"))
            let cora = try await p.cora.get(url).text
            #expect(!cora.contains("ZQ-SUPPORT") && cora.contains("ZQ-TEAM") && cora.contains("ZQ-EVERYONE"))

            // A consent cannot contradict a wish that stands.
            let against = try await p.sofi.post(
                url + "/consents", ["scope": "tell_respondent", "detail": "Ramón may read", "days": "30"])
            #expect(against.status == .unprocessableEntity && against.text.contains("A wish that stands says the opposite"))
            // Lifting the wish and recording consent lets the respondent in, seeing only what is theirs.
            _ = try await p.sofi.post(url + "/wishes", ["limit_no_police": "1", "limit_not_to_assembly": "1"])
            #expect(
                try await p.sofi.post(url + "/people", ["username": "ramon", "role": "respondent"]).status
                    == .unprocessableEntity)
            let consent = try await p.sofi.post(
                url + "/consents", ["scope": "tell_respondent", "detail": "Ramón may read what I share with him", "days": "30"])
            #expect(consent.status == .seeOther)
            #expect(try await p.sofi.post(url + "/people", ["username": "ramon", "role": "respondent"]).status == .seeOther)
            let ramon = try await p.ramon.get(url)
            #expect(ramon.status == .ok)
            #expect(ramon.text.contains("ZQ-EVERYONE"))
            for hidden in ["ZQ-ONLY-ME", "ZQ-SUPPORT", "ZQ-TEAM", "ZQ-WORDS-5521", "As she told it", "beto"] {
                #expect(!ramon.text.contains(hidden), "the respondent saw \(hidden)")
            }
            for route in ["/safety", "/consents", "/log", "/people", "/wishes"] {
                #expect(try await p.ramon.get(url + route).status == .forbidden, "respondent reached \(route)")
            }

            // "Do not tell" coming back ends his access, as revoking the consent would; the
            // consents that let him in no longer read as in force.
            _ = try await p.sofi.post(
                url + "/wishes", ["limit_no_police": "1", "limit_not_to_assembly": "1", "limit_do_not_tell_respondent": "1"])
            #expect(try await p.ramon.get(url).status == .notFound)
            let caseID = try #require(UUID(uuidString: String(url.split(separator: "/").last!)))
            let untold = try #require(try await Fixtures.store(app, as: "sofi").load(caseID, in: p.casa.id))
            let ramonsPlace = try #require(untold.people.first { $0.role == .respondent })
            for row in untold.consents
            where row.consent.scope == .tellRespondent || row.consent.participantID == ramonsPlace.id {
                #expect(row.revokedAt != nil, "\(row.consent.scope) still stands")
            }
            let reopened = try await p.sofi.post(
                url + "/consents", ["scope": "tell_respondent", "detail": "Ramón may read again", "days": "30"])
            #expect(reopened.status == .unprocessableEntity, "the wish stands again")
            _ = try await p.sofi.post(url + "/wishes", ["limit_no_police": "1", "limit_not_to_assembly": "1"])
            _ = try await p.sofi.post(url + "/consents", ["scope": "tell_respondent", "detail": "Ramón, again", "days": "30"])
            #expect(try await p.sofi.post(url + "/people", ["username": "ramon", "role": "respondent"]).status == .seeOther)

            // The admin, not in the case, sees nothing at all.
            #expect(try await p.ana.get(url).status == .notFound)
            #expect(try await p.ana.get("/c/casa/cases").text.contains("not part of any case"))

            // The survivor reads the log: views by others are there, with names and no content.
            let log = try await p.sofi.get(url + "/log")
            #expect(log.status == .ok && log.text.contains("ramon") && log.text.contains("Looked at the case"))
            #expect(!log.text.contains("ZQ-"))

            // Revoking the consent takes the respondent out at once.
            let file = try #require(
                try await Fixtures.store(app, as: "sofi").load(
                    UUID(uuidString: String(url.split(separator: "/").last!))!, in: p.casa.id))
            let tell = try #require(
                file.consents.first { $0.consent.scope == .tellRespondent && $0.revokedAt == nil })
            #expect(try await p.sofi.post(url + "/consents/\(tell.id.uuidString)/revoke").status == .seeOther)
            #expect(try await p.ramon.get(url).status == .notFound)

            // Deleting: the key and the content go, a tombstone stays.
            #expect(try await p.sofi.post(url + "/delete", ["confirm": "yes"]).status == .seeOther)
            #expect(try await p.sofi.get(url).status == .notFound)
            let tombstone = try #require(try await CaseRecord.query(on: app.db).first())
            #expect(tombstone.wrappedKey == nil && tombstone.disclosure == nil && tombstone.stage == "deleted")
            #expect(try await CaseEntryRecord.query(on: app.db).count() == 0)
            #expect(try await CaseAccessRecord.query(on: app.db).count() == 0)
            #expect(try await CaseParticipantRecord.query(on: app.db).count() == 0)
        }
    }

    @Test("a supporter opens a case for someone without an account, who later takes it over")
    func openedForSomeoneElse() async throws {
        try await withTejido { app, _ in
            let (casa, _) = try await Fixtures.casaWithAdmin(app)
            try await Fixtures.member(app, casa, "beto")
            let beto = TestBrowser(app)
            try await beto.signIn("beto")
            let missing = try await beto.post("/c/casa/cases/new", ["for": "other", "finish": "1", "narrative": "kept text"])
            #expect(missing.status == .unprocessableEntity && missing.text.contains("kept text"))
            let url = try await Fixtures.disclose(
                beto, slug: "casa",
                ["for": "other", "survivor_name": "Luz", "agreed_to": "That I open it and act for her", "manner": "spoken"])
            #expect(try await beto.get(url + "/consents").text.contains("That I open it and act for her"))
            // The only one acting for her cannot end that by revoking: the case would be left with
            // nobody able to hand it over, withdraw or delete it.
            let file = try #require(
                try await Fixtures.store(app, as: "beto").load(
                    UUID(uuidString: String(url.split(separator: "/").last!))!, in: casa.id))
            let actsFor = try #require(file.consents.first { $0.consent.scope == .actForSurvivor })
            let stranded = try await beto.post(url + "/consents/\(actsFor.id.uuidString)/revoke")
            #expect(stranded.status == .conflict && stranded.text.contains("someone has to act for them"))
            #expect(try await beto.get(url + "/people").status == .ok, "he still runs the case for her")
            // Made, then shown once on the page the form leads to: a reload makes no second link.
            let made = try await beto.post(url + "/claim-link")
            #expect(made.status == .seeOther && made.location == url + "/people")
            let people = try await beto.get(url + "/people")
            let link = try #require(people.text.firstMatch(of: /\/c\/casa\/cases\/claim\/[A-Za-z0-9_-]+/).map { String($0.0) })
            #expect(!(try await beto.get(url + "/people").text.contains("/cases/claim/")), "shown once")
            try await Fixtures.member(app, casa, "luz")
            let luz = TestBrowser(app)
            try await luz.signIn("luz")
            #expect(try await luz.get(url).status == .notFound)
            #expect(try await luz.post(link).status == .seeOther)
            #expect(try await luz.get(url + "/log").status == .ok, "she now holds her own case")
            #expect(try await luz.post(link).status == .notFound, "the link works once")
            #expect(try await luz.get(link).status == .notFound, "a spent link is not offered again")
            // Beto acted for her; once she holds her case he is an ordinary supporter until she says otherwise.
            for page in ["/log", "/delete", "/wishes", "/people"] {
                #expect(try await beto.get(url + page).status == .forbidden, "\(page) still open to her former helper")
            }
            #expect(try await beto.post(url + "/wishes", ["limit_no_police": "1"]).status == .forbidden)
            #expect(try await luz.get(url + "/consents").text.contains("revoked on"))
        }
    }

    @Test("a draft is seen by its writer only, keeps what was typed, and opens when finished")
    func drafts() async throws {
        try await withTejido { app, _ in
            let (casa, _) = try await Fixtures.casaWithAdmin(app)
            try await Fixtures.member(app, casa, "sofi")
            let sofi = TestBrowser(app)
            try await sofi.signIn("sofi")
            let draft = try await sofi.post("/c/casa/cases/new", ["for": "self", "narrative": "half written", "finish": "0"])
            let url = try #require(draft.location)
            #expect(url.hasSuffix("/draft"))
            #expect(try await sofi.get(url).text.contains("half written"))
            let bad = try await sofi.post(url, ["narrative": "more", "want_keep_away": "1", "finish": "1"])
            #expect(bad.status == .unprocessableEntity && bad.text.contains("Say which spaces or events"))
            #expect(try await sofi.post(url, ["narrative": "all of it", "finish": "1"]).status == .seeOther)
            #expect(try await sofi.get(String(url.dropLast("/draft".count))).text.contains("Disclosed"))
        }
    }

    @Test("bad input on every case form is answered with the form again, never a 500")
    func badInput() async throws {
        try await withTejido { app, _ in
            let p = try await Self.people(app)
            _ = try await p.sofi.post(p.caseURL + "/people", ["username": "cora", "role": "facilitator"])
            let garbage = ["kind": "\u{0}", "visibility": "nope", "text": "", "due": "2026-13-40", "days": "-4", "scope": "x"]
            for (browser, route) in [
                (p.sofi, "/entries"), (p.sofi, "/tasks"), (p.sofi, "/consents"), (p.sofi, "/people"), (p.sofi, "/pod"),
                (p.cora, "/classify"), (p.cora, "/stage"), (p.sofi, "/safety"), (p.sofi, "/wishes"),
            ] {
                let response = try await browser.post(p.caseURL + route, garbage)
                #expect(response.status.code < 500, "\(route) answered \(response.status)")
            }
            let typed = try await p.sofi.post(
                p.caseURL + "/entries", ["kind": "note", "visibility": "nope", "text": "keep me please"])
            #expect(typed.status == .unprocessableEntity && typed.text.contains("keep me please"))
        }
    }

    @Test("what people write in a case is shown as text on its page, never run as markup")
    func escaping() async throws {
        try await withTejido { app, _ in
            let p = try await Self.people(app, ["want_keep_away": "1", "keep_away_from": "\"><img src=x onerror=alert(1)>"])
            let entry = try await p.sofi.post(
                p.caseURL + "/entries", ["kind": "note", "visibility": "survivor_side", "text": "<script>alert(2)</script>"])
            #expect(entry.status == .seeOther)
            let page = try await p.sofi.get(p.caseURL).text
            #expect(!page.contains("<script>alert(2)</script>") && !page.contains("<img src=x"))
            #expect(page.contains("&lt;script&gt;alert(2)&lt;/script&gt;"))
            #expect(page.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"))
        }
    }

    @Test("the consent the system records for adding someone names their role in the reader's language")
    func consentRoleTranslated() async throws {
        try await withTejido { app, _ in
            let p = try await Self.people(app)
            #expect(try await p.sofi.post(p.caseURL + "/people", ["username": "beto", "role": "supporter"]).status == .seeOther)
            let spanish = TestBrowser(app, headers: ["Accept-Language": "es"])
            try await spanish.signIn("sofi")
            let page = try await spanish.get(p.caseURL + "/consents").text
            #expect(page.contains("beto · Persona de apoyo"))
            #expect(!page.contains("beto · supporter"))
        }
    }

    @Test("the access log comes newest first, a page at a time")
    func logPages() async throws {
        try await withTejido { app, clock in
            let p = try await Self.people(app)
            // Later than the opening, so the order is by time and not by chance.
            clock.advance(minutes: 1)
            for _ in 0..<(CaseController.logPageSize + 5) { _ = try await p.sofi.get(p.caseURL) }
            let first = try await p.sofi.get(p.caseURL + "/log").text
            #expect(first.components(separatedBy: "<tr><td>").count - 1 == CaseController.logPageSize)
            #expect(first.contains("?page=2\">Older lines") && !first.contains("Newer lines"))
            #expect(!first.contains("Opened the case"), "the newest lines come first")
            let second = try await p.sofi.get(p.caseURL + "/log?page=2").text
            let rest = second.components(separatedBy: "<tr><td>").count - 1
            #expect(rest > 0 && rest < CaseController.logPageSize)
            #expect(second.contains("Newer lines") && !second.contains("Older lines"))
            #expect(second.contains("Opened the case"), "the oldest line ends the log")
            // Anything but a page number is the first page.
            for nonsense in ["nonsense", "-3", "0"] {
                let page = try await p.sofi.get(p.caseURL + "/log?page=\(nonsense)")
                #expect(page.status == .ok && page.text.contains("?page=2\">Older lines") && !page.text.contains("Newer lines"))
            }
        }
    }

    @Test("retention deletes closed cases after the collective's period, and only those")
    func retention() async throws {
        try await withTejido { app, clock in
            let p = try await Self.people(app)
            let other = try await Fixtures.disclose(p.sofi, slug: "casa")
            #expect(try await p.sofi.post(p.caseURL + "/withdraw", ["confirm": "yes"]).status == .seeOther)
            clock.advance(minutes: 729 * 1_440)
            let service = CaseService(database: app.db, keys: app.tejido.keys, now: app.tejido.clock.now())
            #expect(try await service.deleteExpired() == 0)
            clock.advance(minutes: 2 * 1_440)
            let later = CaseService(database: app.db, keys: app.tejido.keys, now: app.tejido.clock.now())
            #expect(try await later.deleteExpired() == 1)
            try await p.sofi.signIn("sofi")
            #expect(try await p.sofi.get(p.caseURL).status == .notFound)
            #expect(try await p.sofi.get(other).status == .ok)
        }
    }

    @Test("the respondent's access ends when the consent to tell them runs out")
    func consentRunsOut() async throws {
        try await withTejido { app, clock in
            let p = try await Self.people(app)
            let consent = try await p.sofi.post(
                p.caseURL + "/consents", ["scope": "tell_respondent", "detail": "For a month", "days": "30"])
            #expect(consent.status == .seeOther)
            #expect(
                try await p.sofi.post(p.caseURL + "/people", ["username": "ramon", "role": "respondent"]).status == .seeOther)
            #expect(try await p.ramon.get(p.caseURL).status == .ok)
            clock.advance(minutes: 31 * 1_440)
            try await p.ramon.signIn("ramon")
            #expect(try await p.ramon.get(p.caseURL).status == .notFound)
        }
    }

    @Test("wishes hold: no accountability pod before the respondent may be told, nobody the survivor named")
    func wishesHold() async throws {
        try await withTejido { app, _ in
            let p = try await Self.people(
                app,
                ["limit_do_not_tell_named": "1", "do_not_tell": "Beto, and my cousin", "limit_do_not_tell_respondent": "1"])
            let pod = try await p.sofi.post(p.caseURL + "/people", ["username": "cora", "role": "accountability"])
            #expect(pod.status == .unprocessableEntity)
            let named = try await p.sofi.post(p.caseURL + "/people", ["username": "beto", "role": "supporter"])
            #expect(named.status == .unprocessableEntity && named.text.contains("must not be told"))
            #expect(try await p.beto.get(p.caseURL).status == .notFound)
        }
    }

    @Test("rewriting the clear account column does not hand over a place in a case")
    func clearColumnsAreBound() async throws {
        try await withTejido { app, _ in
            let p = try await Self.people(app)
            let ramon = try #require(try await UserRecord.query(on: app.db).filter(\.$username == "ramon").first()?.id)
            // Someone with write access to the database, but not the key file, points the survivor's row at Ramón.
            try await CaseParticipantRecord.query(on: app.db).set(\.$userID, to: ramon).update()
            #expect(try await p.ramon.get(p.caseURL).status == .notFound)
            #expect(try await p.sofi.get(p.caseURL).status == .notFound)
        }
    }

    @Test("an entry taken back leaves a placeholder only for the readers it had")
    func redactionKeepsReaders() async throws {
        try await withTejido { app, clock in
            let p = try await Self.people(app)
            _ = try await p.sofi.post(p.caseURL + "/people", ["username": "cora", "role": "facilitator"])
            clock.advance(minutes: 1)
            _ = try await p.sofi.post(
                p.caseURL + "/entries", ["kind": "note", "visibility": "only_me", "text": "ZQ-PRIVATE-THOUGHT"])
            let entry = try #require(try await CaseEntryRecord.query(on: app.db).sort(\.$createdAt, .descending).first())
            #expect(try await p.cora.post(p.caseURL + "/entries/\(entry.id!.uuidString)/redact").status == .forbidden)
            #expect(try await p.sofi.post(p.caseURL + "/entries/\(entry.id!.uuidString)/redact").status == .seeOther)
            let own = try await p.sofi.get(p.caseURL).text
            #expect(!own.contains("ZQ-PRIVATE-THOUGHT") && own.contains("Taken back by the person who wrote it"))
            #expect(!(try await p.cora.get(p.caseURL).text.contains("Taken back")))
        }
    }

    @Test("an admin sets how long closed cases are kept; nonsense is refused and nothing changes")
    func retentionSetting() async throws {
        try await withTejido { app, _ in
            let (casa, ana) = try await Fixtures.casaWithAdmin(app)
            let bad = try await ana.post("/c/casa/settings", ["name": "Casa", "retention_days": "5"])
            #expect(bad.status == .unprocessableEntity && bad.text.contains("from 30 to 3,650"))
            #expect(try await CollectiveRecord.find(casa.id, on: app.db)?.caseRetentionDays == 730)
            #expect(try await ana.post("/c/casa/settings", ["name": "Casa", "retention_days": "90"]).status == .seeOther)
            #expect(try await CollectiveRecord.find(casa.id, on: app.db)?.caseRetentionDays == 90)
        }
    }

    @Test("rotating the instance key re-locks every wrap of every case key while the server keeps answering")
    func keyRotation() async throws {
        let folder = NSTemporaryDirectory() + "tejido-keys-\(UUID().uuidString)"
        let path = folder + "/instance.key"
        try InstanceKeyFile.create(path: path)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await withTejido({ $0.keyFilePath = path }) { app, _ in
            let p = try await Self.people(app)
            let before = try #require(try await CaseKeyRecord.query(on: app.db).first()?.keyID)
            let wraps = try await CaseKeyRecord.query(on: app.db).count()
            #expect(wraps >= 1, "the survivor holds one")
            #expect(try await app.rotateKeys() >= wraps)
            #expect(try InstanceKeyFile.loadRing(path: path).keys.count == 2)
            #expect(try await CaseKeyRecord.query(on: app.db).filter(\.$keyID == before).count() == 0)
            #expect(try await CaseKeyRecord.query(on: app.db).count() == wraps, "no wrap lost")
            // The running server meets a key it does not hold yet, reads the file again, and goes on.
            let page = try await p.sofi.get(p.caseURL)
            #expect(page.status == .ok && page.text.contains("ZQ-WORDS-5521"))
            #expect(try await app.pruneKeys() == 1)
            #expect(try InstanceKeyFile.loadRing(path: path).keys.count == 1)
            #expect(try await p.sofi.get(p.caseURL).text.contains("ZQ-WORDS-5521"))
        }
    }
}
