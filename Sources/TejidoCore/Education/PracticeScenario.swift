import Foundation

/// A scenario the care team uses in a training: a content note read first, the scenario itself
/// (opened only when the reader chooses to), and questions to discuss. One made from a lesson
/// copies the lesson's words as they were and says only that it came from a lesson.
public struct PracticeScenario: Codable, Sendable, Equatable {
    public var title: String
    public var contentNote: String
    public var text: String
    /// One per line.
    public var questions: [String]
    public var fromLesson: Bool

    public init(title: String, contentNote: String, text: String, questions: [String], fromLesson: Bool = false) {
        self.title = title
        self.contentNote = contentNote
        self.text = text
        self.questions = questions
        self.fromLesson = fromLesson
    }

    public static let titleLimit = 200
    public static let noteLimit = 1_000
    public static let textLimit = 20_000
    public static let questionLimit = 500
    public static let questionsMax = 20

    /// Reads the questions from a box, one per line, blank lines dropped.
    public static func questions(from raw: String) -> [String] {
        raw.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    public func validated() throws -> PracticeScenario {
        var copy = self
        copy.title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        copy.contentNote = contentNote.trimmingCharacters(in: .whitespacesAndNewlines)
        copy.text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        copy.questions = questions.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        var problems: [FieldProblem] = []
        if copy.title.isEmpty { problems.append(FieldProblem(field: "title", messageKey: "error_scenario_title")) }
        if copy.title.count > Self.titleLimit { problems.append(FieldProblem(field: "title", messageKey: "error_text_long")) }
        // The note is what lets someone decide whether to read on: never left out.
        if copy.contentNote.isEmpty { problems.append(FieldProblem(field: "content_note", messageKey: "error_scenario_note")) }
        if copy.contentNote.count > Self.noteLimit {
            problems.append(FieldProblem(field: "content_note", messageKey: "error_text_long"))
        }
        if copy.text.isEmpty { problems.append(FieldProblem(field: "text", messageKey: "error_scenario_text")) }
        if copy.text.count > Self.textLimit { problems.append(FieldProblem(field: "text", messageKey: "error_text_long")) }
        if copy.questions.count > Self.questionsMax || copy.questions.contains(where: { $0.count > Self.questionLimit }) {
            problems.append(FieldProblem(field: "questions", messageKey: "error_scenario_questions"))
        }
        try problems.throwIfAny()
        return copy
    }

    /// A scenario's first draft from a published lesson: its words at this moment, no more.
    public static func draft(from lesson: LessonText) -> PracticeScenario {
        let text = lesson.parts.dropFirst().map(\.text).filter { !$0.isEmpty }.joined(separator: "\n\n")
        return PracticeScenario(title: lesson.title, contentNote: "", text: text, questions: [], fromLesson: true)
    }
}
