import Foundation
import TejidoCore

/// Dates as a reader of each language expects them, in UTC so a page never depends on the server's zone.
struct DateFormatting {
    let language: Language

    func day(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: language == .es ? "es_ES" : "en_GB")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateStyle = .medium
        formatter.timeStyle = .none
        return formatter.string(from: date)
    }
}
