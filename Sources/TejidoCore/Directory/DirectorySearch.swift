import Foundation

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
    /// Only services known not to ask about immigration status: for someone with insecure status,
    /// often the question that decides whether they reach out at all.
    public var noImmigrationQuestions: Bool
    public var page: Int

    public init(
        text: String = "", kind: ResourceKind? = nil, region: String = "", language: String? = nil, noPolice: Bool = false,
        noImmigrationQuestions: Bool = false, page: Int = 1
    ) {
        self.text = String(text.prefix(200))
        self.kind = kind
        self.region = String(region.prefix(200))
        self.language = language.flatMap { DirectoryValidator.isLanguageCode($0) ? $0 : nil }
        self.noPolice = noPolice
        self.noImmigrationQuestions = noImmigrationQuestions
        self.page = min(max(page, 1), Self.lastPage)
    }

    public var words: [String] { SearchText.words(text) }
    public var regionWords: [String] { SearchText.words(region, limit: 4) }
    public var offset: Int { (page - 1) * Self.pageSize }

    /// SQLite FTS5: every word as a prefix, in its column, all required; and the scope and
    /// filters as index tokens, so the index itself narrows to this collective's matching entries.
    public func ftsQuery(collectives: [UUID], publicOnly: Bool) -> String? {
        let terms = words.map { "body : \"\($0)\"*" } + regionWords.map { "place : \"\($0)\"*" }
        guard !terms.isEmpty, !collectives.isEmpty else { return nil }
        // Scope (collective, public) stays in SQL: a term every entry carries makes each query
        // read the whole index. The rarer filters narrow the index's own answer.
        var filters: [String] = []
        if let kind { filters.append("body : " + Self.token(kind: kind)) }
        if let language { filters.append("body : " + Self.token(language: language)) }
        if noPolice { filters.append("body : " + Self.noPoliceToken) }
        return (terms + filters).joined(separator: " AND ")
    }

    /// The most matches a ranked search orders: past this, results come in a fixed but arbitrary
    /// order, so a very common word stays fast on a large directory. Deep pages widen it.
    public var rankingWindow: Int { max(1_000, offset + Self.pageSize + 1) }

    // Index tokens: letters only, with a prefix no folded word of two letters or more can start
    // with, because `words` drops words beginning with it.
    static let tokenPrefix = "zq"
    public static let publicToken = "zqpublic"
    public static let noPoliceToken = "zqnopolice"

    public static func token(collective: UUID) -> String {
        "zqc" + collective.text.lowercased().filter { $0.isLetter || $0.isNumber }
    }

    public static func token(kind: ResourceKind) -> String { "zqk" + kind.rawValue.filter(\.isLetter) }

    public static func token(language: String) -> String { "zql" + language }

    /// The tokens an entry of `collective` carries in its searchable text.
    public static func tokens(for entry: DirectoryEntry, in collective: UUID) -> String {
        var tokens = [token(collective: collective), token(kind: entry.kind)] + entry.languages.map(token(language:))
        if entry.isPublic { tokens.append(publicToken) }
        if entry.safety.mayInvolvePolice == .no { tokens.append(noPoliceToken) }
        return tokens.joined(separator: " ")
    }

    /// PostgreSQL: `to_tsquery('simple', …)` for the text, and for the region.
    public var textTSQuery: String? { words.isEmpty ? nil : words.map { "\($0):*" }.joined(separator: " & ") }
    public var regionTSQuery: String? { regionWords.isEmpty ? nil : regionWords.map { "\($0):*" }.joined(separator: " & ") }
}
