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
        /// Nothing of the case leaves the collective: no outside mediator, nothing to another collective.
        case keepInCollective = "keep_in_collective"

        /// The consents that say the opposite of this limit: refused while the limit stands, and
        /// ended when the limit is put back. Nothing leaving the collective rules out an alert to
        /// another collective as much as an outside mediator.
        public var contradicts: Set<CaseConsent.Scope> {
            switch self {
            case .doNotTellRespondent: [.tellRespondent]
            case .notToAssembly: [.assemblyItem]
            case .keepInCollective: [.leaveCollective, .sendAlert, .matching]
            case .noPolice, .noConfrontingYet, .doNotTellNamed: []
            }
        }
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
        wants: Set<Want> = [], limits: Set<Limit> = Self.newCaseLimits, keepAwayFrom: String = "",
        doNotTell: String = "", ownWords: String = ""
    ) {
        self.wants = wants
        self.limits = limits
        self.keepAwayFrom = keepAwayFrom
        self.doNotTell = doNotTell
        self.ownWords = ownWords
    }

    /// A new case starts as closed as it can be: nobody is told, nothing goes to the assembly,
    /// nothing leaves the collective, until the person harmed says otherwise.
    public static let newCaseLimits: Set<Limit> = [.doNotTellRespondent, .notToAssembly, .keepInCollective]

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

/// What changed between two sets of wishes, and what the change asks of the case.
public struct WishChange: Equatable, Sendable {
    /// Limits no longer standing: each widens who knows or what may happen.
    public let lifted: [CaseWishes.Limit]
    /// Limits standing again.
    public let putBack: [CaseWishes.Limit]

    public init(from old: CaseWishes, to new: CaseWishes) {
        lifted = CaseWishes.Limit.allCases.filter { old.limits.contains($0) && !new.limits.contains($0) }
        putBack = CaseWishes.Limit.allCases.filter { !old.limits.contains($0) && new.limits.contains($0) }
    }

    /// Someone acting for the person harmed may lift a limit only saying that she agreed, and how.
    public func needsAgreement(byRole role: CaseRole) -> Bool { role != .survivor && !lifted.isEmpty }

    /// Consents a limit put back contradicts: they end with it, as if revoked.
    public var endedScopes: Set<CaseConsent.Scope> { Set(putBack.flatMap(\.contradicts)) }
}
