import Foundation

/// A pseudonymous account name. Any script is welcome; what matters is that two names a person
/// would read as the same ("Ana", "ana", "Ａｎａ") cannot both exist.
public struct Username: Hashable, Sendable, CustomStringConvertible {
    public static let lengthRange = 3...32

    /// As the person typed it (trimmed), for display.
    public let display: String
    /// Lower-cased compatibility form, for uniqueness and lookup.
    public let normalized: String

    public var description: String { display }

    public init(_ raw: String) throws {
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        let normalized = Self.normalize(trimmed)
        let field = "username"
        guard Self.lengthRange.contains(trimmed.count) else {
            throw TejidoError.invalid([FieldProblem(field: field, messageKey: "error_username_length")])
        }
        let allowed = CharacterSet.letters.union(.decimalDigits).union(CharacterSet(charactersIn: "._-"))
        guard trimmed.unicodeScalars.allSatisfy(allowed.contains) else {
            throw TejidoError.invalid([FieldProblem(field: field, messageKey: "error_username_characters")])
        }
        self.display = trimmed
        self.normalized = normalized
    }

    /// The lookup form of any typed name, valid or not (used for login and throttling).
    public static func normalize(_ raw: String) -> String {
        raw.trimmingCharacters(in: .whitespacesAndNewlines)
            .precomposedStringWithCompatibilityMapping
            .lowercased()
    }
}
