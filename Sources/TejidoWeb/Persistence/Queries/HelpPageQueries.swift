import Fluent
import Foundation
import TejidoCore

/// A collective's own words for its help page, by section and language. An empty or missing
/// section shows Tejido's default.
struct HelpPageText: Codable {
    static let sections = ["now", "safer_place", "de_escalation", "medical", "police", "afterwards"]

    var texts: [String: [String: String]] = [:]

    func text(_ section: String, _ language: Language) -> String? {
        guard let text = texts[section]?[language.rawValue], !text.isEmpty else { return nil }
        return text
    }

    mutating func set(_ section: String, _ language: Language, _ value: String) {
        texts[section, default: [:]][language.rawValue] = value.isEmpty ? nil : value
    }
}

/// A collective's help page words, as stored.
struct HelpPageQueries {
    let database: any Database

    func text(for collective: CollectiveRecord) async throws -> HelpPageText {
        guard
            let record = try await HelpPageRecord.query(on: database).filter(\.$collective.$id == collective.requireID())
                .first()
        else {
            return HelpPageText()
        }
        return (try? JSONDecoder().decode(HelpPageText.self, from: Data(record.sections.utf8))) ?? HelpPageText()
    }

    func save(_ text: HelpPageText, for collective: CollectiveRecord, now: Date) async throws {
        let record =
            try await HelpPageRecord.query(on: database).filter(\.$collective.$id == collective.requireID()).first()
            ?? HelpPageRecord()
        record.$collective.id = try collective.requireID()
        record.sections = String(decoding: try JSONEncoder().encode(text), as: UTF8.self)
        record.updatedAt = now
        try await record.save(on: database)
    }
}
