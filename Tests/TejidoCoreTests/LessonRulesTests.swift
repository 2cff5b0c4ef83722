import Foundation
import Testing

@testable import TejidoCore

/// History recovery's rules, without a server: what a lesson may say, when its approval stands,
/// when members may read it, how it is found, and who may do what to it.
@Suite("Lessons from past cases")
struct LessonRulesTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func text(_ happened: String = "A member kept crossing a line at gatherings.") -> LessonText {
        LessonText(
            title: "When we waited", happened: happened, collectiveDid: "The care team listened first.",
            helped: "Being believed.", didNotHelp: "Waiting for the assembly.", differently: "Act sooner.",
            season: .autumn, year: 2026, harmTypes: ["psychological"], responses: [.conversation], language: .es)
    }

    // MARK: What it may say

    @Test("names the case knows are refused unless the survivor agreed; accents and case do not hide them")
    func names() {
        let named = Self.text("Ramón kept crossing a line.")
        let problems = LessonAnonymity.problems(in: named, knownNames: ["ramon"], namesAgreed: false, datesChecked: false)
        #expect(problems == [FieldProblem(field: "happened", messageKey: "error_lesson_names")])
        #expect(LessonAnonymity.problems(in: named, knownNames: ["ramon"], namesAgreed: true, datesChecked: false).isEmpty)
        #expect(LessonAnonymity.problems(in: Self.text(), knownNames: ["ramon"], namesAgreed: false, datesChecked: false).isEmpty)
    }

    @Test("anything that looks like a day and a month is flagged until the author says she checked it")
    func dates() {
        for dated in ["On 12 de marzo it began", "It was March 12.", "by 03/12 we met", "since 2026-03-12", "el 3 de abril"] {
            #expect(LessonAnonymity.looksLikeDate(dated), "\(dated)")
            let problems = LessonAnonymity.problems(in: Self.text(dated), knownNames: [], namesAgreed: false, datesChecked: false)
            #expect(problems.map(\.messageKey) == ["error_lesson_dates"])
            #expect(
                LessonAnonymity.problems(in: Self.text(dated), knownNames: [], namesAgreed: false, datesChecked: true).isEmpty)
        }
        for plain in ["In the autumn of that year", "Three of us met twice", "It happened in spring 2025"] {
            #expect(!LessonAnonymity.looksLikeDate(plain), "\(plain)")
        }
    }

    @Test("the text is trimmed and checked: title, what happened, length, year, and only the offered choices")
    func validation() throws {
        var empty = Self.text("   ")
        empty.title = ""
        empty.year = 1800
        do {
            _ = try empty.validated(now: Self.now, allowedHarms: ["psychological"], allowedResponses: [.conversation])
            Issue.record("an empty lesson was accepted")
        } catch TejidoError.invalid(let problems) {
            #expect(Set(problems.map(\.field)) == ["title", "happened", "year"])
        }
        var sneaky = Self.text()
        sneaky.harmTypes = ["physical"]
        #expect(throws: TejidoError.self) {
            try sneaky.validated(now: Self.now, allowedHarms: ["psychological"], allowedResponses: [.conversation])
        }
        var long = Self.text()
        long.helped = String(repeating: "a", count: LessonText.fieldLimit + 1)
        #expect(throws: TejidoError.self) {
            try long.validated(now: Self.now, allowedHarms: ["psychological"], allowedResponses: [.conversation])
        }
        let ok = try Self.text().validated(now: Self.now, allowedHarms: ["psychological"], allowedResponses: [.conversation])
        #expect(ok.harmTypes == ["psychological"])
    }

    // MARK: Approval

    static func draft() -> LessonDraft {
        LessonDraft(
            caseID: UUID(), authors: [UUID(): .survivor], endedAt: now, knownNames: [], offeredHarms: ["psychological"],
            offeredResponses: [.conversation], text: text())
    }

    @Test("approval is of the exact text: any edit, by anyone, cancels it, and a stale approval is refused")
    func approval() throws {
        var draft = Self.draft()
        let shown = LessonApproval.digest(try #require(draft.text), delay: draft.delay)
        try LessonApproval.approve(&draft, shownDigest: shown, at: Self.now)
        #expect(LessonApproval.isApproved(draft))
        // A supporter changes one word: the approval is gone.
        var edited = try #require(draft.text)
        edited.helped = "Being believed, mostly."
        draft.edit(edited, namesAgreed: false, datesChecked: false, delay: .threeMonths)
        #expect(!LessonApproval.isApproved(draft))
        // The survivor's old page still carries the digest of what she read: refused.
        #expect(throws: TejidoError.conflict(messageKey: "error_lesson_changed")) {
            try LessonApproval.approve(&draft, shownDigest: shown, at: Self.now)
        }
        #expect(!LessonApproval.isApproved(draft))
        // Saving the same words again is still an edit.
        try LessonApproval.approve(&draft, shownDigest: LessonApproval.digest(edited, delay: draft.delay), at: Self.now)
        draft.edit(edited, namesAgreed: false, datesChecked: false, delay: .threeMonths)
        #expect(!LessonApproval.isApproved(draft))
    }

    @Test("the survivor approves; a supporter only when the survivor is not among the authors")
    func whoApproves() {
        #expect(LessonApproval.mayApprove(.survivor, survivorWrites: true))
        #expect(!LessonApproval.mayApprove(.supporter, survivorWrites: true))
        #expect(LessonApproval.mayApprove(.supporter, survivorWrites: false))
        #expect(!LessonApproval.mayApprove(nil, survivorWrites: false))
    }

    // MARK: When

    @Test("members read it no sooner than the chosen delay after the case ended: closed one second before, open at")
    func schedule() {
        let ended = Self.now
        let earliest = LessonSchedule.earliest(endedAt: ended, delay: .threeMonths)
        #expect(earliest.timeIntervalSince(ended) > 88 * 86_400 && earliest.timeIntervalSince(ended) < 93 * 86_400)
        for extra in 0...6 {
            let at = LessonSchedule.publishAt(endedAt: ended, delay: .threeMonths, approvedAt: ended, extraDays: extra)
            #expect(at >= earliest)
            #expect(at.timeIntervalSince(earliest) < Double(extra + 1) * 86_400)
            #expect(!LessonSchedule.isPublished(publishAt: at, now: at.addingTimeInterval(-1)))
            #expect(LessonSchedule.isPublished(publishAt: at, now: at))
        }
        // Approved long after the delay: it opens from the approval on, never before it.
        let late = ended.addingTimeInterval(400 * 86_400)
        #expect(LessonSchedule.publishAt(endedAt: ended, delay: .oneMonth, approvedAt: late, extraDays: 0) >= late)
        #expect(!LessonSchedule.isPublished(publishAt: nil, now: late))
    }

    // MARK: Finding

    static func published(_ text: LessonText, daysAgo: Double = 1) -> PublishedLesson {
        PublishedLesson(id: UUID(), text: text, publishAt: now.addingTimeInterval(-daysAgo * 86_400))
    }

    @Test("search ignores accents and capitals, and filters by harm type and response")
    func search() {
        var spanish = Self.text("Hubo una agresión en la cocina comunitaria.")
        spanish.harmTypes = ["sexual-assault"]
        spanish.responses = [.restorativeProcess]
        let lessons = [Self.published(spanish), Self.published(Self.text())]
        #expect(LessonSearch(query: "agresion").results(lessons).map(\.text.happened) == [spanish.happened])
        #expect(LessonSearch(query: "AGRESIÓN cocina").results(lessons).count == 1)
        #expect(LessonSearch(query: "agresion jardin").results(lessons).isEmpty)
        #expect(LessonSearch(harmType: "psychological").results(lessons).count == 1)
        #expect(LessonSearch(response: .restorativeProcess).results(lessons).count == 1)
        #expect(LessonSearch().results(lessons).count == 2)
    }

    @Test("a facilitator is offered at most three, those sharing a response first, none about another harm")
    func forCase() {
        var other = Self.text()
        other.harmTypes = ["physical"]
        var sameResponse = Self.text()
        sameResponse.responses = [.restorativeProcess]
        let lessons =
            (0..<4).map { Self.published(Self.text(), daysAgo: Double($0)) } + [Self.published(other)]
            + [Self.published(sameResponse, daysAgo: 30)]
        let found = LessonSearch.forCase(
            harmTypes: ["psychological"], responses: [.restorativeProcess], in: lessons)
        #expect(found.count == 3)
        #expect(found.first?.text.responses == [.restorativeProcess])
        #expect(!found.contains { $0.text.harmTypes == ["physical"] })
    }

    // MARK: Practice

    @Test("a scenario needs a title, a content note and its text; a lesson's copy says only that it came from one")
    func scenario() throws {
        #expect(throws: TejidoError.self) {
            try PracticeScenario(title: "x", contentNote: " ", text: "y", questions: []).validated()
        }
        let draft = PracticeScenario.draft(from: Self.text())
        #expect(draft.fromLesson && draft.text.contains("The care team listened first."))
        #expect(PracticeScenario.questions(from: "What now?\n\n  And then?  \n") == ["What now?", "And then?"])
    }
}

/// Who may start a lesson from a case, and who may do what to one.
@Suite("Lesson access")
struct LessonAccessTests {
    typealias Who = CaseAccessTests.Who

    static func facts(stage: CaseStage, consent: Bool) -> CaseFacts {
        let base = CaseAccessTests.facts(stage: stage)
        return CaseFacts(
            collectiveID: base.collectiveID, participants: base.participants, stage: stage,
            respondentConsentStands: true, assemblyConsentStands: true, historyRecoveryConsentStands: consent)
    }

    /// Columns as in `CaseAccessTests`: survivor, delegate, supporter, facilitator, respondent,
    /// accountability, member not in it, admin not in it, outsider.
    @Test("only the survivor, or for one without an account a supporter acting for her with her consent, starts one")
    func starting() {
        // She has an account here: she writes her own, and nobody else starts one.
        let rows: [(CaseStage, Bool, String)] = [
            (.closed, true, "AFFFFFHHH"), (.withdrawn, true, "AFFFFFHHH"), (.closed, false, "AFFFFFHHH"),
            (.followUp, true, "FFFFFFHHH"), (.paused, true, "FFFFFFHHH"),
        ]
        for (stage, consent, row) in rows {
            for (who, letter) in zip(Who.allCases, row) {
                let got = AccessPolicy.decide(
                    CaseAccessTests.actor(who), .startLesson, .caseFile(Self.facts(stage: stage, consent: consent)))
                #expect(got == CaseAccessTests.decision(letter), "\(who) at \(stage), consent \(consent): got \(got)")
            }
        }
        // A case opened for someone with no account: the supporter acting for her, with her consent.
        let base = Self.facts(stage: .closed, consent: true)
        let withoutHer = CaseFacts(
            collectiveID: base.collectiveID, participants: base.participants.filter { $0.value.role != .survivor },
            stage: .closed, respondentConsentStands: true, assemblyConsentStands: true, historyRecoveryConsentStands: true)
        #expect(AccessPolicy.decide(CaseAccessTests.actor(.delegate), .startLesson, .caseFile(withoutHer)) == .allow)
        #expect(AccessPolicy.decide(CaseAccessTests.actor(.supporter), .startLesson, .caseFile(withoutHer)) == .forbidden)
        // Once she has left the collective she keeps her case, but starts nothing for it.
        let outside = Actor(userID: CaseAccessTests.ids[.survivor]!, memberships: [:])
        #expect(AccessPolicy.decide(outside, .startLesson, .caseFile(Self.facts(stage: .closed, consent: true))) == .forbidden)
    }

    static let collective = UUID()
    static let survivor = UUID()
    static let supporter = UUID()
    static let member = UUID()

    static func lesson(published: Bool, survivorWrites: Bool = true) -> AccessResource {
        var authors: [UUID: LessonAuthor] = [supporter: .supporter]
        if survivorWrites { authors[survivor] = .survivor }
        return .lesson(LessonFacts(collectiveID: collective, authors: authors, isPublished: published))
    }

    static func actor(_ id: UUID, member: Bool = true) -> Actor {
        Actor(userID: id, memberships: member ? [collective: .member] : [UUID(): .admin])
    }

    @Test("authors do everything but a supporter's approval; members only read, and only once published")
    func lessonRules() {
        let actions: [AccessAction] = [.viewLesson, .editLesson, .approveLesson, .withdrawLesson]
        func row(_ actor: Actor, _ resource: AccessResource) -> [AccessDecision] {
            actions.map { AccessPolicy.decide(actor, $0, resource) }
        }
        #expect(row(Self.actor(Self.survivor), Self.lesson(published: false)) == [.allow, .allow, .allow, .allow])
        #expect(row(Self.actor(Self.supporter), Self.lesson(published: false)) == [.allow, .allow, .forbidden, .allow])
        #expect(
            row(Self.actor(Self.supporter), Self.lesson(published: false, survivorWrites: false))
                == [.allow, .allow, .allow, .allow])
        #expect(row(Self.actor(Self.member), Self.lesson(published: false)) == [.hidden, .hidden, .hidden, .hidden])
        #expect(row(Self.actor(Self.member), Self.lesson(published: true)) == [.allow, .forbidden, .forbidden, .forbidden])
        // Another collective's people, published or not: nothing there.
        #expect(
            row(Self.actor(Self.member, member: false), Self.lesson(published: true)) == [.hidden, .hidden, .hidden, .hidden])
        // Having left: the survivor keeps hers; a supporter does not.
        #expect(row(Self.actor(Self.survivor, member: false), Self.lesson(published: true)) == [.allow, .allow, .allow, .allow])
        #expect(
            row(Self.actor(Self.supporter, member: false), Self.lesson(published: true)) == [.hidden, .hidden, .hidden, .hidden])
        #expect(AccessPolicy.decide(.visitor, .viewLesson, Self.lesson(published: true)) == .signInRequired)
    }
}
