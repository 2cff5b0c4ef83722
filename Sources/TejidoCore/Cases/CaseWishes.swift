import Foundation

/// What the person harmed wants, and what must not happen. Stands at the top of the case for
/// everyone in it; the limits the software can enforce, it enforces.
public struct CaseWishes: Codable, Sendable, Equatable {
    public enum Want: String, CaseIterable, Codable, Sendable {
        case safety
        case acknowledgement
        case keepAway = "keep_away"
        case restorative
        case leave
        case nothingForNow = "nothing_for_now"
    }

    public enum Limit: String, CaseIterable, Codable, Sendable {
        case noPolice = "no_police"
        case noConfrontingYet = "no_confronting_yet"
        case doNotTellRespondent = "do_not_tell_respondent"
        case doNotTellNamed = "do_not_tell_named"
        case notToAssembly = "not_to_assembly"
    }

    public var wants: Set<Want>
    public var limits: Set<Limit>
    /// The spaces or events the other person should keep away from.
    public var keepAwayFrom: String
    /// People who must not be told.
    public var doNotTell: String
    /// Their own words.
    public var ownWords: String

    public init(
        wants: Set<Want> = [], limits: Set<Limit> = [.doNotTellRespondent, .notToAssembly], keepAwayFrom: String = "",
        doNotTell: String = "", ownWords: String = ""
    ) {
        self.wants = wants
        self.limits = limits
        self.keepAwayFrom = keepAwayFrom
        self.doNotTell = doNotTell
        self.ownWords = ownWords
    }

    public static let textLimit = 4_000

    public func validated() throws -> CaseWishes {
        var copy = self
        copy.keepAwayFrom = keepAwayFrom.trimmingCharacters(in: .whitespacesAndNewlines)
        copy.doNotTell = doNotTell.trimmingCharacters(in: .whitespacesAndNewlines)
        copy.ownWords = ownWords.trimmingCharacters(in: .whitespacesAndNewlines)
        var problems: [FieldProblem] = []
        for (field, text) in [
            ("keep_away_from", copy.keepAwayFrom), ("do_not_tell", copy.doNotTell), ("own_words", copy.ownWords),
        ]
        where text.count > Self.textLimit {
            problems.append(FieldProblem(field: field, messageKey: "error_text_long"))
        }
        if copy.wants.contains(.keepAway), copy.keepAwayFrom.isEmpty {
            problems.append(FieldProblem(field: "keep_away_from", messageKey: "error_wishes_keep_away_where"))
        }
        if copy.limits.contains(.doNotTellNamed), copy.doNotTell.isEmpty {
            problems.append(FieldProblem(field: "do_not_tell", messageKey: "error_wishes_do_not_tell_who"))
        }
        try problems.throwIfAny()
        return copy
    }
}
