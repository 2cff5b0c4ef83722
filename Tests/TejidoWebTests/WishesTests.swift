import Fluent
import Testing
import VaporTesting

@testable import TejidoWeb

/// The limits the person harmed sets: enforced, lifted only with her recorded agreement, and
/// ending what they contradict when they come back.
@Suite("Wishes and the consents they govern")
struct WishesTests {
    /// A case Beto opened for Luz, who has no account here, with Cora facilitating and the harm
    /// classified so that outside mediation is allowed; one entry Beto may share.
    static func forLuz(_ app: Application, limits: [String: String]) async throws -> (CaseTests.People, String, UUID) {
        let p = try await CaseTests.people(app)
        let url = try await Fixtures.disclose(
            p.beto, slug: "casa",
            ["for": "other", "survivor_name": "Luz", "agreed_to": "That I open it and act for her", "manner": "spoken"]
                .merging(limits) { a, _ in a })
        _ = try await p.beto.post(url + "/people", ["username": "cora", "role": "facilitator", "survivor_agreed": "1"])
        #expect(try await p.cora.post(url + "/classify", ["choice": "psychological/2", "reason": "As told"]).status == .seeOther)
        _ = try await p.beto.post(url + "/entries", ["kind": "note", "visibility": "survivor_side", "text": "ZQ-SHARED"])
        return (p, url, UUID())
    }

    /// The entry the invitation form offers to share.
    static func shareable(_ p: CaseTests.People, _ url: String) async throws -> UUID {
        let form = try await p.beto.get(url + "/mediators").text
        return try #require(form.firstMatch(of: /id="entry_([0-9A-F-]{36})"/).flatMap { UUID(uuidString: String($0.1)) })
    }

    @Test("a new case starts with nothing leaving the collective; while it stands no mediator can be invited")
    func nothingLeaves() async throws {
        try await withTejido { app, _ in
            let (p, url, entry) = try await Self.forLuz(app, limits: ["limit_keep_in_collective": "1"])
            let form = try await p.sofi.get("/c/casa/cases/new").text
            #expect(form.contains("Nothing leaves the collective"))
            #expect(form.contains(/name="limit_keep_in_collective" value="1"[^>]* checked/), "ticked from the start")
            let page = try await p.beto.get(url + "/mediators")
            #expect(page.status == .ok)
            #expect(page.text.contains("no outside mediator can be invited"))
            #expect(!page.text.contains("name=\"label\""), "no invitation form is offered")
            let tried = try await p.beto.post(
                url + "/mediators",
                ["label": "Marta", "entry_\(entry.uuidString)": "1", "days": "30", "survivor_agreed": "1"])
            #expect(tried.status == .forbidden)
            #expect(try await CaseMediatorRecord.query(on: app.db).count() == 0)
            // A consent to share outside is refused while the wish stands.
            let consent = try await p.beto.post(
                url + "/consents",
                ["scope": "leave_collective", "detail": "Share with Marta", "days": "30", "survivor_agreed": "1"])
            #expect(consent.status == .unprocessableEntity)
        }
    }

    @Test("acting for her, lifting a limit or inviting a mediator needs her agreement and how; the log says which wish")
    func actingForHer() async throws {
        try await withTejido { app, _ in
            let (p, url, _) = try await Self.forLuz(app, limits: ["limit_keep_in_collective": "1", "limit_no_police": "1"])
            // Lifting without saying she agreed is refused, and nothing changes.
            let bare = try await p.beto.post(url + "/wishes", ["limit_no_police": "1"])
            #expect(bare.status == .unprocessableEntity)
            #expect(bare.text.contains("Confirm that the person harmed agreed."))
            #expect(bare.text.contains(/name="limit_no_police" value="1"[^>]* checked/), "what was chosen is kept")
            #expect(!bare.text.contains(/name="limit_keep_in_collective" value="1"[^>]* checked/))
            let still = try await p.beto.get(url).text
            #expect(still.contains("Nothing leaves the collective"))

            // With her agreement, stated as in writing, it is lifted and the record says so.
            let lifted = try await p.beto.post(
                url + "/wishes", ["limit_no_police": "1", "survivor_agreed": "1", "manner": "in_writing"])
            #expect(lifted.status == .seeOther)
            let home = try await p.beto.get(url).text
            #expect(
                home.contains("Nothing leaves the collective&quot; was lifted for the person harmed, who agreed (In writing)."))
            let log = try await p.beto.get(url + "/log").text
            #expect(log.contains("Changed the wishes · lifted"))
            #expect(log.contains("Nothing leaves the collective"))

            let entry = try await Self.shareable(p, url)
            // Inviting a mediator for her needs the same statement; the consent shows how she gave it.
            let bareInvite = try await p.beto.post(
                url + "/mediators", ["label": "Marta", "entry_\(entry.uuidString)": "1", "days": "30"])
            #expect(bareInvite.status == .unprocessableEntity)
            #expect(bareInvite.text.contains("Confirm that the person harmed agreed."))
            #expect(try await CaseMediatorRecord.query(on: app.db).count() == 0)
            let invited = try await p.beto.post(
                url + "/mediators",
                ["label": "Marta", "entry_\(entry.uuidString)": "1", "days": "30", "survivor_agreed": "1", "manner": "spoken"])
            #expect(invited.status == .seeOther)
            let consents = try await p.beto.get(url + "/consents").text
            #expect(consents.contains("Marta · entries shared: 1"))
            #expect(consents.contains("Given by Luz · Spoken, to me"))

            // Putting the wish back ends the consent and the mediator's access at once.
            let back = try await p.beto.post(url + "/wishes", ["limit_no_police": "1", "limit_keep_in_collective": "1"])
            #expect(back.status == .seeOther)
            #expect(try await CaseMediatorRecord.query(on: app.db).filter(\.$revokedAt == nil).count() == 0)
            let after = try await p.beto.get(url + "/consents").text
            #expect(after.contains(/<span class="tag">revoked on [^<]*<\/span><\/p>\n<p class="prose">Marta · entries shared: 1/))
            #expect(try await p.beto.get(url + "/log").text.contains("Changed the wishes · set"))
        }
    }

    @Test("putting 'not to the assembly' back ends the consent to take it there")
    func assemblyWishBack() async throws {
        try await withTejido { app, _ in
            let p = try await CaseTests.people(app)
            #expect(try await p.sofi.post(p.caseURL + "/wishes", ["limit_no_police": "1"]).status == .seeOther)
            let given = try await p.sofi.post(
                p.caseURL + "/consents", ["scope": "assembly_item", "detail": "A summary, no names", "days": "30"])
            #expect(given.status == .seeOther)
            #expect(try await p.sofi.get(p.caseURL + "/consents").text.contains("in force"))
            #expect(
                try await p.sofi.post(p.caseURL + "/wishes", ["limit_no_police": "1", "limit_not_to_assembly": "1"]).status
                    == .seeOther)
            let consents = try await p.sofi.get(p.caseURL + "/consents").text
            #expect(consents.contains(/<span class="tag">revoked on [^<]*<\/span><\/p>\n<p class="prose">A summary, no names/))
            #expect(!consents.contains(/in force<\/span><\/p>\n<p class="prose">A summary, no names/))
            // She lifted it herself: no "agreed" record is written for her own act.
            #expect(!(try await p.sofi.get(p.caseURL).text.contains("was lifted for the person harmed")))
        }
    }
}

@Suite("Tasks and who sees them")
struct TaskReadersTests {
    @Test("a task the survivor sets herself stays on her side unless she chooses wider; whoever must do it sees it")
    func privateByDefault() async throws {
        try await withTejido { app, _ in
            let p = try await CaseTests.people(app)
            _ = try await p.sofi.post(p.caseURL + "/people", ["username": "beto", "role": "supporter"])
            _ = try await p.sofi.post(p.caseURL + "/people", ["username": "cora", "role": "facilitator"])
            let form = try await p.sofi.get(p.caseURL).text
            #expect(form.contains(/<option value="survivor_side" selected>/), "her side is the default")
            #expect(!form.contains(/name="task_visibility"[^\n]*whole_case/), "tasks never reach the respondent")
            #expect(try await p.sofi.post(p.caseURL + "/tasks", ["title": "ZQ-LOCK buy a new lock"]).status == .seeOther)
            #expect(
                try await p.sofi.post(p.caseURL + "/tasks", ["title": "ZQ-TEAM meet", "task_visibility": "case_team"]).status
                    == .seeOther)
            let cora = try await p.cora.get(p.caseURL).text
            #expect(!cora.contains("ZQ-LOCK") && cora.contains("ZQ-TEAM"))
            #expect(try await p.beto.get(p.caseURL).text.contains("ZQ-LOCK"))
            // Assigned to the facilitator, a private task reaches her, and only her of the team.
            let coraPlace = try #require(
                try await p.sofi.get(p.caseURL).text.firstMatch(of: /<option value="([0-9A-F-]{36})">cora<\/option>/))
            _ = try await p.sofi.post(
                p.caseURL + "/tasks",
                ["title": "ZQ-ASK call me", "task_visibility": "only_me", "assignee": String(coraPlace.1)])
            #expect(try await p.cora.get(p.caseURL).text.contains("ZQ-ASK"))
            #expect(!(try await p.beto.get(p.caseURL).text.contains("ZQ-ASK")))
            // A choice a role may not make is refused, keeping what was typed.
            let wide = try await p.sofi.post(
                p.caseURL + "/tasks", ["title": "ZQ-WIDE", "task_visibility": "whole_case"])
            #expect(wide.status == .unprocessableEntity && wide.text.contains("value=\"ZQ-WIDE\""))
            // Marking done a task one cannot see is "not found".
            let tasks = try await CaseTaskRecord.query(on: app.db).all()
            for task in tasks {
                let done = try await p.cora.post(p.caseURL + "/tasks/\(try task.requireID().uuidString)/done")
                #expect(done.status == .seeOther || done.status == .notFound)
            }
            #expect(try await p.beto.get(p.caseURL).text.contains("ZQ-LOCK"))
            #expect(!(try await p.beto.get(p.caseURL).text.contains("<s>ZQ-LOCK")), "cora could not close her private task")
        }
    }
}
