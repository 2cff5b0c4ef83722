import Foundation

/// Text as the directory's search indexes hold it, and queries as they are asked: lower case,
/// without accents, punctuation as spaces — so "violéncia", "Violencia" and "violencia" are one
/// word, and so are "médica" and "medica".
public enum SearchText {
    public static func fold(_ text: String) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil).lowercased()
        var result = ""
        var lastWasSpace = true
        for scalar in folded.unicodeScalars {
            if CharacterSet.alphanumerics.contains(scalar) {
                result.unicodeScalars.append(scalar)
                lastWasSpace = false
            } else if !lastWasSpace {
                result.append(" ")
                lastWasSpace = true
            }
        }
        return result.trimmingCharacters(in: .whitespaces)
    }

    /// The words of a query, folded, at most `limit` of them, each 2 to 40 characters (a single
    /// letter would match half the index): safe to place in a full-text query (letters and digits only).
    public static func words(_ query: String, limit: Int = 8) -> [String] {
        fold(query).split(separator: " ").filter { $0.count >= 2 && !$0.hasPrefix(DirectorySearch.tokenPrefix) }.prefix(limit)
            .map { String($0.prefix(40)) }
            .filter { $0.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) } }
    }
}
