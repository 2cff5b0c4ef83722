import Foundation

/// When the collective means to look at its co-existence agreement again. An agreement nobody
/// revisits stops being the collective's own; a date puts it back before the assembly.
public enum AgreementReview {
    /// How far ahead a review may be set: long enough for a slow collective, short enough that
    /// the people who adopted it are still around.
    public static let longestYears = 5

    /// Reads the form's day (YYYY-MM-DD): from tomorrow to five years ahead.
    public static func validated(_ raw: String, today now: Date, calendar: Calendar) throws -> Date {
        let problem = { (key: String) in TejidoError.invalid([FieldProblem(field: "review_on", messageKey: key)]) }
        guard let day = CalendarDay.parse(raw.trimmingCharacters(in: .whitespaces)) else {
            throw problem("error_review_day")
        }
        let today = calendar.startOfDay(for: now)
        guard let latest = calendar.date(byAdding: .year, value: longestYears, to: today) else {
            throw problem("error_review_day")
        }
        if day <= today { throw problem("error_review_past") }
        if day > latest { throw problem("error_review_far") }
        return day
    }

    /// What the form offers first: a year after the adoption, or a year from today when that has
    /// already passed.
    public static func suggested(adoptedAt: Date, today now: Date, calendar: Calendar) -> Date {
        let today = calendar.startOfDay(for: now)
        let yearAfter = calendar.date(byAdding: .year, value: 1, to: calendar.startOfDay(for: adoptedAt)) ?? today
        if yearAfter > today { return yearAfter }
        return calendar.date(byAdding: .year, value: 1, to: today) ?? today
    }

    /// Whether the review day has come.
    public static func isDue(_ reviewOn: Date, now: Date, calendar: Calendar) -> Bool {
        calendar.startOfDay(for: now) >= calendar.startOfDay(for: reviewOn)
    }

    /// Whether a member is asked to acknowledge the agreement in force as a newcomer: they joined
    /// after it was adopted and have not acknowledged it. (Everyone else who has not is asked too,
    /// in the ordinary words.)
    public static func isNewcomer(joinedAt: Date, adoptedAt: Date) -> Bool { joinedAt > adoptedAt }
}
