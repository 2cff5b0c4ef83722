import Foundation

/// Who wrote a lesson, as its authors' own sealed copy records them.
public enum LessonAuthor: String, Codable, Sendable {
    /// The person harmed: the lesson is hers.
    case survivor
    /// A supporter acting for her with her recorded consent to history recovery.
    case supporter
}

/// Everything a lesson's authors hold, sealed with the lesson's own key (wrapped for each of them
/// only): the text as it stands, the case it came from, the names that case knows, and which text
/// the survivor approved. Nothing here is in clear anywhere.
public struct LessonDraft: Codable, Sendable, Equatable {
    /// The case it came from: only its authors can read this, and only to find it from that case.
    public var caseID: UUID
    /// Account → their part in writing it.
    public var authors: [UUID: LessonAuthor]
    /// When the case closed or was withdrawn: the publication delay counts from here.
    public var endedAt: Date
    /// The names the case knew when the lesson was started (people, pod map, "do not tell").
    public var knownNames: [String]
    /// The choices the case's classification offered; the author keeps or drops each.
    public var offeredHarms: [String]
    public var offeredResponses: [ResponseKind]
    public var text: LessonText?
    /// The survivor ticked that the names in it may stay.
    public var namesAgreed: Bool
    /// The author looked at what seemed like dates and kept them.
    public var datesChecked: Bool
    /// How long after the case ended members may first read it.
    public var delay: LessonSchedule.Delay
    /// The digest of the text the survivor approved (`LessonApproval.digest`), if any. An edit
    /// clears it; so a text differs from its approval only if someone changed the sealed copy
    /// outside Tejido, and then it is not approved either.
    public var approvedDigest: String?
    public var approvedAt: Date?
    /// She asked that the lesson go when she deletes the case. Nothing in clear links the two, so
    /// this is done by her own session as she deletes it (`LessonService.removeWithCase`); a case
    /// deleted by retention, with nobody signed in, leaves the lesson in place.
    public var removeWithCase: Bool?

    public init(
        caseID: UUID, authors: [UUID: LessonAuthor], endedAt: Date, knownNames: [String], offeredHarms: [String],
        offeredResponses: [ResponseKind], text: LessonText? = nil, namesAgreed: Bool = false, datesChecked: Bool = false,
        delay: LessonSchedule.Delay = .threeMonths
    ) {
        self.caseID = caseID
        self.authors = authors
        self.endedAt = endedAt
        self.knownNames = knownNames
        self.offeredHarms = offeredHarms
        self.offeredResponses = offeredResponses
        self.text = text
        self.namesAgreed = namesAgreed
        self.datesChecked = datesChecked
        self.delay = delay
    }

    /// Whether the survivor herself is among the authors (she has an account and holds the key).
    public var survivorWrites: Bool { authors.values.contains(.survivor) }

    /// Saves a new version of the text: whoever edits, the approval is gone (`LessonApproval`).
    public mutating func edit(
        _ text: LessonText, namesAgreed: Bool, datesChecked: Bool, delay: LessonSchedule.Delay, removeWithCase: Bool = false
    ) {
        self.removeWithCase = removeWithCase
        self.text = text
        self.namesAgreed = namesAgreed
        self.datesChecked = datesChecked
        self.delay = delay
        approvedDigest = nil
        approvedAt = nil
    }
}
