import Fluent
import Foundation
import TejidoCore
import Testing
import VaporTesting

@testable import TejidoWeb

/// The respondent's proposal and its commitments, through the pages of one case.
@Suite("Accountability")
struct AccountabilityTests {
    struct People {
        let base: CaseTests.People
        let alma: TestBrowser  // the accountability pod
        var url: String { base.caseURL }
    }

    /// A case with Beto supporting, Cora facilitating, Ramón told and added, Alma in his pod.
    static func people(_ app: Application) async throws -> People {
        let base = try await CaseTests.people(app)
        try await Fixtures.member(app, base.casa, "alma")
        let alma = TestBrowser(app)
        try await alma.signIn("alma")
        let url = base.caseURL
        _ = try await base.sofi.post(url + "/people", ["username": "beto", "role": "supporter"])
        _ = try await base.sofi.post(url + "/people", ["username": "cora", "role": "facilitator"])
        _ = try await base.sofi.post(
            url + "/consents", ["scope": "tell_respondent", "detail": "Ramón may write his proposal", "days": "90"])
        #expect(try await base.sofi.post(url + "/people", ["username": "ramon", "role": "respondent"]).status == .seeOther)
        #expect(try await base.sofi.post(url + "/people", ["username": "alma", "role": "accountability"]).status == .seeOther)
        return People(base: base, alma: alma)
    }

    static let proposal = [
        "acknowledgement": "ZQ-ACK I kept touching her after she said no.", "behaviours": "I will ask and listen.",
        "care_work": "ZQ-CARE Cooking for the Thursday kitchen every week.", "timeline": "Six months, monthly check-ins.",
    ]

    @Test("the respondent writes versions; care work is never optional; only offered directory entries are picked")
    func writing() async throws {
        try await withTejido { app, _ in
            let p = try await Self.people(app)
            var missing = Self.proposal
            missing["care_work"] = ""
            let refused = try await p.base.ramon.post(p.url + "/proposal", missing)
            #expect(refused.status == .unprocessableEntity && refused.text.contains("always includes care work"))
            #expect(refused.text.contains("ZQ-ACK I kept touching her"), "what he typed is kept")
            let bogus = try await p.base.ramon.post(
                p.url + "/proposal", Self.proposal.merging(["entry_\(UUID().uuidString)": "1"]) { a, _ in a })
            #expect(bogus.status == .unprocessableEntity && bogus.text.contains("Choose only from the services listed"))
            let entry = try #require(
                try await DirectoryEntryRecord.query(on: app.db).filter(\.$kind == "transformative_justice").first())
            let picked = Self.proposal.merging(["entry_\(try entry.requireID().uuidString)": "1"]) { a, _ in a }
            #expect(try await p.base.ramon.post(p.url + "/proposal", picked).status == .seeOther)
            #expect(try await p.base.ramon.post(p.url + "/proposal", Self.proposal).status == .seeOther)
            let page = try await p.base.ramon.get(p.url + "/proposal").text
            #expect(page.contains("Version 2") && page.contains("Version 1") && page.contains(entry.name))
            #expect(page.contains("<li>\(entry.name)</li>"), "version 1 lists the service he chose")
            #expect(try await CaseProposalRecord.query(on: app.db).count() == 2)
            // The database itself keeps a case to one accepted version, whatever happens at once.
            let both = try await CaseProposalRecord.query(on: app.db).all()
            try await CaseProposalRecord.query(on: app.db).filter(\.$id == both[0].requireID()).set(\.$acceptedAt, to: Date())
                .update()
            await #expect(throws: (any Error).self) {
                try await CaseProposalRecord.query(on: app.db).filter(\.$id == both[1].requireID())
                    .set(\.$acceptedAt, to: Date()).update()
            }
            try await CaseProposalRecord.query(on: app.db).set(\.$acceptedAt, to: nil).update()
            // Sealed: neither the text nor who wrote it is in the row.
            for row in try await CaseProposalRecord.query(on: app.db).all() {
                #expect(!String(decoding: row.body, as: UTF8.self).contains("ZQ-"))
            }
            // The access log tells no roles in clear either: only the respondent writes a proposal.
            let log = try await CaseAccessRecord.query(on: app.db).all()
            #expect(!log.isEmpty && log.allSatisfy { !String(decoding: $0.body, as: UTF8.self).contains("proposal") })
            #expect(try await p.base.sofi.get(p.url + "/log").text.contains("Wrote a version of the proposal"))
            // Nobody else writes it, and he does not review his own.
            for browser in [p.base.sofi, p.base.beto, p.base.cora, p.alma] {
                #expect(try await browser.post(p.url + "/proposal", Self.proposal).status == .forbidden)
            }
            let id = try #require(try await CaseProposalRecord.query(on: app.db).first()?.requireID().uuidString)
            #expect(try await p.base.ramon.post(p.url + "/proposal/\(id)/comments", ["comment": "mine"]).status == .forbidden)
            // Outsiders see nothing of it.
            #expect(try await p.base.ana.get(p.url + "/proposal").status == .notFound)
        }
    }

    @Test("the survivor's side reads the proposal only when they ask, never the pod's comments; the asking is logged")
    func readingIsChosen() async throws {
        try await withTejido { app, _ in
            let p = try await Self.people(app)
            _ = try await p.base.ramon.post(p.url + "/proposal", Self.proposal)
            let id = try #require(try await CaseProposalRecord.query(on: app.db).first()?.requireID().uuidString)
            #expect(
                try await p.alma.post(p.url + "/proposal/\(id)/comments", ["comment": "ZQ-COMMENT say more about repair"]).status
                    == .seeOther)
            #expect(try await p.base.ramon.get(p.url + "/proposal").text.contains("ZQ-COMMENT"))
            // A comment too long comes back in its own version's box, with the problem beside it.
            let long = "ZQ-LONG " + String(repeating: "x", count: ChangeProposal.textLimit)
            let refused = try await p.alma.post(p.url + "/proposal/\(id)/comments", ["comment": long])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("href=\"#comment-\(id)\"") && refused.text.contains("id=\"comment-\(id)-error\""))
            #expect(
                refused.text.contains(
                    "name=\"comment\" aria-describedby=\"comment-\(id)-error\" aria-invalid=\"true\" rows=\"3\">ZQ-LONG"))

            let unasked = try await p.base.sofi.get(p.url + "/proposal").text
            #expect(!unasked.contains("ZQ-ACK") && unasked.contains("Read it now"))
            let read = try await p.base.sofi.get(p.url + "/proposal?read=1").text
            #expect(read.contains("ZQ-ACK") && read.contains("ZQ-CARE") && !read.contains("ZQ-COMMENT"))
            #expect(try await p.base.sofi.get(p.url + "/log").text.contains("Read the proposal"))
            #expect(!(try await p.base.beto.get(p.url + "/proposal").text.contains("ZQ-ACK")))
        }
    }

    @Test(
        "an accepted proposal becomes commitments; check-ins; missed ones reach the facilitator; the survivor chooses what she sees"
    )
    func commitments() async throws {
        try await withTejido { app, _ in
            let p = try await Self.people(app)
            _ = try await p.base.ramon.post(p.url + "/proposal", Self.proposal)
            let add = [
                "commitment_title": "ZQ-COOK Cook on Thursdays", "commitment_kind": "care_work", "commitment_due": "2099-06-01",
            ]
            #expect(try await p.base.cora.post(p.url + "/commitments", add).status == .conflict, "nothing before acceptance")
            let id = try #require(try await CaseProposalRecord.query(on: app.db).first()?.requireID().uuidString)
            #expect(try await p.alma.post(p.url + "/proposal/\(id)/accept").status == .forbidden)
            #expect(
                try await p.alma.post(p.url + "/proposal/\(id)/comments", ["comment": "ZQ-COMMENT"]).status == .seeOther)
            #expect(try await CaseProposalCommentRecord.query(on: app.db).count() == 1)
            #expect(try await p.base.cora.post(p.url + "/proposal/\(id)/accept").status == .seeOther)
            #expect(try await p.base.cora.post(p.url + "/proposal/\(id)/accept").status == .conflict)

            let bad = try await p.base.cora.post(
                p.url + "/commitments", ["commitment_title": "ZQ-KEPT", "commitment_kind": "", "commitment_due": "soon"])
            #expect(bad.status == .unprocessableEntity && bad.text.contains("value=\"ZQ-KEPT\""))
            #expect(try await p.base.cora.post(p.url + "/commitments", add).status == .seeOther)
            let late = [
                "commitment_title": "ZQ-LATE Call the programme", "commitment_kind": "support", "commitment_due": "2001-01-01",
            ]
            let past = try await p.base.cora.post(p.url + "/commitments", late)
            #expect(past.status == .unprocessableEntity && past.text.contains("That day has already passed"))
            #expect(try await p.base.ramon.post(p.url + "/commitments", add).status == .forbidden)
            // A commitment whose day has come and gone, as time would leave it.
            let caseID = try #require(UUID(uuidString: String(p.url.split(separator: "/").last!)))
            let file = try #require(
                try await Fixtures.store(app, as: "sofi").load(caseID, in: p.base.casa.id))
            let coraID = try #require(try await UserRecord.query(on: app.db).filter(\.$username == "cora").first()?.requireID())
            try await CaseService(database: app.db, keys: app.tejido.keys, now: app.tejido.clock.now()).addCommitment(
                file, Commitment(title: "ZQ-LATE Call the programme", kind: .support),
                dueOn: CalendarDay.parse("2001-01-01"), by: coraID)

            let rows = try await CaseCommitmentRecord.query(on: app.db).sort(\.$createdAt).all()
            let cook = try rows[0].requireID().uuidString
            let noProgress = try await p.alma.post(p.url + "/commitments/\(cook)/check-in", ["note": "ZQ-NOTE-KEPT"])
            #expect(noProgress.status == .unprocessableEntity && noProgress.text.contains("ZQ-NOTE-KEPT"))
            #expect(
                try await p.alma.post(p.url + "/commitments/\(cook)/check-in", ["progress": "on_track", "note": "ZQ-CHECKIN"])
                    .status == .seeOther)
            #expect(
                try await p.base.ramon.post(
                    p.url + "/commitments/\(cook)/check-in", ["progress": "on_track", "note": "Cooked twice"]
                )
                .status == .seeOther)
            #expect(
                try await p.base.beto.post(p.url + "/commitments/\(cook)/check-in", ["progress": "done"]).status == .forbidden)
            let selfDone = try await p.base.ramon.post(p.url + "/commitments/\(cook)/check-in", ["progress": "done"])
            #expect(selfDone.status == .unprocessableEntity, "he does not mark his own commitment met")

            // The missed commitment reaches the facilitator's own page, and nobody else's.
            let coraNeeds = try await p.base.cora.get("/c/casa/needs-me").text
            #expect(coraNeeds.contains("ZQ-LATE Call the programme</a> · past its date"))
            #expect(!coraNeeds.contains("ZQ-COOK"), "not due for years: not yet the facilitator's concern")
            // The respondent is reminded of what he committed to; the pod of what it checks in on.
            let ramonNeeds = try await p.base.ramon.get("/c/casa/needs-me").text
            #expect(ramonNeeds.contains("ZQ-COOK Cook on Thursdays</a> · yours to meet"))
            #expect(ramonNeeds.contains("ZQ-LATE Call the programme</a> · yours to meet"))
            #expect(!ramonNeeds.contains("Nothing is waiting for you."), "not while commitments wait")
            let lateAt = try #require(ramonNeeds.range(of: "ZQ-LATE")), cookAt = try #require(ramonNeeds.range(of: "ZQ-COOK"))
            #expect(lateAt.lowerBound < cookAt.lowerBound, "soonest first")
            let almaNeeds = try await p.alma.get("/c/casa/needs-me").text
            #expect(almaNeeds.contains("ZQ-COOK Cook on Thursdays</a> · check in on it"))
            // Her side is reminded of none of it.
            #expect(!(try await p.base.sofi.get("/c/casa/needs-me").text.contains("ZQ-COOK")))
            #expect(!(try await p.base.beto.get("/c/casa/needs-me").text.contains("ZQ-LATE")))

            // Sofía sees a summary by default, then everything, then nothing, as she chooses.
            let summary = try await p.base.sofi.get(p.url + "/commitments").text
            #expect(
                summary.contains("2 commitments: 0 done, 1 under way, 0 running late, 1 past their date.")
                    && !summary.contains("ZQ-CHECKIN"))
            // A check-in saying it runs late counts as running late, not as on track.
            #expect(
                try await p.alma.post(p.url + "/commitments/\(cook)/check-in", ["progress": "behind", "note": "ZQ-LATE-NOTE"])
                    .status == .seeOther)
            #expect(
                try await p.base.sofi.get(p.url + "/commitments").text.contains(
                    "2 commitments: 0 done, 0 under way, 1 running late, 1 past their date."))
            #expect(try await p.base.cora.get("/c/casa/needs-me").text.contains("ZQ-COOK Cook on Thursdays</a> · running late"))
            #expect(try await p.base.beto.post(p.url + "/progress-view", ["progress_view": "all"]).status == .forbidden)
            let betoSummary = try await p.base.beto.get(p.url + "/commitments")
            #expect(betoSummary.status == .ok && betoSummary.text.contains("2 commitments:"))
            #expect(!betoSummary.text.contains("ZQ-CHECKIN"), "her side shares her choice")
            #expect(try await p.base.sofi.post(p.url + "/progress-view", ["progress_view": "all"]).status == .seeOther)
            #expect(try await p.base.beto.get(p.url + "/commitments").text.contains("ZQ-CHECKIN"))
            #expect(try await p.base.sofi.get(p.url + "/commitments").text.contains("ZQ-CHECKIN"))
            #expect(try await p.base.sofi.post(p.url + "/progress-view", ["progress_view": "nothing"]).status == .seeOther)
            let nothing = try await p.base.sofi.get(p.url + "/commitments").text
            #expect(!nothing.contains("ZQ-COOK") && nothing.contains("chose not to see the progress"))
            // Nothing means nothing: no trace on her timeline or in her access log either.
            let timeline = try await p.base.sofi.get(p.url).text
            #expect(!timeline.contains("A commitment was added.") && !timeline.contains("of the proposal for change was"))
            let log = try await p.base.sofi.get(p.url + "/log").text
            for act in ["Recorded a check-in", "Added a commitment", "Commented on the proposal"] {
                #expect(!log.contains(act), "\(act) is not shown")
            }
            #expect(try await p.base.cora.get(p.url).text.contains("A commitment was added."), "the facilitators still see it")
            #expect(log.contains("Looked at the case"), "the rest of her log stays")
            #expect(try await p.base.ramon.get(p.url + "/commitments").text.contains("ZQ-CHECKIN"), "his side still sees it")

            // Done closes a commitment.
            _ = try await p.alma.post(p.url + "/commitments/\(cook)/check-in", ["progress": "done"])
            #expect(try await p.alma.post(p.url + "/commitments/\(cook)/check-in", ["progress": "done"]).status == .conflict)

            // Paused, nothing moves; deleted, nothing remains.
            _ = try await p.base.sofi.post(p.url + "/pause")
            #expect(try await p.base.ramon.post(p.url + "/proposal", Self.proposal).status == .forbidden)
            _ = try await p.base.sofi.post(p.url + "/delete", ["confirm": "yes"])
            #expect(try await CaseProposalRecord.query(on: app.db).count() == 0)
            #expect(try await CaseCommitmentRecord.query(on: app.db).count() == 0)
            #expect(try await CaseCheckInRecord.query(on: app.db).count() == 0)
            #expect(try await CaseProposalCommentRecord.query(on: app.db).count() == 0)
        }
    }

    @Test("where the protocol needs the assembly and her wish keeps the case from it, the outcome form says so and why")
    func outcomeBarredByWish() async throws {
        try await withTejido { app, _ in
            let p = try await Self.people(app)
            #expect(
                try await p.base.sofi.post(p.url + "/wishes", ["limit_no_police": "1", "limit_not_to_assembly": "1"]).status
                    == .seeOther)
            _ = try await p.base.cora.post(p.url + "/classify", ["choice": "psychological/2", "reason": "Repeated insults"])
            let page = try await p.base.cora.get(p.url + "/commitments")
            #expect(page.status == .ok)
            #expect(page.text.contains("the person harmed has asked that this case not go there"))
            #expect(page.text.contains("Add a task to talk with her"))
            let tried = try await p.base.cora.post(
                p.url + "/outcomes", ["outcome_kind": "suspension", "detail": "ZQ-SUSP", "until": "2099-03-01"])
            #expect(tried.status == .unprocessableEntity)
            #expect(tried.text.contains("Talk with her first."))
            #expect(tried.text.contains("ZQ-SUSP"), "what was typed is kept")
            #expect(try await CaseOutcomeRecord.query(on: app.db).count() == 0)
        }
    }

    @Test(
        "outcomes are only what the protocol allows for the harm as classified; what needs the assembly needs its adopted decision"
    )
    func outcomesFollowTheProtocol() async throws {
        try await withTejido { app, _ in
            let p = try await Self.people(app)
            let url = p.url + "/outcomes"
            let limits = [
                "outcome_kind": "limits", "detail": "ZQ-LIMITS Away from the kitchen", "spaces": "Thursday kitchen",
                "until": "2099-01-01",
            ]
            let unclassified = try await p.base.cora.post(url, limits)
            #expect(unclassified.status == .unprocessableEntity && unclassified.text.contains("Classify the harm"))
            _ = try await p.base.cora.post(p.url + "/classify", ["choice": "psychological/2", "reason": "Repeated insults"])

            // Serious psychological harm: expulsion is not allowed; suspension needs the assembly.
            let expel = try await p.base.cora.post(
                url, ["outcome_kind": "expulsion", "detail": "Out", "return_path": "Never"])
            #expect(expel.status == .unprocessableEntity && expel.text.contains("does not allow this response"))
            let suspend = ["outcome_kind": "suspension", "detail": "ZQ-SUSPENDED for three months", "until": "2099-03-01"]
            let alone = try await p.base.cora.post(url, suspend)
            #expect(alone.status == .unprocessableEntity && alone.text.contains("needs the assembly"))
            // No kind chosen: the form comes back open, so its message is not folded away.
            let kindless = try await p.base.cora.post(url, ["detail": "ZQ-KINDLESS"])
            #expect(kindless.status == .unprocessableEntity && kindless.text.contains("<details class=\"panel\" open>"))
            #expect(kindless.text.contains("ZQ-KINDLESS"))
            let missing = try await p.base.cora.post(url, ["outcome_kind": "limits", "detail": "Away"])
            #expect(missing.status == .unprocessableEntity && missing.text.contains("which spaces"))
            #expect(try await p.alma.post(url, limits).status == .forbidden)
            #expect(try await p.base.cora.post(url, limits).status == .seeOther)

            // A motion adopted by the assembly that is not from this case does not count.
            let motion = try await AssemblyTests.motion(p.base.ana, "ZQ-OTHER motion")
            for browser in [p.base.ana, p.base.beto, p.base.cora, p.base.ramon, p.base.sofi] {
                _ = try await browser.post(motion + "/position", ["position": "agree"])
            }
            #expect(try await p.base.cora.post(motion + "/close", ["confirm": "yes"]).status == .seeOther)
            #expect(try await p.base.cora.get(motion).text.contains("Adopted"), "the motion really was adopted")
            let motionID = String(motion.split(separator: "/").last!)
            let borrowed = try await p.base.cora.post(url, suspend.merging(["assembly_item": motionID]) { a, _ in a })
            #expect(borrowed.status == .unprocessableEntity)

            // The case's own item, adopted, that asked for a suspension, is what suspension rests on —
            // not another item of the same case about something else.
            _ = try await p.base.sofi.post(
                p.url + "/consents", ["scope": "assembly_item", "detail": "A summary, no names", "days": "30"])
            _ = try await p.base.sofi.post(
                p.url + "/assembly", ["title": "A rota", "text": "The kitchen rota changes on Thursdays."])
            let other = try #require(try await AssemblyItemRecord.query(on: app.db).filter(\.$caseID != nil).first())
            let otherURL = "/c/casa/assembly/items/\(try other.requireID().uuidString)"
            for browser in [p.base.ana, p.base.beto, p.base.cora] {
                _ = try await browser.post(otherURL + "/position", ["position": "agree"])
            }
            #expect(try await p.base.cora.post(otherURL + "/close", ["confirm": "yes"]).status == .seeOther)
            #expect(try await p.base.cora.get(otherURL).text.contains("Adopted"), "the other item really was adopted")
            let unrelated = try await p.base.cora.post(
                url, suspend.merging(["assembly_item": try other.requireID().uuidString]) { a, _ in a })
            #expect(unrelated.status == .unprocessableEntity, "a decision about something else is not this decision")
            _ = try await p.base.sofi.post(
                p.url + "/assembly",
                ["title": "A suspension", "text": "The care team proposes a suspension of three months.", "asks": "suspension"])
            let item = try #require(
                try await AssemblyItemRecord.query(on: app.db).filter(\.$caseID != nil).all().first { $0.id != other.id })
            let itemURL = "/c/casa/assembly/items/\(try item.requireID().uuidString)"
            for browser in [p.base.ana, p.base.beto, p.base.cora, p.alma] {
                _ = try await browser.post(itemURL + "/position", ["position": "agree"])
            }
            let own = try await p.base.ramon.post(itemURL + "/position", ["position": "block", "reason": "Not me"])
            #expect(own.status == .conflict, "the person who caused harm takes no position on their own case")
            #expect(
                try await p.base.cora.post(url, suspend.merging(["assembly_item": try item.requireID().uuidString]) { a, _ in a })
                    .status == .unprocessableEntity, "an open decision is not a decision")
            _ = try await p.base.cora.post(itemURL + "/close", ["confirm": "yes"])
            #expect(
                try await p.base.cora.post(url, suspend.merging(["assembly_item": try item.requireID().uuidString]) { a, _ in a })
                    .status == .seeOther)
            #expect(
                try await p.base.cora.post(url, suspend.merging(["assembly_item": try item.requireID().uuidString]) { a, _ in a })
                    .status == .unprocessableEntity, "one decision, one outcome")

            let seen = try await p.base.ramon.get(p.url + "/commitments").text
            #expect(seen.contains("ZQ-LIMITS") && seen.contains("ZQ-SUSPENDED") && seen.contains("Thursday kitchen"))
            #expect(seen.contains("Rests on the assembly&#39;s decision: A suspension"), "the outcome names its decision")
            #expect(try await p.base.ana.get(itemURL).text.contains("It asks the assembly to decide on:</strong> Suspension"))
            #expect(try await CaseOutcomeRecord.query(on: app.db).count() == 2)
        }
    }

    @Test("care for everyone: each side refers its own people and reads only their referrals; facilitators read all")
    func care() async throws {
        try await withTejido { app, _ in
            let p = try await Self.people(app)
            let url = p.url + "/care"
            let entry = try #require(
                try await DirectoryEntryRecord.query(on: app.db).filter(\.$kind == "transformative_justice").first())
            let survivor = ["for_whom": "survivor", "entry": try entry.requireID().uuidString, "text": "ZQ-CARE-SURV weekly"]
            #expect(try await p.base.sofi.post(url, survivor).status == .seeOther)
            let wrongSide = try await p.base.sofi.post(url, ["for_whom": "respondent", "text": "ZQ-KEPT"])
            #expect(wrongSide.status == .unprocessableEntity && wrongSide.text.contains("ZQ-KEPT"))
            #expect(try await p.base.sofi.post(url, ["for_whom": "survivor"]).status == .unprocessableEntity)
            #expect(
                try await p.alma.post(url, ["for_whom": "respondent", "text": "ZQ-CARE-RESP counselling"]).status == .seeOther)
            #expect(try await p.base.ramon.post(url, ["for_whom": "respondent", "text": "mine"]).status == .forbidden)

            let ramon = try await p.base.ramon.get(url).text
            #expect(ramon.contains("ZQ-CARE-RESP") && !ramon.contains("ZQ-CARE-SURV") && !ramon.contains(entry.name))
            let sofi = try await p.base.sofi.get(url).text
            #expect(sofi.contains("ZQ-CARE-SURV") && sofi.contains(entry.name) && !sofi.contains("ZQ-CARE-RESP"))
            #expect(sofi.contains("· \(entry.name) · <span class=\"hint\">"), "her referral names its service")
            let cora = try await p.base.cora.get(url).text
            #expect(cora.contains("ZQ-CARE-SURV") && cora.contains("ZQ-CARE-RESP"))
            #expect(try await p.base.ana.get(url).status == .notFound)
        }
    }
}
