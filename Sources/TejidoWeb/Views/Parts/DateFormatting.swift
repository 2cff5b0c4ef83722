import Foundation
import TejidoCore

/// Dates as a reader of each language expects them, in UTC so a page never depends on the server's zone.
struct DateFormatting {
    let language: Language

    func day(_ date: Date) -> String { Self.formatter(language, time: false).string(from: date) }

    /// With the time, where several things can happen on one day (saved versions). Marked UTC.
    func dayAndTime(_ date: Date) -> String { Self.formatter(language, time: true).string(from: date) + " UTC" }

    /// Formatters are costly to make and safe to share once configured, so each is made once.
    private static let formatters: [String: DateFormatter] = {
        var all: [String: DateFormatter] = [:]
        for language in Language.allCases {
            for time in [false, true] {
                let formatter = DateFormatter()
                formatter.locale = Locale(identifier: language == .es ? "es_ES" : "en_GB")
                formatter.timeZone = TimeZone(identifier: "UTC")
                formatter.dateStyle = .medium
                formatter.timeStyle = time ? .short : .none
                all["\(language.rawValue)-\(time)"] = formatter
            }
        }
        return all
    }()

    private static func formatter(_ language: Language, time: Bool) -> DateFormatter {
        formatters["\(language.rawValue)-\(time)"]!
    }
}
