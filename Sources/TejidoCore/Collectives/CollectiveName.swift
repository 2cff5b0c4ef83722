import Foundation

/// A collective's name, and the short address form (slug) derived from it.
public enum CollectiveName {
    public static let lengthRange = 2...80

    public static func validated(_ raw: String, field: String = "collective") throws -> String {
        let name = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard lengthRange.contains(name.count), !name.unicodeScalars.contains(where: isDisallowed) else {
            throw TejidoError.invalid([FieldProblem(field: field, messageKey: "error_collective_name")])
        }
        return name
    }

    /// Control characters, and the bidirectional overrides that can make a name display as
    /// something other than what it is.
    static func isDisallowed(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .control || (0x202A...0x202E).contains(scalar.value)
            || (0x2066...0x2069).contains(scalar.value)
    }

    /// Whether `text` has the shape of a slug this code could have made; others are not looked up.
    public static func isPlausibleSlug(_ text: String) -> Bool {
        (1...60).contains(text.count)
            && text.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-"
            }
    }

    /// "Casa Okupa Ñandú" → "casa-okupa-nandu". Falls back to "collective" for names with no
    /// Latin letters; callers add a suffix when the slug is taken.
    public static func slug(for name: String) -> String {
        let folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
        var slug = ""
        for scalar in folded.unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.isEmpty, !slug.hasSuffix("-") {
                slug += "-"
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        slug = String(slug.prefix(40))
        while slug.hasSuffix("-") { slug.removeLast() }
        return slug.isEmpty ? "collective" : slug
    }
}
