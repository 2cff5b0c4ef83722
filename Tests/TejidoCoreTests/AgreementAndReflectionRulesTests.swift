import Foundation
import Testing

@testable import TejidoCore

/// Issue 17: counts that never reveal a small group, reflections as choices only, who may give
/// one, and the agreement's review date.
@Suite("Agreements kept alive and reflections")
struct AgreementAndReflectionRulesTests {
    enum Side: String, Hashable, Sendable { case a, b, c }

    struct Row: Sendable, CustomTestStringConvertible {
        let sizes: [Int]
        let shown: Set<Side>
        let total: Bool
        let why: String
        var testDescription: String { why }
    }

    static let rows: [Row] = [
        Row(sizes: [10, 8, 6], shown: [.a, .b, .c], total: true, why: "every group large enough: all shown"),
        Row(
            sizes: [10, 8, 2], shown: [.a], total: true,
            why: "one small group beside a shown total: the next-smallest (8) is hidden too, 8 + 2 ≥ 5 keeps the total"),
        Row(
            sizes: [10, 3, 1], shown: [.a], total: false,
            why: "two small groups of 4 together: the total would give 4 away, so it goes"),
        Row(
            sizes: [10, 5, 0], shown: [.a], total: true,
            why: "an empty group is small; 5 + 0 together may show as the total minus 10"),
        Row(sizes: [2, 2, 2], shown: [], total: true, why: "all hidden: the total of 6 names no group"),
        Row(sizes: [2, 1, 1], shown: [], total: false, why: "fewer than five in all: nothing at all"),
        Row(
            sizes: [5, 5, 4], shown: [.b], total: true,
            why: "equally small groups: the first in order is hidden with the small one"),
    ]

    @Test("small groups and the totals they could be worked out from are hidden", arguments: rows)
    func suppression(row: Row) {
        let sides: [Side] = [.a, .b, .c]
        let visible = SmallGroupSuppression<Side>(minimum: 5).visible(Array(zip(sides, row.sizes)).map { ($0, $1) })
        #expect(visible.groups == row.shown)
        #expect(visible.total == row.total)
    }

    @Test("no hidden count can be derived: with the total shown, hidden groups number none or ≥ 2 and together ≥ minimum")
    func noDerivation() {
        let sides: [Side] = [.a, .b, .c]
        for a in 0...12 {
            for b in 0...12 {
                for c in 0...12 {
                    let sizes = [a, b, c]
                    let visible = SmallGroupSuppression<Side>(minimum: 5).visible(Array(zip(sides, sizes)).map { ($0, $1) })
                    let hidden = zip(sides, sizes).filter { !visible.groups.contains($0.0) }
                    for (side, size) in zip(sides, sizes) where visible.groups.contains(side) {
                        #expect(size >= 5, "\(sizes): shown group of \(size)")
                    }
                    if visible.total {
                        #expect(hidden.count != 1, "\(sizes): one hidden group is total minus the rest")
                        let together = hidden.reduce(0) { $0 + $1.1 }
                        #expect(hidden.isEmpty || together >= 5, "\(sizes): hidden groups sum to \(together)")
                        #expect(sizes.reduce(0, +) >= 5)
                    }
                }
            }
        }
    }

    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    static func day(_ text: String) -> Date { CalendarDay.parse(text)! }

    @Test("the summary hides a small side and the side that would give it away; answers outside the window are not counted")
    func summary() {
        let heard = Reflection(heard: .yes, clear: .partly, changes: [.moreTime])
        var answers = (0..<6).map { _ in ReflectionSummary.Answer(month: "2026-11", side: .survivorSide, reflection: heard) }
        answers += (0..<7).map { _ in
            ReflectionSummary.Answer(month: "2026-10", side: .team, reflection: Reflection(heard: .no, clear: .no, changes: []))
        }
        // One answer alone in its quarter and side: held back, never counted.
        answers.append(ReflectionSummary.Answer(month: "2026-12", side: .respondentSide, reflection: heard))
        // Long ago: outside the window.
        answers += (0..<9).map { _ in ReflectionSummary.Answer(month: "2024-01", side: .respondentSide, reflection: heard) }
        let months = ReflectionSummary.window(before: Self.day("2027-01-04"), calendar: Self.calendar)
        #expect(months.count == 12 && months.contains("2026-01") && months.contains("2026-12"))
        #expect(!months.contains("2025-12") && !months.contains("2027-01"), "the quarter we are in waits until it is over")
        let summary = ReflectionSummary(answers, months: months, minimum: 5)
        #expect(summary.heldBack == 1)
        // The respondent's side (none counted) is hidden; so is the next-smallest (survivor's side, 6);
        // 6 ≥ 5 hidden together keeps the total.
        #expect(summary.hiddenSides == [.survivorSide, .respondentSide])
        #expect(summary.people.bySide == [.team: 7])
        #expect(summary.people.total == 13)
        #expect(summary.heard.first { $0.key == "no" }?.bySide[.team] == 7)
        #expect(summary.heard.first { $0.key == "yes" }?.total == 6)
    }

    @Test("one person's answer never shows as a difference: not within the quarter, not between quarters")
    func noSubtraction() {
        let heard = Reflection(heard: .no, clear: .no, changes: [.faster])
        let five = (0..<5).map { _ in ReflectionSummary.Answer(month: "2026-04", side: .survivorSide, reflection: heard) }
        let six = five + [ReflectionSummary.Answer(month: "2026-05", side: .survivorSide, reflection: heard)]
        // While the quarter runs, before and after her answer read the same: nothing of it counts yet.
        let during = ReflectionSummary.window(before: Self.day("2026-05-20"), calendar: Self.calendar)
        #expect(ReflectionSummary(five, months: during, minimum: 5) == ReflectionSummary(six, months: during, minimum: 5))
        // The next quarter alone, with one answer from a side, adds nothing to the window.
        let after = ReflectionSummary.window(before: Self.day("2026-10-02"), calendar: Self.calendar)
        let withLone = six + [ReflectionSummary.Answer(month: "2026-08", side: .survivorSide, reflection: heard)]
        let withoutLone = ReflectionSummary(six, months: after, minimum: 5)
        let withLoneSummary = ReflectionSummary(withLone, months: after, minimum: 5)
        #expect(withoutLone.people == withLoneSummary.people && withoutLone.heard == withLoneSummary.heard)
        #expect(withLoneSummary.heldBack == 1)
    }

    @Test("a reflection is choices only; anything else is refused beside its field")
    func reflectionChoices() throws {
        let ok = try Reflection.validated(heard: "partly", clear: "prefer_not", changes: ["faster", "more_care"])
        #expect(ok.changes == [.faster, .moreCare])
        func fields(_ body: () throws -> Reflection) -> [String] {
            do {
                _ = try body()
                return []
            } catch TejidoError.invalid(let problems) {
                return problems.map(\.field)
            } catch { return ["?"] }
        }
        #expect(fields { try Reflection.validated(heard: nil, clear: "yes", changes: []) } == ["heard"])
        #expect(fields { try Reflection.validated(heard: "<script>", clear: "maybe", changes: []) } == ["heard", "clear"])
        #expect(fields { try Reflection.validated(heard: "yes", clear: "yes", changes: ["I want names"]) } == ["changes"])
        #expect(fields { try Reflection.validated(heard: "yes", clear: "yes", changes: ["nothing", "faster"]) } == ["changes"])
    }

    @Test("sides: the survivor with supporters, the respondent alone, facilitators with the accountability pod")
    func sides() {
        #expect(Reflection.Side(.supporter) == .survivorSide)
        #expect(Reflection.Side(.respondent) == .respondentSide)
        #expect(Reflection.Side(.accountability) == .team)
        #expect(Reflection.Side(.facilitator) == .team)
    }

    @Test("a reflection only once the case has ended, for anyone with a place in it and nobody else")
    func whoMayReflect() {
        let survivor = UUID()
        let respondent = UUID()
        let outsider = UUID()
        let collective = UUID()
        func facts(_ stage: CaseStage) -> CaseFacts {
            CaseFacts(
                collectiveID: collective,
                participants: [survivor: CaseParticipation(role: .survivor), respondent: CaseParticipation(role: .respondent)],
                stage: stage, respondentConsentStands: true)
        }
        func decide(_ who: UUID, _ stage: CaseStage) -> AccessDecision {
            AccessPolicy.decide(Actor(userID: who, memberships: [collective: .careTeam]), .reflectOnCase, .caseFile(facts(stage)))
        }
        for stage in [CaseStage.closed, .withdrawn] {
            #expect(decide(survivor, stage) == .allow)
            #expect(decide(respondent, stage) == .allow)
            #expect(decide(outsider, stage) == .hidden)
        }
        for stage in [CaseStage.support, .response, .followUp, .paused, .deleted] {
            #expect(decide(survivor, stage) == .forbidden, "\(stage)")
        }
    }

    @Test("a review day is from tomorrow to five years ahead; a year after adoption is offered")
    func reviewDay() throws {
        let today = Self.day("2026-12-04").addingTimeInterval(15 * 3600)
        #expect(try AgreementReview.validated("2026-12-05", today: today, calendar: Self.calendar) == Self.day("2026-12-05"))
        #expect(try AgreementReview.validated("2031-12-04", today: today, calendar: Self.calendar) == Self.day("2031-12-04"))
        for (raw, key) in [
            ("2026-12-04", "error_review_past"), ("2020-01-01", "error_review_past"), ("2031-12-05", "error_review_far"),
            ("2026-02-30", "error_review_day"), ("soon", "error_review_day"),
        ] {
            #expect(throws: TejidoError.invalid([FieldProblem(field: "review_on", messageKey: key)])) {
                try AgreementReview.validated(raw, today: today, calendar: Self.calendar)
            }
        }
        #expect(
            AgreementReview.suggested(adoptedAt: Self.day("2026-06-01"), today: today, calendar: Self.calendar)
                == Self.day("2027-06-01"))
        #expect(
            AgreementReview.suggested(adoptedAt: Self.day("2024-06-01"), today: today, calendar: Self.calendar)
                == Self.day("2027-12-04"))
        #expect(AgreementReview.isDue(Self.day("2026-12-04"), now: today, calendar: Self.calendar))
        #expect(!AgreementReview.isDue(Self.day("2026-12-05"), now: today, calendar: Self.calendar))
    }

    @Test("the smallest group size is 5 unless set; below 3 is refused")
    func minimumGroupSetting() throws {
        #expect(try ConfigurationLoader.load(environment: [:]).reflectionMinimumGroup == 5)
        #expect(try ConfigurationLoader.load(environment: ["TEJIDO_REFLECTION_MIN_GROUP": "8"]).reflectionMinimumGroup == 8)
        #expect(throws: (any Error).self) { try ConfigurationLoader.load(environment: ["TEJIDO_REFLECTION_MIN_GROUP": "2"]) }
    }
}
