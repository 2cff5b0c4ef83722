import Foundation

/// What a lesson says, written by the person harmed (or someone acting for her): never pulled out
/// of the case, always written fresh, in general terms. Only this is ever published.
public struct LessonText: Codable, Sendable, Equatable {
    public enum Season: String, CaseIterable, Codable, Sendable {
        case spring, summer, autumn, winter
    }

    public var title: String
    public var happened: String
    public var collectiveDid: String
    public var helped: String
    public var didNotHelp: String
    public var differently: String
    public var season: Season
    public var year: Int
    /// Harm type ids of the adopted protocol, as the author kept them: what search and matching use.
    public var harmTypes: [String]
    public var responses: [ResponseKind]
    /// The language it is written in, shown beside it to readers of the other.
    public var language: Language

    public init(
        title: String, happened: String, collectiveDid: String, helped: String, didNotHelp: String, differently: String,
        season: Season, year: Int, harmTypes: [String], responses: [ResponseKind], language: Language
    ) {
        self.title = title
        self.happened = happened
        self.collectiveDid = collectiveDid
        self.helped = helped
        self.didNotHelp = didNotHelp
        self.differently = differently
        self.season = season
        self.year = year
        self.harmTypes = harmTypes
        self.responses = responses
        self.language = language
    }

    public static let titleLimit = 200
    public static let fieldLimit = 6_000

    /// The written parts, by form field name, in the order a reader meets them.
    public var parts: [(field: String, text: String)] {
        [
            ("title", title), ("happened", happened), ("collective_did", collectiveDid), ("helped", helped),
            ("did_not_help", didNotHelp), ("differently", differently),
        ]
    }

    /// Everything a reader could search or read, in one string.
    public var wholeText: String { parts.map(\.text).joined(separator: "\n") }

    /// Trimmed and checked: a title and what happened are needed; nothing too long; a year that
    /// makes sense (not before the collective could have used this, not after `now`'s year); the
    /// harms and responses only among `allowedHarms` / `allowedResponses` (the choices the case
    /// offered), so a form cannot slip in anything else.
    public func validated(now: Date, allowedHarms: [String], allowedResponses: [ResponseKind]) throws -> LessonText {
        var copy = self
        copy.title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        copy.happened = happened.trimmingCharacters(in: .whitespacesAndNewlines)
        copy.collectiveDid = collectiveDid.trimmingCharacters(in: .whitespacesAndNewlines)
        copy.helped = helped.trimmingCharacters(in: .whitespacesAndNewlines)
        copy.didNotHelp = didNotHelp.trimmingCharacters(in: .whitespacesAndNewlines)
        copy.differently = differently.trimmingCharacters(in: .whitespacesAndNewlines)
        var problems: [FieldProblem] = []
        if copy.title.isEmpty { problems.append(FieldProblem(field: "title", messageKey: "error_lesson_title")) }
        if copy.title.count > Self.titleLimit { problems.append(FieldProblem(field: "title", messageKey: "error_text_long")) }
        if copy.happened.isEmpty { problems.append(FieldProblem(field: "happened", messageKey: "error_lesson_happened")) }
        for (field, text) in copy.parts.dropFirst() where text.count > Self.fieldLimit {
            problems.append(FieldProblem(field: field, messageKey: "error_text_long"))
        }
        let thisYear = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: now).year ?? 2100
        if year < Self.earliestYear || year > thisYear {
            problems.append(FieldProblem(field: "year", messageKey: "error_lesson_year"))
        }
        if !Set(harmTypes).isSubset(of: allowedHarms) || !Set(responses).isSubset(of: allowedResponses) {
            problems.append(FieldProblem(field: "harm_types", messageKey: "error_lesson_choices"))
        }
        try problems.throwIfAny()
        copy.harmTypes = allowedHarms.filter(harmTypes.contains)
        copy.responses = allowedResponses.filter(responses.contains)
        return copy
    }

    public static let earliestYear = 1990
}
