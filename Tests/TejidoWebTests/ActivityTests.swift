import Fluent
import Foundation
import SQLKit
import TejidoCore
import Testing
import VaporTesting

@testable import TejidoWeb

@Suite("Activities and groups")
struct ActivityTests {
    struct World {
        let casa: Fixtures.Collective
        let ana: TestBrowser  // admin, runs nothing
        let cora: TestBrowser  // care team
        let fede: TestBrowser  // runs the workshop
        let memo: TestBrowser  // a member
        let nora: TestBrowser  // another member
        let hugo: TestBrowser  // admin of another collective
        let ids: [String: UUID]
    }

    static func world(_ app: Application) async throws -> World {
        let (casa, ana) = try await Fixtures.casaWithAdmin(app)
        var ids = ["ana": casa.adminID]
        ids["cora"] = try await Fixtures.member(app, casa, "cora", role: .careTeam)
        for name in ["fede", "memo", "nora"] { ids[name] = try await Fixtures.member(app, casa, name) }
        let huerta = try await Fixtures.collective(app, "Huerta", admin: "hugo")
        ids["hugo"] = huerta.adminID
        var browsers: [String: TestBrowser] = [:]
        for name in ["cora", "fede", "memo", "nora", "hugo"] {
            let browser = TestBrowser(app)
            try await browser.signIn(name)
            browsers[name] = browser
        }
        return World(
            casa: casa, ana: ana, cora: browsers["cora"]!, fede: browsers["fede"]!, memo: browsers["memo"]!,
            nora: browsers["nora"]!, hugo: browsers["hugo"]!, ids: ids)
    }

    /// Creates an activity through the form and returns its address.
    static func create(_ browser: TestBrowser, _ form: [String: String]) async throws -> String {
        let response = try await browser.post("/c/casa/activities/new", form)
        #expect(response.status == .seeOther, "\(response.text)")
        return try #require(response.location)
    }

    /// Every route below `/c/SLUG/activities`, for the boundary tests.
    static func activityRequests(slug: String, activity: String, session: String, person: String) -> [(HTTPMethod, SiteURL)] {
        let pages: [(HTTPMethod, ActivityPath)] = [
            (.GET, .list), (.GET, .new), (.POST, .new), (.GET, .activity(activity)), (.POST, .sessions(activity)),
            (.POST, .coming(activity, session: session)), (.GET, .attendance(activity, session: session)),
            (.POST, .attendance(activity, session: session)), (.POST, .join(activity)),
            (.POST, .request(activity, person: person)), (.GET, .notes(activity)), (.POST, .notes(activity)),
            (.POST, .leave(activity)),
        ]
        return pages.map { ($0.0, SiteURL.activities(slug: slug, $0.1)) }
    }

    static func workshop(_ w: World) async throws -> String {
        try await create(
            w.cora,
            [
                "kind": "workshop", "title": "Consent basics", "description": "What consent means", "joining": "open",
                "facilitator_\(w.ids["fede"]!.uuidString)": "1",
            ])
    }

    static func sessionForm(
        _ starts: String, _ ends: String, place: String = "Community hall", adults: [UUID] = []
    )
        -> [String: String]
    {
        var form = ["starts_at": starts, "ends_at": ends, "place": place, "language": "es"]
        for adult in adults { form[SafeguardingRule.field(for: adult)] = "1" }
        return form
    }

    /// Sessions time out after half an hour idle: after moving the clock on, everyone signs in again.
    static func signInAgain(_ w: World) async throws {
        for (browser, name) in [
            (w.ana, "ana"), (w.cora, "cora"), (w.fede, "fede"), (w.memo, "memo"), (w.nora, "nora"), (w.hugo, "hugo"),
        ] {
            browser.cookies = [:]
            try await browser.signIn(name)
        }
    }

    static func firstSession(_ app: Application) async throws -> UUID {
        try #require(try await ActivitySessionRecord.query(on: app.db).sort(\.$startsAt).first()?.requireID())
    }

    @Test("a workshop with two sessions: members say they will come, facilitators record attendance, each sees their own")
    func workshopWithAttendance() async throws {
        try await withTejido { app, clock in
            let w = try await Self.world(app)
            let url = try await Self.workshop(w)
            let fede = w.ids["fede"]!
            // Planned in the opposite order to the one they happen in.
            #expect(
                try await w.fede.post(url + "/sessions", Self.sessionForm("2027-01-27T18:00", "2027-01-27T20:00", adults: [fede]))
                    .status == .seeOther)
            #expect(
                try await w.fede.post(url + "/sessions", Self.sessionForm("2027-01-15T09:00", "2027-01-15T11:00", adults: [fede]))
                    .status == .seeOther)
            let list = try await w.memo.get("/c/casa/activities").text
            #expect(list.contains("Consent basics"))
            #expect(list.contains("href=\"/c/casa/practice\">Practice scenarios for trainings"), "trainings lead to practice")
            let dates = DateFormatting(language: .en)
            let first = try #require(list.range(of: dates.dayAndTime(Date(timeIntervalSince1970: 1_800_000_000 + 3600))))
            let second = try #require(
                list.range(of: dates.dayAndTime(Date(timeIntervalSince1970: 1_800_000_000 + 12 * 86_400 + 10 * 3600))))
            #expect(first.lowerBound < second.lowerBound, "upcoming sessions soonest first")
            let session = try await Self.firstSession(app)
            #expect(try await w.memo.post(url + "/sessions/\(session.uuidString)/coming", ["coming": "1"]).status == .seeOther)
            // A double submit changes nothing.
            _ = try await w.memo.post(url + "/sessions/\(session.uuidString)/coming", ["coming": "1"])
            let forNora = try await w.nora.get(url).text
            #expect(forNora.contains("Coming: 1"))
            #expect(!forNora.contains("memo"), "others see a count only")
            let forFede = try await w.fede.get(url).text
            #expect(forFede.contains("Said they will come:") && forFede.contains("memo"))
            let forAdmin = try await w.ana.get(url).text
            #expect(
                forAdmin.contains("Coming: 1") && !forAdmin.contains("memo"), "an admin who does not run it sees a count only")

            let attendance = url + "/sessions/\(session.uuidString)/attendance"
            let early = try await w.fede.post(attendance, ["present_\(w.ids["memo"]!.uuidString)": "1"])
            #expect(early.status == .unprocessableEntity)
            #expect(early.text.contains("The session has not begun yet."))
            clock.advance(minutes: 240)
            try await Self.signInAgain(w)
            let past = try await w.memo.get("/c/casa/activities?past=1").text
            // The session itself (its time), not only the activity's name every list carries.
            #expect(
                past.contains(dates.dayAndTime(Date(timeIntervalSince1970: 1_800_000_000 + 3600))),
                "past sessions stay reachable")
            #expect(
                try await w.memo.post(url + "/sessions/\(session.uuidString)/coming", ["coming": "0"]).status == .conflict,
                "an ended session takes no more answers")
            let saved = try await w.fede.post(attendance, ["present_\(w.ids["memo"]!.uuidString)": "1"])
            #expect(saved.status == .seeOther)
            let recorded = try await w.fede.get(attendance).text
            #expect(
                recorded.range(of: #"id="present_\#(w.ids["memo"]!.uuidString)"[^>]* checked"#, options: .regularExpression)
                    != nil, "memo is recorded as present")
            // Someone nobody offered cannot be slipped in.
            let forged = try await w.fede.post(attendance, ["present_\(w.ids["nora"]!.uuidString)": "1"])
            #expect(forged.status == .unprocessableEntity)
            // Someone who came without saying so is named by username — only a member of this collective.
            for stranger in ["hugo", "nobody-here"] {
                let refused = try await w.fede.post(
                    attendance, ["present_\(w.ids["memo"]!.uuidString)": "1", "someone_else": stranger])
                #expect(
                    refused.status == .unprocessableEntity && refused.text.contains("Nobody in the collective has that username"))
                #expect(refused.text.contains("value=\"\(stranger)\""), "what was typed is kept")
            }
            #expect(try await ActivityQueries(database: app.db).attendance(session) == [w.ids["memo"]!])
            let walkIn = try await w.fede.post(
                attendance, ["present_\(w.ids["memo"]!.uuidString)": "1", "someone_else": " Nora "])
            #expect(walkIn.status == .seeOther)
            #expect(Set(try await ActivityQueries(database: app.db).attendance(session)) == [w.ids["memo"]!, w.ids["nora"]!])

            let mine = try await w.memo.get("/account/activities").text
            #expect(mine.contains("Consent basics"))
            #expect(!(try await w.cora.get("/account/activities").text.contains("Consent basics")))
            #expect(try await w.memo.get("/account").text.contains("/account/activities"))
        }
    }

    @Test(
        "attendance and who is coming: only the person and the facilitators; admin, care team, members forbidden, outsiders see nothing"
    )
    func attendanceBoundaries() async throws {
        try await withTejido { app, clock in
            let w = try await Self.world(app)
            let url = try await Self.workshop(w)
            _ = try await w.fede.post(
                url + "/sessions", Self.sessionForm("2027-01-15T09:00", "2027-01-15T11:00", adults: [w.ids["fede"]!]))
            let session = try await Self.firstSession(app)
            _ = try await w.memo.post(url + "/sessions/\(session.uuidString)/coming", ["coming": "1"])
            clock.advance(minutes: 150)
            try await Self.signInAgain(w)
            let attendance = url + "/sessions/\(session.uuidString)/attendance"
            _ = try await w.fede.post(attendance, ["present_\(w.ids["memo"]!.uuidString)": "1"])
            for browser in [w.ana, w.cora, w.nora, w.memo] {
                let page = try await browser.get(attendance)
                #expect(page.status == .forbidden)
                #expect(!page.text.contains("memo\n") && !page.text.contains(">memo<"))
                let write = try await browser.post(attendance, ["present_\(w.ids["nora"]!.uuidString)": "1"])
                #expect(write.status == .forbidden)
            }
            // Another collective's admin: the activity does not exist for them.
            #expect(try await w.hugo.get(attendance).status == .notFound)
            #expect(try await w.hugo.get(url).status == .notFound)
            #expect(try await w.hugo.get("/c/casa/activities/\(UUID().uuidString)").status == .notFound)
            let activityID = String(url.split(separator: "/").last!)
            for (method, page) in Self.activityRequests(
                slug: "casa", activity: activityID, session: session.uuidString, person: w.ids["memo"]!.uuidString)
            {
                let response =
                    method == .GET
                    ? try await w.hugo.get(page.path)
                    : try await w.hugo.post(page.path, ["coming": "1", "title": "x", "note": "x"])
                #expect(response.status == .notFound, "\(method) \(page.path)")
                #expect(!response.text.contains("Consent basics"))
            }
            #expect(try await ActivityRecord.query(on: app.db).count() == 1, "nothing created from outside")
            // Someone who left the collective is outside it at once.
            _ = try await w.memo.post("/c/casa/leave")
            #expect(try await w.memo.get(url).status == .notFound)
            #expect(try await w.memo.get("/account/activities").text.contains("Consent basics"), "their own record stays theirs")
            // A visitor is asked to sign in.
            #expect(try await TestBrowser(app).get(attendance).status == .seeOther)
            #expect(
                try await ActivityQueries(database: app.db).attendance(session) == [w.ids["memo"]!],
                "nothing written by the refused")
        }
    }

    static func group(_ w: World) async throws -> String {
        try await create(w.memo, ["kind": "masculinity_group", "title": "Men listening", "description": "Every other Thursday"])
    }

    @Test("a self-organised group keeps notes its members read, and an admin gets no note text by any route")
    func groupNotesAreTheGroups() async throws {
        let path = NSTemporaryDirectory() + "tejido-groups-\(UUID().uuidString).sqlite"
        defer {
            for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        try await withTejido({ config in if !isPostgresRun { config.database = .sqlite(path: path) } }) { app, _ in
            let w = try await Self.world(app)
            let url = try await Self.group(w)
            #expect(try await w.memo.post(url + "/notes", ["note": "ZQGROUPNOTE we talked about jealousy"]).status == .seeOther)
            #expect(try await w.memo.get(url + "/notes").text.contains("ZQGROUPNOTE"))
            for browser in [w.ana, w.cora, w.nora] {
                for route in [url, url + "/notes", "/c/casa/activities", "/account/activities"] {
                    let page = try await browser.get(route)
                    #expect(!page.text.contains("ZQGROUPNOTE"), "\(route)")
                }
                #expect(try await browser.get(url + "/notes").status == .forbidden)
                #expect(try await browser.post(url + "/notes", ["note": "from outside"]).status == .forbidden)
            }
            #expect(try await w.hugo.get(url + "/notes").status == .notFound)
            // An admin cannot take members in or out: the group decides.
            #expect(
                try await w.ana.post(url + "/requests/\(w.ids["ana"]!.uuidString)", ["decision": "accept"]).status == .forbidden)
            if isPostgresRun {
                let rows = try await sql(app).raw("SELECT sealed FROM group_notes").all()
                for row in rows {
                    let data = try row.decode(column: "sealed", as: Data.self)
                    #expect(!String(decoding: data, as: UTF8.self).contains("ZQGROUPNOTE"))
                }
            } else {
                try await sql(app).raw("PRAGMA wal_checkpoint(TRUNCATE)").run()
                var dump = ""
                for suffix in ["", "-wal", "-journal"] {
                    if let data = FileManager.default.contents(atPath: path + suffix) {
                        dump += String(decoding: data, as: UTF8.self)
                    }
                }
                #expect(dump.contains("group_notes"), "the file holds the tables")
                #expect(dump.contains("Men listening"), "the group's name is in clear, as every member reads it")
                #expect(!dump.contains("ZQGROUPNOTE"), "the note is not in the file in clear")
            }
        }
    }

    @Test("joining by the group's choice, and leaving at once")
    func joiningAndLeaving() async throws {
        try await withTejido { app, _ in
            let w = try await Self.world(app)
            let url = try await Self.group(w)
            _ = try await w.memo.post(url + "/notes", ["note": "ZQFIRST"])
            #expect(try await w.nora.get(url + "/notes").status == .forbidden)
            #expect(try await w.nora.post(url + "/join").status == .seeOther)
            #expect(try await w.nora.get(url).text.contains("You asked to join"))
            // Asking does not let one decide for oneself.
            #expect(
                try await w.nora.post(url + "/requests/\(w.ids["nora"]!.uuidString)", ["decision": "accept"]).status == .forbidden
            )
            let forMemo = try await w.memo.get(url).text
            #expect(forMemo.contains("Asking to join") && forMemo.contains("nora"))
            #expect(
                try await w.memo.post(url + "/requests/\(w.ids["nora"]!.uuidString)", ["decision": "accept"]).status == .seeOther)
            #expect(try await w.nora.get(url + "/notes").text.contains("ZQFIRST"), "the group's key reached her")

            // Declining: fede asks, nora (now in the group) says not now.
            _ = try await w.fede.post(url + "/join")
            _ = try await w.nora.post(url + "/requests/\(w.ids["fede"]!.uuidString)", ["decision": "decline"])
            #expect(try await w.fede.get(url + "/notes").status == .forbidden)

            // Leaving takes the wrap away at once.
            #expect(try await w.nora.post(url + "/leave").status == .seeOther)
            #expect(try await w.nora.get(url + "/notes").status == .forbidden)
            let wraps = KeyWraps.forGroups(app.tejido.keys)
            let groupID = try #require(UUID(uuidString: String(url.split(separator: "/").last!)))
            #expect(try await wraps.find(groupID, holder: KeyWraps.holder(account: w.ids["nora"]!), on: app.db) == nil)
            // The last member leaving closes the group and nothing of its notes is left.
            _ = try await w.memo.post(url + "/leave")
            #expect(try await w.memo.get(url).text.contains("This group has closed"))
            #expect(try await GroupNoteRecord.query(on: app.db).count() == 0)
            #expect(try await w.memo.post(url + "/join").status == .forbidden)
        }
    }

    @Test("someone who leaves the collective leaves its groups")
    func leavingTheCollective() async throws {
        try await withTejido { app, _ in
            let w = try await Self.world(app)
            let url = try await Self.group(w)
            _ = try await w.nora.post(url + "/join")
            _ = try await w.memo.post(url + "/requests/\(w.ids["nora"]!.uuidString)", ["decision": "accept"])
            _ = try await w.nora.post("/c/casa/leave")
            let groupID = try #require(UUID(uuidString: String(url.split(separator: "/").last!)))
            let facts = try await ActivityQueries(database: app.db).facts(
                try #require(try await ActivityRecord.find(groupID, on: app.db)))
            #expect(facts.members == [w.ids["memo"]!])
            #expect(
                try await KeyWraps.forGroups(app.tejido.keys).find(
                    groupID, holder: KeyWraps.holder(account: w.ids["nora"]!), on: app.db) == nil)
        }
    }

    @Test("bad session input: each problem beside its field, what was typed kept, nothing written")
    func badInput() async throws {
        try await withTejido { app, _ in
            let w = try await Self.world(app)
            let url = try await Self.workshop(w)
            let fede = w.ids["fede"]!
            let backwards = try await w.fede.post(
                url + "/sessions",
                Self.sessionForm("2027-01-20T18:00", "2027-01-20T17:00", place: "Hall <b>B</b>", adults: [fede]))
            #expect(backwards.status == .unprocessableEntity)
            #expect(backwards.text.contains("The end has to come after the start."))
            #expect(backwards.text.contains("value=\"2027-01-20T17:00\""), "what was typed is kept")
            #expect(backwards.text.contains("Hall &lt;b&gt;B&lt;/b&gt;"))
            let ancient = try await w.fede.post(
                url + "/sessions", Self.sessionForm("1925-01-20T18:00", "1925-01-20T19:00", adults: [fede]))
            #expect(ancient.status == .unprocessableEntity)
            #expect(ancient.text.contains("That year is too far from now."))
            let garbled = try await w.fede.post(url + "/sessions", Self.sessionForm("tomorrow", "", adults: [fede]))
            #expect(garbled.status == .unprocessableEntity)
            #expect(try await ActivitySessionRecord.query(on: app.db).count() == 0)
            // Hostile text is shown as text.
            let hostile = try await Self.create(
                w.cora,
                [
                    "kind": "training", "title": "<script>alert(1)</script>", "joining": "open",
                    "facilitator_\(fede.uuidString)": "1",
                ])
            let page = try await w.memo.get(hostile).text
            #expect(!page.contains("<script>alert(1)</script>"))
            #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            // A form missing its facilitators keeps the title typed.
            let missing = try await w.cora.post(
                "/c/casa/activities/new", ["kind": "workshop", "title": "Kept title", "joining": "open"])
            #expect(missing.status == .unprocessableEntity)
            #expect(missing.text.contains("value=\"Kept title\""))
            #expect(missing.text.contains("Tick at least one member"))
            // Only the care team names facilitators; a member starts a self-organised group whatever they send.
            let sneaky = try await Self.create(
                w.memo, ["kind": "workshop", "title": "Sneaky", "joining": "open", "facilitator_\(fede.uuidString)": "1"])
            #expect(try await w.memo.get(sneaky).text.contains("Runs itself"))
        }
    }

    @Test("a children's space refuses a session plan with an adult not covered, naming them and keeping what was typed")
    func childrenSpace() async throws {
        try await withTejido { app, clock in
            let w = try await Self.world(app)
            let fede = w.ids["fede"]!, nora = w.ids["nora"]!
            // On the roster: the care team recorded that fede trained two months ago, renewing in ten
            // months, and fede agreed; nora only typed a training in herself, which does not count.
            let queries = SkillQueries(database: app.db)
            try await queries.ensureStarter(in: w.casa.id, now: clock.now)
            let skill = try #require(
                try await queries.skills(in: w.casa.id).first { $0.key == SkillKey.childSafeguarding.rawValue })
            let skills = SkillService(database: app.db, now: clock.now)
            try await skills.offer(
                skillID: try skill.requireID(), to: fede, in: w.casa.id, trainedOn: clock.now.addingTimeInterval(-60 * 86_400),
                renewBy: clock.now.addingTimeInterval(300 * 86_400), by: w.ids["cora"]!)
            let offered = try #require(try await SkillListingRecord.query(on: app.db).first())
            try await skills.answer(listingID: try offered.requireID(), userID: fede, in: w.casa.id, agree: true, willing: false)
            try await skills.saveOwn(
                skillID: try skill.requireID(), userID: nora, in: w.casa.id,
                SkillListingInput(trainedOn: clock.now.addingTimeInterval(-86_400), renewBy: nil, willing: true))
            let url = try await Self.create(
                w.cora,
                [
                    "kind": "children_space", "title": "Kids' corner", "joining": "open",
                    "facilitator_\(fede.uuidString)": "1", "facilitator_\(nora.uuidString)": "1",
                ])
            let refused = try await w.fede.post(
                url + "/sessions", Self.sessionForm("2027-01-20T10:00", "2027-01-20T12:00", adults: [fede, nora]))
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("nora has no current child-safeguarding training"))
            #expect(!refused.text.contains("fede has no current"))
            #expect(refused.text.contains("value=\"2027-01-20T10:00\""))
            #expect(try await ActivitySessionRecord.query(on: app.db).count() == 0)
            let covered = try await w.fede.post(
                url + "/sessions", Self.sessionForm("2027-01-20T10:00", "2027-01-20T12:00", adults: [fede]))
            #expect(covered.status == .seeOther)
            // The rule cannot be switched off: without the box, a children's space still requires it.
            let open = try await Self.create(
                w.cora,
                ["kind": "children_space", "title": "Open play", "joining": "open", "facilitator_\(nora.uuidString)": "1"])
            let unchecked = try await w.nora.post(
                open + "/sessions", Self.sessionForm("2027-01-21T10:00", "2027-01-21T12:00", adults: [nora]))
            #expect(
                unchecked.status == .unprocessableEntity
                    && unchecked.text.contains("nora has no current child-safeguarding training"))
            // And no member starts one as a self-organised group.
            #expect(!(try await w.memo.get("/c/casa/activities/new").text.contains("value=\"children_space\"")))
            let own = try await w.memo.post("/c/casa/activities/new", ["kind": "children_space", "title": "My kids' club"])
            #expect(own.status == .unprocessableEntity && own.text.contains("cannot be a self-organised group"))
        }
    }

    @Test("the collective's home links to activities")
    func homeLinks() async throws {
        try await withTejido { app, _ in
            let w = try await Self.world(app)
            #expect(try await w.memo.get("/c/casa").text.contains("/c/casa/activities"))
            let spanish = TestBrowser(app, headers: ["Accept-Language": "es"])
            try await spanish.signIn("nora")
            let page = try await spanish.get("/c/casa/activities").text
            #expect(page.contains("Actividades y grupos") && page.contains("En qué he participado"))
        }
    }

    @Test("double submits: the same activity, session or note sent twice is kept once")
    func doubleSubmits() async throws {
        try await withTejido { app, _ in
            let w = try await Self.world(app)
            let first = try await Self.workshop(w)
            let second = try await Self.workshop(w)
            #expect(first == second)
            #expect(try await ActivityRecord.query(on: app.db).count() == 1)
            let form = Self.sessionForm("2027-01-20T18:00", "2027-01-20T20:00", adults: [w.ids["fede"]!])
            _ = try await w.fede.post(first + "/sessions", form)
            _ = try await w.fede.post(first + "/sessions", form)
            #expect(try await ActivitySessionRecord.query(on: app.db).count() == 1)
            let group = try await Self.group(w)
            _ = try await w.memo.post(group + "/notes", ["note": "Once"])
            _ = try await w.memo.post(group + "/notes", ["note": "Once"])
            #expect(try await GroupNoteRecord.query(on: app.db).count() == 1)
            // A different note is a new note.
            _ = try await w.memo.post(group + "/notes", ["note": "Twice"])
            #expect(try await GroupNoteRecord.query(on: app.db).count() == 2)
        }
    }

    @Test("rotating the instance key re-locks each group's wraps, and the notes still open for their members")
    func keyRotation() async throws {
        let folder = NSTemporaryDirectory() + "tejido-keys-\(UUID().uuidString)"
        let path = folder + "/instance.key"
        try InstanceKeyFile.create(path: path)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await withTejido({ $0.keyFilePath = path }) { app, _ in
            let w = try await Self.world(app)
            let group = try await Self.group(w)
            _ = try await w.memo.post(group + "/notes", ["note": "ZQROTATED"])
            let before = try #require(
                try await sql(app).raw("SELECT key_id FROM group_keys").first()?.decode(column: "key_id", as: String.self))
            _ = try await app.rotateKeys()
            let after = try await sql(app).raw("SELECT key_id FROM group_keys").all()
                .map { try $0.decode(column: "key_id", as: String.self) }
            #expect(after.count == 1 && !after.contains(before), "the wrap is locked with the new key")
            #expect(try await w.memo.get(group + "/notes").text.contains("ZQROTATED"))
        }
    }

    @Test("the demo has a workshop with attendance, a masculinity group with a note, and a children's space")
    func demo() async throws {
        try await withTejido { app, _ in
            let demo = try await app.makeDemo()
            let sofi = TestBrowser(app)
            try await sofi.signIn("demo-sofi", passphrase: demo.passphrase)
            let upcoming = try await sofi.get("/c/\(demo.slug)/activities").text
            #expect(upcoming.contains("Consent and care at our events") && upcoming.contains("Kids&#39; corner"))
            #expect(try await sofi.get("/account/activities").text.contains("Consent and care at our events"))
            let group = try #require(try await ActivityRecord.query(on: app.db).filter(\.$selfOrganised == true).first())
            let notes = "/c/\(demo.slug)/activities/\(try group.requireID().uuidString)/notes"
            let beto = TestBrowser(app)
            try await beto.signIn("demo-beto", passphrase: demo.passphrase)
            #expect(try await beto.get(notes).text.contains("jealousy"))
            let ana = TestBrowser(app)
            try await ana.signIn("demo-ana", passphrase: demo.passphrase)
            let refused = try await ana.get(notes)
            #expect(refused.status == .forbidden && !refused.text.contains("jealousy"))
        }
    }

    @Test("the last member of a group deleting their account closes it")
    func deletingTheAccount() async throws {
        try await withTejido { app, _ in
            let w = try await Self.world(app)
            let group = try await Self.group(w)
            _ = try await w.memo.post(group + "/notes", ["note": "ZQGONE"])
            let deleted = try await w.memo.post("/account/delete", ["passphrase": Fixtures.passphrase, "confirm": "1"])
            #expect(deleted.status == .seeOther)
            #expect(try await GroupNoteRecord.query(on: app.db).count() == 0)
            #expect(try await ActivityRecord.query(on: app.db).first()?.closedAt != nil)
        }
    }
}

@Suite("Activities: upgrade")
struct ActivityUpgradeTests {
    @Test("a database from the previous release migrates to activities with its data intact")
    func upgrade() async throws {
        try await withTejido { app, _ in
            let migration = M0023_CreateActivities()
            try await migration.revert(on: app.db)
            let casa = try await Fixtures.collective(app, "Casa", admin: "ana")
            let beto = try await Fixtures.member(app, casa, "beto")
            let meeting = try await AssemblyService(database: app.db, keys: app.tejido.keys, now: Date()).createMeeting(
                MeetingDetails(title: "ZQ-OLD-MEETING", heldOn: Date()), in: casa.id, by: casa.adminID)
            try await migration.prepare(on: app.db)
            #expect(try await AssemblyMeetingRecord.find(meeting, on: app.db)?.title == "ZQ-OLD-MEETING")
            #expect(try await MembershipRecord.query(on: app.db).filter(\.$user.$id == beto).count() == 1)
            let browser = TestBrowser(app)
            try await browser.signIn("beto")
            #expect(try await browser.get("/c/casa/activities").status == .ok)
            #expect(
                try await browser.post("/c/casa/activities/new", ["kind": "study_group", "title": "Readers"]).status == .seeOther)
        }
    }
}
