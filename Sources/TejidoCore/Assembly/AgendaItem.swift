import Foundation

/// Something put to the assembly. A member's motion is read by every member as written; an item
/// from a case carries only the summary the survivor's side approved, sealed with the case.
public enum AgendaSource: String, Codable, Sendable, CaseIterable {
    /// Any member's proposal.
    case motion
    /// From a case, with the survivor's consent.
    case caseFile = "case"
    /// A protocol version put to the collective for adoption.
    case protocolAdoption = "protocol"
    /// The agreement in force, come to its review day (issue 17). Its words are Tejido's own.
    case agreementReview = "agreement_review"
}

/// The words of an agenda item: a title and what is proposed.
public struct AgendaText: Codable, Sendable, Equatable {
    public var title: String
    public var text: String
    /// For an item from a case: whether the survivor agreed that names may appear in it.
    public var namesAgreed: Bool
    /// For an item from a case: the response the protocol reserves to the assembly that this item
    /// asks it to decide, if any. An outcome applying that response rests on this decision only.
    public var asks: ResponseKind?

    public init(title: String, text: String, namesAgreed: Bool = false, asks: ResponseKind? = nil) {
        self.title = title
        self.text = text
        self.namesAgreed = namesAgreed
        self.asks = asks
    }

    public static let titleLimit = 200
    public static let textLimit = 8_000

    public func validated() throws -> AgendaText {
        var copy = self
        copy.title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        copy.text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        var problems: [FieldProblem] = []
        if copy.title.isEmpty { problems.append(FieldProblem(field: "title", messageKey: "error_agenda_title")) }
        if copy.title.count > Self.titleLimit { problems.append(FieldProblem(field: "title", messageKey: "error_text_long")) }
        if copy.text.isEmpty { problems.append(FieldProblem(field: "text", messageKey: "error_agenda_text")) }
        if copy.text.count > Self.textLimit { problems.append(FieldProblem(field: "text", messageKey: "error_text_long")) }
        try problems.throwIfAny()
        return copy
    }

    /// Checks an item from a case: valid, and naming nobody the case knows unless the survivor
    /// agreed to names. Returns the names found, so the form can say which to take out.
    public func validatedAnonymous(knownNames: [String]) throws -> AgendaText {
        let valid = try validated()
        guard !namesAgreed else { return valid }
        let found = Self.names(knownNames, foundIn: valid.title + "\n" + valid.text)
        if !found.isEmpty {
            throw TejidoError.invalid([FieldProblem(field: "text", messageKey: "error_agenda_names")])
        }
        return valid
    }

    /// Which of `names` appear in `text` as whole words, ignoring case and accents. A long name
    /// ("Bruno from the choir") is also looked for by each capitalised word in it ("Bruno").
    public static func names(_ names: [String], foundIn text: String) -> [String] {
        let words = Set(tokens(text))
        let folded = " " + tokens(text).joined(separator: " ") + " "
        // The same with every punctuation mark a separator, so "demo ramon" finds "demo-ramon".
        let loose = " " + looseTokens(text).joined(separator: " ") + " "
        var found: [String] = []
        for name in names {
            let whole = tokens(name)
            guard !whole.isEmpty else { continue }
            let parts = looseTokens(name)
            let hitsWhole =
                folded.contains(" " + whole.joined(separator: " ") + " ")
                || (!parts.isEmpty && loose.contains(" " + parts.joined(separator: " ") + " "))
            let capitalised = name.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
                .filter { $0.count >= 3 && $0.first?.isUppercase == true }
                .flatMap { tokens(String($0)) }
            if hitsWhole || capitalised.contains(where: words.contains) { found.append(name) }
        }
        return found
    }

    static func looseTokens(_ text: String) -> [String] {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
    }

    static func tokens(_ text: String) -> [String] {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == ".") })
            .map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: ".-")) }
            .filter { !$0.isEmpty }
    }
}

/// A meeting of the assembly: when, what it is called, and its minutes once written.
public struct MeetingDetails: Sendable, Equatable {
    public var title: String
    public var heldOn: Date

    public init(title: String, heldOn: Date) {
        self.title = title
        self.heldOn = heldOn
    }

    public static let minutesLimit = 40_000

    /// Reads the form's title and day (YYYY-MM-DD).
    public static func validated(title raw: String, day: String) throws -> MeetingDetails {
        let title = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        var problems: [FieldProblem] = []
        if title.isEmpty || title.count > AgendaText.titleLimit {
            problems.append(FieldProblem(field: "title", messageKey: "error_meeting_title"))
        }
        let parsed = CalendarDay.parse(day)
        if parsed == nil { problems.append(FieldProblem(field: "held_on", messageKey: "error_meeting_day")) }
        try problems.throwIfAny()
        return MeetingDetails(title: title, heldOn: parsed!)
    }
}
