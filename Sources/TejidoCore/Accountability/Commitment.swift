import Foundation

/// One thing the respondent commits to, from an accepted proposal, with a date to meet it by.
public struct Commitment: Codable, Sendable, Equatable {
    public enum Kind: String, CaseIterable, Codable, Sendable {
        case behaviour
        case repair
        case careWork = "care_work"
        case support
        case other
    }

    public var title: String
    public var kind: Kind

    public init(title: String, kind: Kind) {
        self.title = title
        self.kind = kind
    }

    public static let titleLimit = 500

    public static func validated(title raw: String, kind: String, due: String) throws -> (Commitment, Date?) {
        let title = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        var problems: [FieldProblem] = []
        if title.isEmpty || title.count > titleLimit {
            problems.append(FieldProblem(field: "commitment_title", messageKey: "error_commitment_title"))
        }
        let chosen = Kind(rawValue: kind)
        if chosen == nil { problems.append(FieldProblem(field: "commitment_kind", messageKey: "error_commitment_kind")) }
        let trimmedDue = due.trimmingCharacters(in: .whitespaces)
        let day = trimmedDue.isEmpty ? nil : CalendarDay.parse(trimmedDue)
        if !trimmedDue.isEmpty, day == nil {
            problems.append(FieldProblem(field: "commitment_due", messageKey: "error_task_due"))
        }
        try problems.throwIfAny()
        return (Commitment(title: title, kind: chosen!), day)
    }
}

/// How a commitment is going, as the accountability pod, a facilitator or the respondent saw it.
public struct CheckIn: Codable, Sendable, Equatable {
    public enum Progress: String, CaseIterable, Codable, Sendable {
        case onTrack = "on_track"
        case behind
        case done
    }

    public var progress: Progress
    public var note: String
    public var author: UUID?

    public init(progress: Progress, note: String, author: UUID? = nil) {
        self.progress = progress
        self.note = note
        self.author = author
    }

    public static let noteLimit = 4_000

    public static func validated(progress raw: String, note rawNote: String) throws -> CheckIn {
        let note = rawNote.trimmingCharacters(in: .whitespacesAndNewlines)
        var problems: [FieldProblem] = []
        let progress = Progress(rawValue: raw)
        if progress == nil { problems.append(FieldProblem(field: "progress", messageKey: "error_check_in_progress")) }
        if note.count > noteLimit { problems.append(FieldProblem(field: "note", messageKey: "error_text_long")) }
        try problems.throwIfAny()
        return CheckIn(progress: progress!, note: note)
    }
}

/// How much of the respondent's progress the survivor's side sees: the survivor chooses.
public enum ProgressView: String, CaseIterable, Codable, Sendable {
    /// Every commitment and every check-in note.
    case all
    /// How many commitments are done, on track or past their date; no notes.
    case summary
    /// Nothing, until they choose otherwise.
    case nothing

    /// Timeline records that tell of the respondent's progress.
    static let progressRecords: Set<String> = [
        "record_proposal_written", "record_proposal_accepted", "record_commitment_added",
    ]
    /// Access-log acts that tell of it: writing, commenting, accepting, commitments, check-ins.
    static let progressActs: Set<CaseAccessKind> = [
        .wroteProposal, .viewedProposal, .commentedProposal, .acceptedProposal, .addedCommitment, .checkedIn,
    ]

    /// Whether someone with `role` reads the timeline record `key` under this choice. The survivor's
    /// side who chose to see nothing sees no trace of the process; everyone else sees it all.
    public func shows(record key: String, to role: CaseRole) -> Bool {
        !(self == .nothing && role.isSurvivorSide && Self.progressRecords.contains(key))
    }

    /// Whether someone with `role` reads an access-log line of `kind` under this choice.
    public func shows(act kind: CaseAccessKind, to role: CaseRole) -> Bool {
        !(self == .nothing && role.isSurvivorSide && Self.progressActs.contains(kind))
    }
}

/// The survivor's choices about the accountability process, sealed with the case.
public struct AccountabilityPreferences: Codable, Sendable, Equatable {
    public var progressView: ProgressView

    public init(progressView: ProgressView = .summary) { self.progressView = progressView }
}

/// Where one commitment stands on a given day.
public enum CommitmentState: String, CaseIterable, Sendable {
    case done
    case open
    /// Not past its date, but the latest check-in said it is running late.
    case behind
    /// Its date has passed and it is not done: the facilitators are shown it.
    case missed

    public static func of(
        dueOn: Date?, doneAt: Date?, today: Date, latest: CheckIn.Progress? = nil
    ) -> CommitmentState {
        if doneAt != nil { return .done }
        if let dueOn, dueOn < today { return .missed }
        return latest == .behind ? .behind : .open
    }
}
