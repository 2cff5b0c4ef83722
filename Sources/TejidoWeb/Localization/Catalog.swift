import Foundation
import TejidoCore

/// Every user-facing string, per language, read from Resources/Localization/<code>.json at start.
/// Templates receive the whole table for the reader's language as `t`.
struct Catalog: Sendable {
    let tables: [Language: [String: String]]

    static func load(directory: String) throws -> Catalog {
        var tables: [Language: [String: String]] = [:]
        for language in Language.allCases {
            let path = (directory as NSString).appendingPathComponent("\(language.rawValue).json")
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            tables[language] = try JSONDecoder().decode([String: String].self, from: data)
        }
        return Catalog(tables: tables)
    }

    func table(_ language: Language) -> [String: String] { tables[language] ?? [:] }

    /// The string for `key`; the key itself if missing (a test makes sure none is).
    func string(_ key: String, _ language: Language) -> String {
        tables[language]?[key] ?? tables[.en]?[key] ?? key
    }

    /// Fills `{name}` placeholders.
    func string(_ key: String, _ language: Language, _ values: [String: String]) -> String {
        values.reduce(string(key, language)) { text, pair in
            text.replacingOccurrences(of: "{\(pair.key)}", with: pair.value)
        }
    }
}
