import Foundation
import TejidoCore

/// Every user-facing string, per language, read from Resources/Localization/<code>.json at start.
/// Pages look words up through `Words`, bound to the reader's language.
struct Catalog: Sendable {
    let tables: [Language: [String: String]]

    init(tables: [Language: [String: String]]) {
        self.tables = tables
    }

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

    /// Fills `{name}` placeholders, and `{name#one|other}` with the word that agrees with the
    /// number in `name` ("1 bloqueo", "2 bloqueos").
    func string(_ key: String, _ language: Language, _ values: [String: String]) -> String {
        values.reduce(string(key, language)) { text, pair in
            Self.agreeing(text, pair.key, pair.value).replacingOccurrences(of: "{\(pair.key)}", with: pair.value)
        }
    }

    static func agreeing(_ text: String, _ name: String, _ value: String) -> String {
        var text = text
        let opening = "{\(name)#"
        while let start = text.range(of: opening), let end = text[start.upperBound...].firstIndex(of: "}") {
            let forms = text[start.upperBound..<end].split(separator: "|", omittingEmptySubsequences: false)
            let word = forms.count == 2 ? (value == "1" ? forms[0] : forms[1]) : ""
            text.replaceSubrange(start.lowerBound...end, with: word)
        }
        return text
    }
}

/// One reader's words: the catalog and their language, taken from the request once, so a page
/// that looks up hundreds of words does not go back to the request for each.
struct Words: Sendable {
    let catalog: Catalog
    let language: Language

    func callAsFunction(_ key: String) -> String { catalog.string(key, language) }
    func callAsFunction(_ key: String, _ values: [String: String]) -> String { catalog.string(key, language, values) }
}
