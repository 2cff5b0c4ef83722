import Foundation

/// A written record that the survivor agreed to something that widens who knows: who agreed, to
/// exactly what, how, when and until when. Shaped after the informed, written, time-limited and
/// revocable releases US victim-service confidentiality rules (VAWA/FVPSA) ask of shelters.
public struct CaseConsent: Codable, Sendable, Equatable {
    public enum Scope: String, CaseIterable, Codable, Sendable {
        /// A supporter acts for the survivor (a case opened for someone without an account).
        case actForSurvivor = "act_for_survivor"
        case addPerson = "add_person"
        case tellRespondent = "tell_respondent"
        case assemblyItem = "assembly_item"
        case leaveCollective = "leave_collective"
        case historyRecovery = "history_recovery"
        /// An alert about the person who harmed, to the paired collectives it names (issue 18).
        case sendAlert = "send_alert"
        /// Entries naming the person who harmed, for repeat-harm matching in the collective's
        /// circles (issue 19). Revoking it withdraws every entry from the board.
        case matching

        /// Who in the case reads that this consent was given, on the consents page and in the
        /// timeline. That she looks for him in other collectives is kept from his accountability
        /// pod as from him: they work with him, and could tell him.
        public var readers: EntryVisibility { self == .matching ? .survivorSideAndFacilitators : .caseTeam }

        /// The scopes a person records by hand; the others are written when the act happens.
        public static let recordable: [Scope] = [
            .tellRespondent, .assemblyItem, .leaveCollective, .historyRecovery, .sendAlert, .matching,
        ]
    }

    public enum Manner: String, CaseIterable, Codable, Sendable {
        /// The survivor did it themselves, signed in.
        case onPlatform = "on_platform"
        case inWriting = "in_writing"
        case spoken
    }

    public var scope: Scope
    /// Exactly what was agreed to, in words the survivor would recognise.
    public var detail: String
    /// Who agreed: the survivor's name as the case knows it.
    public var givenBy: String
    public var manner: Manner
    /// The participant this consent let in, so revoking it can take them out again.
    public var participantID: UUID?
    /// For sharing with an outside mediator: how many timeline entries were shared.
    public var entriesShared: Int?
    /// For an alert: the connections to paired collectives it may go to, and no others.
    public var recipients: [UUID]?

    public init(
        scope: Scope, detail: String, givenBy: String, manner: Manner, participantID: UUID? = nil, entriesShared: Int? = nil,
        recipients: [UUID]? = nil
    ) {
        self.scope = scope
        self.detail = detail
        self.givenBy = givenBy
        self.manner = manner
        self.participantID = participantID
        self.entriesShared = entriesShared
        self.recipients = recipients
    }

    public static let detailLimit = 2_000

    /// How a consent recorded by someone with `role` was given: the person harmed's own act is her
    /// consent, given here; anyone acting for her must say that she agreed and how (`agreement`,
    /// spoken or in writing), or nothing is recorded.
    public static func manner(recordedBy role: CaseRole, agreement: Manner?) throws -> Manner {
        if role == .survivor { return .onPlatform }
        guard let agreement, agreement != .onPlatform else {
            throw TejidoError.invalid([FieldProblem(field: "survivor_agreed", messageKey: "error_case_survivor_agreed")])
        }
        return agreement
    }
    /// Consent recorded by hand lasts at most a year; shorter when the survivor says so.
    public static let longestDays = 365
    public static let defaultDays = 90

    public func validated() throws -> CaseConsent {
        var copy = self
        copy.detail = detail.trimmingCharacters(in: .whitespacesAndNewlines)
        copy.givenBy = givenBy.trimmingCharacters(in: .whitespacesAndNewlines)
        var problems: [FieldProblem] = []
        if copy.detail.isEmpty { problems.append(FieldProblem(field: "detail", messageKey: "error_consent_detail")) }
        if copy.detail.count > Self.detailLimit { problems.append(FieldProblem(field: "detail", messageKey: "error_text_long")) }
        if scope == .sendAlert, (recipients ?? []).isEmpty {
            problems.append(FieldProblem(field: "recipients", messageKey: "error_consent_recipients"))
        }
        if copy.givenBy.isEmpty || copy.givenBy.count > 200 {
            problems.append(FieldProblem(field: "given_by", messageKey: "error_consent_given_by"))
        }
        try problems.throwIfAny()
        return copy
    }

    /// Whether consent given at `given` and ending at `until` (if ever) stands at `now`.
    public static func stands(until: Date?, revokedAt: Date?, now: Date) -> Bool {
        revokedAt == nil && (until.map { now < $0 } ?? true)
    }
}
