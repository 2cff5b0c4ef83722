/// A search of a directory: words (accent-insensitive, prefix-matching), and filters.
public struct DirectorySearch: Equatable, Sendable {
    public static let pageSize = 25
    public static let lastPage = 400

    public var text: String
    public var kind: ResourceKind?
    public var region: String
    public var language: String?
    /// Only services known not to involve the police.
    public var noPolice: Bool
    public var page: Int

    public init(
        text: String = "", kind: ResourceKind? = nil, region: String = "", language: String? = nil, noPolice: Bool = false,
        page: Int = 1
    ) {
        self.text = String(text.prefix(200))
        self.kind = kind
        self.region = String(region.prefix(200))
        self.language = language.flatMap { DirectoryValidator.isLanguageCode($0) ? $0 : nil }
        self.noPolice = noPolice
        self.page = min(max(page, 1), Self.lastPage)
    }

    public var words: [String] { SearchText.words(text) }
    public var regionWords: [String] { SearchText.words(region, limit: 4) }
    public var offset: Int { (page - 1) * Self.pageSize }

    /// SQLite FTS5: every word as a prefix, in its column, all required.
    public var ftsQuery: String? {
        let terms = words.map { "body : \"\($0)\"*" } + regionWords.map { "place : \"\($0)\"*" }
        return terms.isEmpty ? nil : terms.joined(separator: " AND ")
    }

    /// PostgreSQL: `to_tsquery('simple', …)` for the text, and for the region.
    public var textTSQuery: String? { words.isEmpty ? nil : words.map { "\($0):*" }.joined(separator: " & ") }
    public var regionTSQuery: String? { regionWords.isEmpty ? nil : regionWords.map { "\($0):*" }.joined(separator: " & ") }
}
