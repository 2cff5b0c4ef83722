import Foundation

/// Stable ids for new considerations, harm types and levels, made from their names so exported
/// files stay readable ("sexual-harassment"), and never equal to one already in use.
public enum ProtocolIdentifier {
    public static func make(from name: String, existing: [String]) -> String {
        let folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
        var slug = ""
        for scalar in folded.unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.isEmpty, slug.last != "-" {
                slug.append("-")
            }
        }
        slug = String(slug.prefix(32)).trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        if slug.isEmpty { slug = "item" }
        var candidate = slug
        var counter = 2
        while existing.contains(candidate) {
            candidate = "\(slug)-\(counter)"
            counter += 1
        }
        return candidate
    }
}
