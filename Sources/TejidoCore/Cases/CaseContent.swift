import Foundation

/// What was disclosed when the case was opened, in the words of the person writing.
public struct Disclosure: Codable, Sendable, Equatable {
    /// Whether the person writing is the person harmed, or a supporter writing for them.
    public var forSomeoneElse: Bool
    public var narrative: String
    /// Who in the case reads the narrative; chosen on the form, never the respondent.
    public var visibility: EntryVisibility
    /// The participant who wrote it.
    public var writtenBy: UUID?

    public init(
        forSomeoneElse: Bool, narrative: String, visibility: EntryVisibility = .survivorSide, writtenBy: UUID? = nil
    ) {
        self.forSomeoneElse = forSomeoneElse
        self.narrative = narrative
        self.visibility = visibility == .wholeCase ? .caseTeam : visibility
        self.writtenBy = writtenBy
    }

    /// The choices the disclosure form offers: the narrative never reaches the respondent from here.
    public static let visibilityChoices: [EntryVisibility] = [.survivorSide, .caseTeam, .onlyMe]

    public static let narrativeLimit = 20_000
}

/// One harm type named in a classification, at one of its levels.
public struct HarmChoice: Codable, Sendable, Equatable {
    public var harmType: String
    public var level: String

    public init(harmType: String, level: String) {
        self.harmType = harmType
        self.level = level
    }
}

/// A facilitator's reading of the harm against the collective's adopted protocol: one or more
/// harm types, each at its level. (Cases classified before there could be several hold one.)
public struct Classification: Codable, Sendable, Equatable {
    /// The first harm named; kept as its own fields so classifications saved before read alike.
    public var harmType: String
    public var level: String
    public var reason: String
    public var protocolVersion: Int
    /// Any further harms, each with its level.
    public var others: [HarmChoice]?

    public init(harmType: String, level: String, reason: String, protocolVersion: Int, others: [HarmChoice] = []) {
        self.harmType = harmType
        self.level = level
        self.reason = reason
        self.protocolVersion = protocolVersion
        self.others = others.isEmpty ? nil : others
    }

    /// Every harm named, first one first.
    public var harms: [HarmChoice] { [HarmChoice(harmType: harmType, level: level)] + (others ?? []) }

    /// Checks the choices against the protocol the case is classified by: at least one harm, each
    /// known with a known level, none twice.
    public static func validated(
        harms: [HarmChoice], reason raw: String, in document: ProtocolDocument, version: Int
    ) throws -> Classification {
        let reason = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        var problems: [FieldProblem] = []
        if harms.isEmpty { problems.append(FieldProblem(field: "harm", messageKey: "error_classify_harm")) }
        for choice in harms {
            guard let harm = document.harmTypes.first(where: { $0.id == choice.harmType }) else {
                problems.append(FieldProblem(field: "harm", messageKey: "error_classify_harm"))
                continue
            }
            if !harm.levels.contains(where: { $0.id == choice.level }) {
                problems.append(FieldProblem(field: "level", messageKey: "error_classify_level"))
            }
        }
        if Set(harms.map(\.harmType)).count != harms.count {
            problems.append(FieldProblem(field: "harm", messageKey: "error_classify_harm"))
        }
        if reason.isEmpty { problems.append(FieldProblem(field: "reason", messageKey: "error_classify_reason")) }
        if reason.count > CaseWishes.textLimit { problems.append(FieldProblem(field: "reason", messageKey: "error_text_long")) }
        try problems.throwIfAny()
        return Classification(
            harmType: harms[0].harmType, level: harms[0].level, reason: reason, protocolVersion: version,
            others: Array(harms.dropFirst()))
    }

    /// One harm: kept for callers (and tests) that name a single one.
    public static func validated(
        harmType: String, level: String, reason raw: String, in document: ProtocolDocument, version: Int
    ) throws -> Classification {
        try validated(harms: [HarmChoice(harmType: harmType, level: level)], reason: raw, in: document, version: version)
    }
}

/// A person's sealed place in a case: their role, and a name when they have no account here.
public struct ParticipantBody: Codable, Sendable, Equatable {
    public var participation: CaseParticipation
    public var name: String?
    /// The account this place belongs to, sealed with it: the clear `user_id` column (needed to
    /// find a person's cases) must agree, so rewriting that column cannot give a place away.
    public var userID: UUID?
    /// Set, sealed, when the place ends: the clear `removed_at` column alone cannot be emptied to
    /// give someone their place (and a wrap of the case's key) back.
    public var left: Bool?

    public init(participation: CaseParticipation, name: String? = nil, userID: UUID? = nil) {
        self.participation = participation
        self.name = name
        self.userID = userID
    }
}

/// One timeline entry's sealed content: what kind, who may read it, the text, and the entry it
/// corrects (entries are never edited; a correction is a new entry pointing at the old).
public struct EntryBody: Codable, Sendable, Equatable {
    /// An entry written without reading (`CaseDropBox`) can only be what the server writes that
    /// way — an outside mediator's note, or the assembly's decision — and speaks for no one in
    /// the case: anything else, or any author it claims, is refused, so a row slipped into the
    /// database cannot pass for someone's words.
    public var asDropped: EntryBody? {
        let fromMediator = kind == .note && values?["by_mediator"] != nil
        let fromAssembly = kind == .record && text == "record_assembly_decided"
        guard fromMediator || fromAssembly else { return nil }
        var copy = self
        copy.author = nil
        copy.visibility = .caseTeam
        copy.corrects = nil
        return copy
    }

    public var kind: EntryKind
    public var visibility: EntryVisibility
    public var text: String
    public var corrects: UUID?
    /// For records the system writes, `text` is a catalog key and these fill it in.
    public var values: [String: String]?
    /// The participant who wrote it, sealed with it (the clear `author_id` is only for joins).
    public var author: UUID?

    public init(
        kind: EntryKind, visibility: EntryVisibility, text: String, corrects: UUID? = nil, values: [String: String]? = nil,
        author: UUID? = nil
    ) {
        self.author = author
        self.kind = kind
        self.visibility = visibility
        self.text = text
        self.corrects = corrects
        self.values = values
    }

    public static let textLimit = 20_000
}

/// A task or check-in's sealed title, and who reads it.
public struct TaskBody: Codable, Sendable, Equatable {
    public var title: String
    public var isCheckIn: Bool
    /// Chosen when it is written, like an entry's readers. Tasks made before there was a choice
    /// have none, and read as before: everyone in the case but the respondent.
    public var visibility: EntryVisibility?

    public init(title: String, isCheckIn: Bool, visibility: EntryVisibility? = nil) {
        self.title = title
        self.isCheckIn = isCheckIn
        self.visibility = visibility
    }

    /// Whether someone with `role` sees this task: its readers, its writer, and whoever must do it.
    public func isVisible(to role: CaseRole, isAuthor: Bool, isAssignee: Bool) -> Bool {
        isAssignee || (visibility ?? .caseTeam).isVisible(to: role, isAuthor: isAuthor)
    }

    /// The readers a role may give a task. The respondent sees no tasks, so never "whole case".
    public static func choices(for role: CaseRole) -> [EntryVisibility] {
        EntryVisibility.choices(for: role).filter { $0 != .wholeCase }
    }
}

/// One line of a case's access log, sealed with the case: who (an account, or nobody for an
/// outside mediator) did what kind of thing. Never content.
public struct AccessLine: Codable, Sendable, Equatable {
    public var kind: CaseAccessKind
    public var userID: UUID?
    /// What exactly, where the kind alone would hide it: which wish changed, which page or act
    /// was refused. A catalog key's ending, never content.
    public var detail: String?
    /// For refusals repeated in a row (the same person, the same act): how many, since when. One
    /// line stands for them all, so a flood of probes cannot bury the survivor's own history.
    public var repeats: Int?
    public var since: Date?

    public init(kind: CaseAccessKind, userID: UUID?, detail: String? = nil, repeats: Int? = nil, since: Date? = nil) {
        self.kind = kind
        self.userID = userID
        self.detail = detail
        self.repeats = repeats
        self.since = since
    }

    /// Whether `other` is this same refusal again.
    public func isRepeated(by other: AccessLine) -> Bool {
        kind == .refused && other.kind == .refused && userID == other.userID && detail == other.detail
    }
}

/// What the access log records: the kind of act, never its content.
public enum CaseAccessKind: String, CaseIterable, Codable, Sendable {
    case opened
    case viewed
    case wroteEntry = "wrote_entry"
    case redactedEntry = "redacted_entry"
    case changedWishes = "changed_wishes"
    case viewedPeople = "viewed_people"
    case addedPerson = "added_person"
    case removedPerson = "removed_person"
    case changedPerson = "changed_person"
    case madeClaimLink = "made_claim_link"
    case claimed
    /// Someone in the case gave a returning reader, whose own key had changed, their access back.
    case restoredAccess = "restored_access"
    case classified
    case movedStage = "moved_stage"
    case paused
    case resumed
    case withdrew
    case viewedSafetyPlan = "viewed_safety_plan"
    case changedSafetyPlan = "changed_safety_plan"
    case viewedPodMap = "viewed_pod_map"
    case changedPodMap = "changed_pod_map"
    case viewedConsents = "viewed_consents"
    case recordedConsent = "recorded_consent"
    case revokedConsent = "revoked_consent"
    case addedTask = "added_task"
    case completedTask = "completed_task"
    case viewedLog = "viewed_log"
    /// Someone asked for something in the case and the access policy said no: the survivor sees
    /// who tried, even people who are not in the case.
    case refused
    case wroteProposal = "wrote_proposal"
    case viewedProposal = "viewed_proposal"
    case commentedProposal = "commented_proposal"
    case acceptedProposal = "accepted_proposal"
    case addedCommitment = "added_commitment"
    case checkedIn = "checked_in"
    case changedProgressView = "changed_progress_view"
    case recordedOutcome = "recorded_outcome"
    case referredToCare = "referred_to_care"
    case invitedMediator = "invited_mediator"
    case revokedMediator = "revoked_mediator"
    /// Repeat-harm matching: a care-team facilitator vouched for the next entry; an entry was
    /// filed (its identifiers are never kept) or withdrawn from the board.
    case vouchedMatching = "vouched_matching"
    case filedMatchingEntry = "filed_matching_entry"
    case withdrewMatchingEntry = "withdrew_matching_entry"
    /// Acts of the outside mediator, who has no account: the log names them by these kinds.
    case mediatorJoined = "mediator_joined"
    case mediatorViewed = "mediator_viewed"
    case mediatorWrote = "mediator_wrote"
    case raisedAtAssembly = "raised_at_assembly"
    case assemblyDecided = "assembly_decided"
    /// The person left the collective, or an admin removed them: the case says so, since it may
    /// change who can still open it.
    case leftCollective = "left_collective"
    case removedFromCollective = "removed_from_collective"
}
