/// A piece of protocol text kept in each of the protocol's languages. In JSON it is an object
/// keyed by language code: `{"en": "…", "es": "…"}`.
public struct LocalizedText: Equatable, Sendable, Codable {
    public var values: [Language: String]

    public init(_ values: [Language: String] = [:]) { self.values = values }

    public init(en: String, es: String) { self.values = [.en: en, .es: es] }

    public subscript(language: Language) -> String {
        get { values[language] ?? "" }
        set { values[language] = newValue }
    }

    /// The text in `language`, or in the first of `fallbacks` that has some.
    public func text(in language: Language, fallbacks: [Language] = Language.allCases) -> String {
        for candidate in [language] + fallbacks {
            if let text = values[candidate], !text.isEmpty { return text }
        }
        return ""
    }

    /// Only the given languages, so a version never carries text in a language the collective dropped.
    public func keeping(_ languages: [Language]) -> LocalizedText {
        LocalizedText(values.filter { languages.contains($0.key) })
    }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode([String: String].self)
        values = Dictionary(uniqueKeysWithValues: raw.compactMap { key, value in Language(rawValue: key).map { ($0, value) } })
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Dictionary(uniqueKeysWithValues: values.map { ($0.key.rawValue, $0.value) }))
    }
}

/// A list kept in each language (commitments, guidance questions). The lists need not line up
/// item by item: each language's list is written on its own terms.
public struct LocalizedList: Equatable, Sendable, Codable {
    public var values: [Language: [String]]

    public init(_ values: [Language: [String]] = [:]) { self.values = values }

    public init(en: [String], es: [String]) { self.values = [.en: en, .es: es] }

    public subscript(language: Language) -> [String] {
        get { values[language] ?? [] }
        set { values[language] = newValue }
    }

    public var isEmpty: Bool { values.values.allSatisfy(\.isEmpty) }

    public func items(in language: Language, fallbacks: [Language] = Language.allCases) -> [String] {
        for candidate in [language] + fallbacks {
            if let items = values[candidate], !items.isEmpty { return items }
        }
        return []
    }

    public func keeping(_ languages: [Language]) -> LocalizedList {
        LocalizedList(values.filter { languages.contains($0.key) })
    }

    /// One item per non-blank line, as typed into a text area.
    public static func lines(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode([String: [String]].self)
        values = Dictionary(uniqueKeysWithValues: raw.compactMap { key, value in Language(rawValue: key).map { ($0, value) } })
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Dictionary(uniqueKeysWithValues: values.map { ($0.key.rawValue, $0.value) }))
    }
}
