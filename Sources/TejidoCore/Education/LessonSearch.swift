import Foundation

/// A published lesson as every member reads it: the approved text only, under its own id.
public struct PublishedLesson: Codable, Sendable, Equatable {
    public let id: UUID
    public let text: LessonText
    public let publishAt: Date

    public init(id: UUID, text: LessonText, publishAt: Date) {
        self.id = id
        self.text = text
        self.publishAt = publishAt
    }
}

/// Searching published lessons, in memory (they are sealed at rest, so no index can hold their
/// words): every word of the query, folded like the directory's (`SearchText`), so "agresion"
/// finds "agresión"; and, when chosen, one harm type and one response.
public struct LessonSearch: Sendable, Equatable {
    public var query: String
    public var harmType: String?
    public var response: ResponseKind?

    public init(query: String = "", harmType: String? = nil, response: ResponseKind? = nil) {
        self.query = query
        self.harmType = harmType
        self.response = response
    }

    public static let queryLimit = 200

    /// `alsoNamed`: words that name what the lesson is about in every language the collective
    /// reads (its harm types and responses), so a search in Spanish finds a lesson written in
    /// English by what it is about, and the other way round.
    public func matches(_ lesson: PublishedLesson, alsoNamed: String = "") -> Bool {
        if let harmType, !lesson.text.harmTypes.contains(harmType) { return false }
        if let response, !lesson.text.responses.contains(response) { return false }
        let words = SearchText.fold(String(query.prefix(Self.queryLimit))).split(separator: " ")
        guard !words.isEmpty else { return true }
        let haystack = " " + SearchText.fold(lesson.text.wholeText + " " + alsoNamed) + " "
        return words.allSatisfy { haystack.contains(String($0)) }
    }

    /// Newest first.
    public func results(
        _ lessons: [PublishedLesson], alsoNamed: (PublishedLesson) -> String = { _ in "" }
    ) -> [PublishedLesson] {
        lessons.filter { matches($0, alsoNamed: alsoNamed($0)) }.sorted { $0.publishAt > $1.publishAt }
    }

    /// For a facilitator on a classified case: up to `limit` lessons sharing one of its harm types,
    /// those also sharing a response first.
    public static func forCase(
        harmTypes: [String], responses: [ResponseKind], in lessons: [PublishedLesson], limit: Int = 3
    ) -> [PublishedLesson] {
        let harms = Set(harmTypes)
        let wanted = Set(responses)
        let about = lessons.filter { !harms.isDisjoint(with: $0.text.harmTypes) }
        let scored: [(lesson: PublishedLesson, shared: Int)] = about.map { lesson in
            (lesson, wanted.intersection(lesson.text.responses).count)
        }
        let ranked = scored.sorted { a, b in
            a.shared != b.shared ? a.shared > b.shared : a.lesson.publishAt > b.lesson.publishAt
        }
        return ranked.prefix(limit).map(\.lesson)
    }
}
