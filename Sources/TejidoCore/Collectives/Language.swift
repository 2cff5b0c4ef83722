/// The languages Tejido speaks. Every user-facing string exists in each of them.
public enum Language: String, CaseIterable, Codable, Sendable {
    case en, es

    /// Picks the first supported language from an Accept-Language header, honouring q-values.
    public static func preferred(fromAcceptLanguage header: String?) -> Language? {
        guard let header else { return nil }
        let ranked = header.split(separator: ",").compactMap { part -> (String, Double)? in
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first, !tag.isEmpty else { return nil }
            var quality = 1.0
            for piece in pieces.dropFirst() where piece.hasPrefix("q=") {
                quality = Double(piece.dropFirst(2)) ?? 0
            }
            return (tag.lowercased(), quality)
        }
        for (tag, quality) in ranked.sorted(by: { $0.1 > $1.1 }) where quality > 0 {
            let primary = String(tag.split(separator: "-").first ?? "")
            if let language = Language(rawValue: primary) { return language }
        }
        return nil
    }
}
