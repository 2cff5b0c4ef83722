import Foundation

/// When members may first read a lesson: never before the delay the survivor chose, counted from
/// the day the case ended. Worked out when read, against the clock; nothing runs in the background.
public enum LessonSchedule {
    public enum Delay: Int, CaseIterable, Codable, Sendable {
        case oneMonth = 1
        case threeMonths = 3
        case sixMonths = 6
        case twelveMonths = 12
    }

    static var utc: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }

    /// The case's end plus the delay, in calendar months.
    public static func earliest(endedAt: Date, delay: Delay) -> Date {
        utc.date(byAdding: .month, value: delay.rawValue, to: endedAt)
            ?? endedAt.addingTimeInterval(Double(delay.rawValue) * 31 * 86_400)
    }

    /// The moment a lesson approved at `approvedAt` opens to members: the later of the earliest
    /// moment and its approval, moved on to the next midnight (UTC) and then `extraDays` more.
    /// Rounding and the extra days (the service picks 0–6 at random) keep the published time from
    /// pointing back at the day a case closed; it is never earlier than the survivor asked.
    public static func publishAt(endedAt: Date, delay: Delay, approvedAt: Date, extraDays: Int) -> Date {
        let start = max(earliest(endedAt: endedAt, delay: delay), approvedAt)
        let midnight = utc.startOfDay(for: start)
        let nextMidnight = midnight == start ? start : utc.date(byAdding: .day, value: 1, to: midnight) ?? start
        return utc.date(byAdding: .day, value: max(0, extraDays), to: nextMidnight) ?? nextMidnight
    }

    public static func isPublished(publishAt: Date?, now: Date) -> Bool {
        guard let publishAt else { return false }
        return now >= publishAt
    }
}
