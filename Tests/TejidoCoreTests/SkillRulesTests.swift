import Foundation
import TejidoCore
import Testing

@Suite("Skills: where a training stands, and what a roster entry must say")
struct SkillRulesTests {
    func day(_ text: String) -> Date { CalendarDay.parse(text)! }

    @Test("A training is current, then due for renewal 60 days before its date, then lapsed the day after")
    func standingAtBoundaries() {
        let renew = day("2027-06-30")
        #expect(SkillStanding.on(day("2027-04-30"), renewBy: renew) == .current)
        #expect(SkillStanding.on(day("2027-05-01"), renewBy: renew) == .renewSoon)
        // The renewal date itself is the last day it counts, whatever the hour.
        #expect(SkillStanding.on(day("2027-06-30").addingTimeInterval(86_399), renewBy: renew) == .renewSoon)
        #expect(SkillStanding.on(day("2027-07-01"), renewBy: renew) == .lapsed)
        #expect(SkillStanding.on(day("2040-01-01"), renewBy: nil) == .current)
        #expect(SkillStanding.renewSoon.counts && !SkillStanding.lapsed.counts)
    }

    @Test("Nobody is listed without agreeing, and the dates must make sense")
    func listingValidation() throws {
        let today = day("2026-12-04")
        let good = try SkillListingInput.validated(
            trainedOn: "2026-03-01", renewBy: "2028-03-01", willing: true, agreed: true, today: today)
        #expect(good.trainedOn == day("2026-03-01") && good.renewBy == day("2028-03-01") && good.willing)
        func problems(_ trained: String, _ renew: String, agreed: Bool = true) -> [String] {
            do {
                _ = try SkillListingInput.validated(
                    trainedOn: trained, renewBy: renew, willing: false, agreed: agreed, today: today)
                return []
            } catch TejidoError.invalid(let found) {
                return found.map(\.messageKey)
            } catch { return ["unexpected"] }
        }
        #expect(problems("2026-03-01", "", agreed: false) == ["error_skill_agree"])
        #expect(problems("", "") == ["error_skill_trained_missing"])
        #expect(problems("2026-02-30", "") == ["error_date_invalid"])
        #expect(problems("2026-12-05", "") == ["error_skill_trained_range"])
        #expect(problems("0024-01-01", "") == ["error_skill_trained_range"])
        #expect(problems("2026-03-01", "2026-03-01") == ["error_skill_renew_before"])
        #expect(problems("2026-03-01", "2037-01-01") == ["error_skill_renew_range"])
    }

    @Test("A skill's name is one short line")
    func skillNames() throws {
        #expect(try SkillName.validated("  Primeros auxilios psicológicos ") == "Primeros auxilios psicológicos")
        #expect(throws: TejidoError.self) { try SkillName.validated("  ") }
        #expect(throws: TejidoError.self) { try SkillName.validated("one\ntwo") }
        #expect(throws: TejidoError.self) { try SkillName.validated(String(repeating: "a", count: 81)) }
    }
}

@Suite("Skills: who a case's people-chooser is offered")
struct PreparedRosterTests {
    @Test("Only the agreed, willing and still prepared, and nobody already in the case")
    func offered() {
        let skill = UUID(), day = CalendarDay.parse("2027-01-10")!
        let (willing, unwilling, pending, lapsed, inCase, soon) = (UUID(), UUID(), UUID(), UUID(), UUID(), UUID())
        let entries = [
            SkillEntry(skillID: skill, userID: willing, renewBy: nil, willing: true, agreed: true),
            SkillEntry(skillID: skill, userID: unwilling, renewBy: nil, willing: false, agreed: true),
            SkillEntry(skillID: skill, userID: pending, renewBy: nil, willing: true, agreed: false),
            SkillEntry(skillID: skill, userID: lapsed, renewBy: CalendarDay.parse("2027-01-09"), willing: true, agreed: true),
            SkillEntry(skillID: skill, userID: inCase, renewBy: nil, willing: true, agreed: true),
            SkillEntry(skillID: skill, userID: soon, renewBy: CalendarDay.parse("2027-01-10"), willing: true, agreed: true),
        ]
        let offered = PreparedRoster.offered(entries, on: day, excluding: [inCase])
        #expect(offered.map(\.entry.userID) == [willing, soon])
        #expect(offered.map(\.standing) == [.current, .renewSoon])
    }
}
