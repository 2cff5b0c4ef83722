import Foundation

/// Where someone's preparation for a skill stands on a given day. Computed whenever it is read,
/// never stored, so nothing has to run for a training to lapse.
public enum SkillStanding: String, Sendable, Equatable {
    case current
    /// The renewal date is within `renewSoonDays`: still counted as prepared.
    case renewSoon = "renew_soon"
    /// The renewal date has passed.
    case lapsed

    public static let renewSoonDays = 60

    /// `renewBy` is the last day the training still counts: on that day it is "renew soon", the
    /// day after it has lapsed. Without a renewal date a training does not lapse.
    public static func on(_ day: Date, renewBy: Date?) -> SkillStanding {
        guard let renewBy else { return .current }
        let today = Self.startOfDay(day)
        let last = Self.startOfDay(renewBy)
        if today > last { return .lapsed }
        let soon = Self.calendar.date(byAdding: .day, value: -renewSoonDays, to: last) ?? last
        return today >= soon ? .renewSoon : .current
    }

    /// Current and renew-soon both count as prepared (a children's space, a case's roster).
    public var counts: Bool { self != .lapsed }

    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    static func startOfDay(_ date: Date) -> Date { calendar.startOfDay(for: date) }
}
