import Foundation

/// One identifier of the person who caused harm, as a survivor's side enters it for repeat-harm
/// matching (issue 19), and its canonical form: the exact text the oblivious evaluation takes.
/// Two spellings of the same identifier must give the same canonical text, or two survivors naming
/// the same person never match; `docs/matching.md` lists the rules and shared test vectors.
public enum MatchingIdentifier: Sendable, Equatable {
    case email(String)
    /// A phone number: `country` is an ISO 3166 country code (`MX`, `ES`…) used when the number
    /// is written without its international prefix.
    case phone(String, country: String)
    /// A handle on a platform: `@name`, `name` or a link to the profile.
    case handle(String, platform: Platform)
    /// A name with a year of birth. Guessable: anyone who knows the name and year can test it.
    case name(String, yearOfBirth: Int)

    public enum Platform: String, CaseIterable, Codable, Sendable {
        case instagram, x, tiktok, facebook, telegram, mastodon, bluesky, other
    }

    /// Why an identifier cannot be used, as a catalog key.
    public enum Problem: String, Error, Sendable, Equatable {
        case empty = "matching_error_empty"
        case email = "matching_error_email"
        case phone = "matching_error_phone"
        case country = "matching_error_country"
        case handle = "matching_error_handle"
        case name = "matching_error_name"
        case year = "matching_error_year"
        case tooLong = "matching_error_too_long"
    }

    public static let maximumLength = 200

    /// The canonical text, prefixed with its kind and a version, so an e-mail and a handle that
    /// happen to read the same never share a tag.
    public func canonical(currentYear: Int) throws(Problem) -> String {
        switch self {
        case .email(let raw): "email:" + (try Self.email(raw))
        case .phone(let raw, let country): "phone:" + (try Self.phone(raw, country: country))
        case .handle(let raw, let platform): "handle:\(platform.rawValue):" + (try Self.handle(raw, platform: platform))
        case .name(let raw, let year): "name:" + (try Self.name(raw)) + ":" + (try Self.year(year, currentYear: currentYear))
        }
    }

    /// Trimmed, compatibility-normalised (NFKC: full-width letters, ligatures and composed accents
    /// read as one form), lower case, with no control or invisible formatting characters.
    static func basic(_ raw: String) throws(Problem) -> String {
        let text = raw.precomposedStringWithCompatibilityMapping
            .unicodeScalars.filter { !Self.invisible($0) }
            .reduce(into: "") { $0.unicodeScalars.append($1) }
            .trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard !text.isEmpty else { throw .empty }
        guard text.count <= maximumLength else { throw .tooLong }
        return text
    }

    private static func invisible(_ scalar: Unicode.Scalar) -> Bool {
        CharacterSet.controlCharacters.contains(scalar) || scalar.properties.generalCategory == .format
    }

    /// `Name@Example.ORG`, ` mailto:name@example.org ` → `name@example.org`. The whole address is
    /// put in lower case: providers treat the part before `@` without case in practice, and a
    /// survivor cannot know how it was written.
    static func email(_ raw: String) throws(Problem) -> String {
        var text = try basic(raw)
        if text.hasPrefix("mailto:") { text.removeFirst("mailto:".count) }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."),
            !parts[1].hasSuffix("."), !text.contains(where: \.isWhitespace)
        else { throw .email }
        return text
    }

    /// E.164: `+`, the country's calling code and the national number, digits only. Spaces, dots,
    /// dashes and brackets are dropped; `00` is read as `+`; a national number loses its trunk
    /// prefix `0` (not in Italy, where the 0 is part of the number).
    static func phone(_ raw: String, country: String) throws(Problem) -> String {
        let text = try basic(raw)
        let allowed = CharacterSet(charactersIn: "+0123456789 .-()/")
        guard text.unicodeScalars.allSatisfy(allowed.contains) else { throw .phone }
        var digits = text.filter(\.isNumber)
        let international = text.hasPrefix("+") || digits.hasPrefix("00")
        if international {
            if !text.hasPrefix("+") { digits.removeFirst(2) }
        } else {
            guard let code = CallingCodes.code(for: country) else { throw .country }
            let national = code == "39" ? digits : String(digits.drop { $0 == "0" })
            digits = code + national
        }
        guard (8...15).contains(digits.count), digits.first != "0" else { throw .phone }
        return "+" + digits
    }

    /// `@Name`, `name`, `https://www.instagram.com/name/?hl=es` → `name`. A Mastodon handle keeps
    /// its server: `@name@social.example` → `name@social.example`.
    static func handle(_ raw: String, platform: Platform) throws(Problem) -> String {
        var text = try basic(raw)
        if text.contains("://") || text.hasPrefix("www.") {
            // A link to the profile: its path's first part (or last, for `/@name` forms).
            let withoutScheme = text.components(separatedBy: "://").last ?? text
            let path = withoutScheme.split(separator: "/").dropFirst()
            guard let first = path.first else { throw .handle }
            text = String(first.split(separator: "?").first ?? first)
        }
        while text.hasPrefix("@") { text.removeFirst() }
        text = String(text.split(separator: "?").first ?? "")
        let allowed =
            platform == .mastodon || platform == .bluesky || platform == .other
            ? CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789._-@")
            : CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789._")
        guard !text.isEmpty, text.count <= 100, text.unicodeScalars.allSatisfy(allowed.contains) else { throw .handle }
        return text
    }

    /// Accents and case set aside (`José  Pérez` → `jose perez`), spaces collapsed; letters,
    /// spaces, hyphens and apostrophes only.
    static func name(_ raw: String) throws(Problem) -> String {
        let folded = try basic(raw).folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
        let words = folded.split(whereSeparator: \.isWhitespace)
        let text = words.joined(separator: " ")
        guard words.count >= 2,
            text.allSatisfy({ $0.isLetter || $0 == " " || $0 == "-" || $0 == "'" })
        else { throw .name }
        return text
    }

    static func year(_ year: Int, currentYear: Int) throws(Problem) -> String {
        guard (1900...currentYear).contains(year) else { throw .year }
        return String(year)
    }
}

/// Calling codes of the countries a collective is most likely to be in; the form offers these.
/// A number written with `+` or `00` needs none.
public enum CallingCodes {
    public static let all: [String: String] = [
        "AR": "54", "BO": "591", "BR": "55", "CA": "1", "CL": "56", "CO": "57", "CR": "506", "CU": "53", "DE": "49",
        "DO": "1", "EC": "593", "ES": "34", "FR": "33", "GB": "44", "GT": "502", "HN": "504", "IT": "39", "MX": "52",
        "NI": "505", "PA": "507", "PE": "51", "PR": "1", "PT": "351", "PY": "595", "SV": "503", "US": "1", "UY": "598",
        "VE": "58",
    ]

    public static func code(for country: String) -> String? {
        all[country.trimmingCharacters(in: .whitespaces).uppercased()]
    }
}
