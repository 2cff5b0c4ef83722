import Foundation

/// The rules a directory entry keeps, whether typed into the form or read from a file. Problems
/// name the form field (and file column) they concern, with a catalog key.
public enum DirectoryValidator {
    public static let nameLimit = 200
    public static let longTextLimit = 5_000
    public static let shortTextLimit = 300

    public static func problems(in entry: DirectoryEntry, now: Date) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        func add(_ field: String, _ key: String) { problems.append(FieldProblem(field: field, messageKey: key)) }
        func text(_ value: String, _ field: String, limit: Int) {
            if value.count > limit { add(field, "error_directory_too_long") }
            if ProtocolValidator.looksLikeMarkup(value) { add(field, "error_directory_markup") }
            if ProtocolValidator.hasControlCharacters(value) { add(field, "error_directory_control") }
        }
        if entry.name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { add("name", "error_directory_name") }
        text(entry.name, "name", limit: nameLimit)
        text(entry.description, "description", limit: longTextLimit)
        for (field, value) in [
            ("country", entry.country), ("region", entry.region), ("city", entry.city), ("phone", entry.phone),
            ("address", entry.address), ("hours", entry.hours), ("cost", entry.cost), ("verified_by", entry.verifiedBy),
        ] {
            text(value, field, limit: shortTextLimit)
        }
        text(entry.accessibility, "accessibility", limit: longTextLimit)
        if !entry.website.isEmpty, !isWebAddress(entry.website) { add("website", "error_directory_website") }
        if entry.languages.contains(where: { !isLanguageCode($0) }) || entry.languages.count > 20 {
            add("languages", "error_directory_languages")
        }
        if let verified = entry.lastVerified, verified > now.addingTimeInterval(86_400) {
            add("last_verified", "error_directory_future")
        }
        return problems
    }

    /// An http or https address with a host, nothing else (no `javascript:`, no `data:`).
    public static func isWebAddress(_ text: String) -> Bool {
        guard text.count <= 500, text.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value < 0x7F }),
            let url = URL(string: text), let scheme = url.scheme?.lowercased(),
            scheme == "https" || scheme == "http", let host = url.host, !host.isEmpty, !text.contains(where: \.isWhitespace)
        else { return false }
        return true
    }

    /// Two or three lower-case letters (ISO 639), which covers Indigenous languages such as `tzo` or `qu`.
    public static func isLanguageCode(_ code: String) -> Bool {
        (2...3).contains(code.count) && code.unicodeScalars.allSatisfy { ("a"..."z").contains($0) }
    }

    /// "es, en , QU" → ["es", "en", "qu"].
    public static func languages(from text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == ";" }).map { $0.lowercased() }.filter { !$0.isEmpty }
    }
}
