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

    /// A new address for a collective: ten random characters, never derived from its name, so a
    /// browser's history of /c/… addresses tells a reader nothing about which group it was.
    public static func newAddress() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyz23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<10).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
