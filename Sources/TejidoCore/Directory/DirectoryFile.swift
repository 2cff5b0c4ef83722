import Foundation

/// The directory's exchange formats, CSV and JSON, with the same column names. Documented in
/// docs/directory-format.md.
public enum DirectoryFile {
    public static let columns = [
        "kind", "name", "description", "country", "region", "city", "reach", "languages", "phone", "website", "address", "hours",
        "cost", "accessibility", "may_involve_police", "mandated_reporter", "asks_immigration_status", "confidential",
        "last_verified", "verified_by", "visibility",
    ]
    public static let requiredColumns: Set<String> = ["kind", "name"]
    public static let jsonFormat = "tejido.directory"
    public static let schemaVersion = 1

    // MARK: writing

    public static func row(_ entry: DirectoryEntry) -> [String: String] {
        [
            "kind": entry.kind.rawValue, "name": entry.name, "description": entry.description, "country": entry.country,
            "region": entry.region, "city": entry.city, "reach": entry.reach.rawValue,
            "languages": entry.languages.joined(separator: ","),
            "phone": entry.phone, "website": entry.website, "address": entry.address, "hours": entry.hours, "cost": entry.cost,
            "accessibility": entry.accessibility, "may_involve_police": entry.safety.mayInvolvePolice.rawValue,
            "mandated_reporter": entry.safety.mandatedReporter.rawValue,
            "asks_immigration_status": entry.safety.asksImmigrationStatus.rawValue,
            "confidential": entry.safety.confidential.rawValue,
            "last_verified": entry.lastVerified.map(day) ?? "", "verified_by": entry.verifiedBy,
            "visibility": entry.isPublic ? "public" : "members",
        ]
    }

    public static func csv(_ entries: [DirectoryEntry]) -> String {
        CSV.line(columns) + entries.map { entry in CSV.line(columns.map { spreadsheetSafe(row(entry)[$0] ?? "") }) }.joined()
    }

    public static func json(_ entries: [DirectoryEntry]) throws -> Data {
        let object: [String: Any] = [
            "format": jsonFormat, "schemaVersion": schemaVersion, "entries": entries.map(row),
        ]
        return try JSONSerialization.data(
            withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    }

    /// A spreadsheet would run a cell starting with = + - @ as a formula; a leading apostrophe
    /// keeps it text, and the importer takes it off again.
    static func spreadsheetSafe(_ value: String) -> String {
        guard let first = value.first, "=+-@".contains(first) else { return value }
        return "'" + value
    }

    static func unSpreadsheet(_ value: String) -> String {
        guard value.hasPrefix("'"), let second = value.dropFirst().first, "=+-@".contains(second) else { return value }
        return String(value.dropFirst())
    }

    static func day(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }

    static func parseDay(_ text: String) -> Date? { CalendarDay.parse(text) }
}
