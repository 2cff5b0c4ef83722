import Foundation

/// One session of an activity: when it starts and ends, where (a place, or online), in which
/// language, and the adults named to run it.
public struct SessionPlan: Sendable, Equatable {
    public var startsAt: Date
    public var endsAt: Date
    /// nil when the session is online.
    public var place: String?
    public var language: Language
    public var adults: [UUID]

    public init(startsAt: Date, endsAt: Date, place: String?, language: Language, adults: [UUID]) {
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.place = place
        self.language = language
        self.adults = adults
    }

    public static let placeLimit = 200
    /// A session is a gathering, not a season: longer than this is a typing mistake.
    public static let longest: TimeInterval = 3 * 24 * 3600
    /// Years a session can sensibly be in: a typed "20255" or "1925" is refused, not stored.
    public static func sensibleYears(around now: Date) -> ClosedRange<Int> {
        let year = utc.component(.year, from: now)
        return (year - 5)...(year + 5)
    }

    /// Reads `YYYY-MM-DDTHH:MM` (a `datetime-local` field, read as UTC like every time Tejido shows).
    public static func parseMoment(_ raw: String) -> Date? {
        let text = raw.trimmingCharacters(in: .whitespaces)
        let halves = text.split(separator: "T", omittingEmptySubsequences: false)
        guard halves.count == 2, let day = CalendarDay.parse(String(halves[0])) else { return nil }
        let clock = halves[1].split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 2 || clock.count == 3, clock.allSatisfy({ $0.count == 2 }),
            let hour = Int(clock[0]), let minute = Int(clock[1]), (0...23).contains(hour), (0...59).contains(minute)
        else { return nil }
        if clock.count == 3, Int(clock[2]) == nil { return nil }
        return day.addingTimeInterval(TimeInterval(hour * 3600 + minute * 60))
    }

    public static func validated(
        starts rawStarts: String, ends rawEnds: String, online: Bool, place rawPlace: String, language rawLanguage: String,
        adults: [UUID], now: Date
    ) throws -> SessionPlan {
        var problems: [FieldProblem] = []
        let years = sensibleYears(around: now)
        func moment(_ raw: String, _ field: String) -> Date? {
            guard let date = parseMoment(raw) else {
                problems.append(FieldProblem(field: field, messageKey: "error_session_moment"))
                return nil
            }
            guard years.contains(utc.component(.year, from: date)) else {
                problems.append(FieldProblem(field: field, messageKey: "error_session_year"))
                return nil
            }
            return date
        }
        let starts = moment(rawStarts, "starts_at")
        let ends = moment(rawEnds, "ends_at")
        if let starts, let ends {
            if ends <= starts {
                problems.append(FieldProblem(field: "ends_at", messageKey: "error_session_ends_before"))
            } else if ends.timeIntervalSince(starts) > longest {
                problems.append(FieldProblem(field: "ends_at", messageKey: "error_session_too_long"))
            }
        }
        let place = rawPlace.trimmingCharacters(in: .whitespacesAndNewlines)
        if !online && place.isEmpty { problems.append(FieldProblem(field: "place", messageKey: "error_session_place")) }
        if place.count > placeLimit { problems.append(FieldProblem(field: "place", messageKey: "error_text_long")) }
        let language = Language(rawValue: rawLanguage)
        if language == nil { problems.append(FieldProblem(field: "language", messageKey: "error_session_language")) }
        try problems.throwIfAny()
        return SessionPlan(
            startsAt: starts!, endsAt: ends!, place: online ? nil : place, language: language!, adults: adults)
    }

    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
