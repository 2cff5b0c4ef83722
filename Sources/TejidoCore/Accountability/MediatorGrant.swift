@preconcurrency import Crypto
import Foundation

/// What an outside mediator, from a like-minded group, is let see of one case: the entries the
/// survivor's side chose, and a word from them. Sealed with the case; the link that opens it works
/// once, for a limited time, and is revoked at once when asked.
public struct MediatorGrant: Codable, Sendable, Equatable {
    /// How the case knows the mediator ("Marta, from the Red de Apoyo").
    public var label: String
    public var entryIDs: [UUID]
    public var note: String
    /// The grant's own key, so the survivor's side can take a redacted entry out of the
    /// mediator's copy. Sealed with the case, like the rest of the grant.
    public var key: Data?

    public init(label: String, entryIDs: [UUID], note: String, key: Data? = nil) {
        self.label = label
        self.entryIDs = entryIDs
        self.note = note
        self.key = key
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
        // A browser sends a textarea's line breaks as CR LF; kept as plain line breaks, so the
        // note crosses to a connected collective as any text from a peer must.
        let note = rawNote.plainLineBreaks.trimmingCharacters(in: .whitespacesAndNewlines)
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

/// What an outside mediator's link opens: a copy of the entries the survivor's side chose, sealed
/// with the grant's own key — never the case's key, so the link opens nothing else of the case.
public struct MediatorPacket: Codable, Sendable, Equatable {
    public struct Shared: Codable, Sendable, Equatable {
        public var id: UUID
        public var when: Date
        /// The writer's part in the case, never their name.
        public var role: CaseRole?
        public var kind: EntryKind
        public var text: String

        public init(id: UUID, when: Date, role: CaseRole?, kind: EntryKind, text: String) {
            self.id = id
            self.when = when
            self.role = role
            self.kind = kind
            self.text = text
        }
    }

    public var label: String
    public var note: String
    public var entries: [Shared]

    public init(label: String, note: String, entries: [Shared]) {
        self.label = label
        self.note = note
        self.entries = entries
    }

    static func context(_ grantID: UUID) -> Data { Data("tejido.mediator-packet.v1:\(grantID)".utf8) }

    public func sealed(with key: SymmetricKey, grantID: UUID) throws -> Data {
        try Sealing.seal(try JSONEncoder().encode(self), with: key, associatedData: Self.context(grantID))
    }

    public static func open(_ sealed: Data, with key: SymmetricKey, grantID: UUID) throws -> MediatorPacket {
        try JSONDecoder().decode(MediatorPacket.self, from: try Sealing.open(sealed, with: key, associatedData: context(grantID)))
    }
}
