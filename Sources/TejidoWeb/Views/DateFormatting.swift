import Foundation
import TejidoCore

/// Dates as a reader of each language expects them, in UTC so a page never depends on the server's zone.
struct DateFormatting {
    let language: Language

    func day(_ date: Date) -> String { format(date, time: .none) }

    /// With the time, where several things can happen on one day (saved versions). Marked UTC.
    func dayAndTime(_ date: Date) -> String { format(date, time: .short) + " UTC" }

    private func format(_ date: Date, time: DateFormatter.Style) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: language == .es ? "es_ES" : "en_GB")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateStyle = .medium
        formatter.timeStyle = time
        return formatter.string(from: date)
    }
}
