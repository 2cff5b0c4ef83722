import Foundation

/// A dated note a self-organised group keeps for itself. Its words (and who wrote it) are sealed
/// with the group's own key, so only the group's members read it.
public struct GroupNote: Codable, Sendable, Equatable {
    public var text: String
    public var author: String

    public init(text: String, author: String) {
        self.text = text
        self.author = author
    }

    public static let textLimit = 8_000

    public static func validated(_ raw: String, author: String) throws -> GroupNote {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { throw TejidoError.invalid([FieldProblem(field: "note", messageKey: "error_group_note_empty")]) }
        if text.count > textLimit { throw TejidoError.invalid([FieldProblem(field: "note", messageKey: "error_text_long")]) }
        return GroupNote(text: text, author: author)
    }

    public static func sealingContext(activityID: UUID, noteID: UUID) -> String { "group_note:\(activityID):\(noteID)" }
}
