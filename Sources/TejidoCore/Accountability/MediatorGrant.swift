import Foundation

/// What an outside mediator, from a like-minded group, is let see of one case: the entries the
/// survivor's side chose, and a word from them. Sealed with the case; the link that opens it works
/// once, for a limited time, and is revoked at once when asked.
public struct MediatorGrant: Codable, Sendable, Equatable {
    /// How the case knows the mediator ("Marta, from the Red de Apoyo").
    public var label: String
    public var entryIDs: [UUID]
    public var note: String

    public init(label: String, entryIDs: [UUID], note: String) {
        self.label = label
        self.entryIDs = entryIDs
        self.note = note
    }

    public static let defaultDays = 30
    public static let longestDays = 90

    /// Checks the invitation form. Returns the grant and how many days it lasts.
    public static func validated(
        label raw: String, entryIDs: [UUID], note rawNote: String, days rawDays: String
    ) throws
        -> (MediatorGrant, Int)
    {
        let label = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        let note = rawNote.trimmingCharacters(in: .whitespacesAndNewlines)
        var problems: [FieldProblem] = []
        if label.isEmpty || label.count > 200 {
            problems.append(FieldProblem(field: "label", messageKey: "error_mediator_label"))
        }
        if note.count > CaseOutcome.textLimit { problems.append(FieldProblem(field: "note", messageKey: "error_text_long")) }
        let trimmedDays = rawDays.trimmingCharacters(in: .whitespaces)
        let days = trimmedDays.isEmpty ? defaultDays : Int(trimmedDays) ?? 0
        if !(1...longestDays).contains(days) { problems.append(FieldProblem(field: "days", messageKey: "error_mediator_days")) }
        try problems.throwIfAny()
        return (MediatorGrant(label: label, entryIDs: Array(Set(entryIDs)), note: note), days)
    }
}

/// What the access policy needs about one mediator's grant, loaded before it runs.
public struct MediationFacts: Sendable, Equatable {
    public let grantID: UUID
    public let collectiveID: UUID
    /// Redeemed, not revoked, not expired, and the case not deleted.
    public let isActive: Bool

    public init(grantID: UUID, collectiveID: UUID, isActive: Bool) {
        self.grantID = grantID
        self.collectiveID = collectiveID
        self.isActive = isActive
    }
}
