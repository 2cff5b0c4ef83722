/// Where a case stands. The survivor alone pauses, resumes and withdraws; facilitators move it
/// between the working stages, each move with a reason.
public enum CaseStage: String, CaseIterable, Codable, Sendable {
    /// A disclosure saved to finish later: only the person writing it can see it.
    case draft
    case disclosed
    case support
    case assessment
    case response
    case followUp = "follow_up"
    case closed
    case paused
    case withdrawn
    /// Deleted by the survivor or by retention: a tombstone with no content.
    case deleted

    /// The stages a facilitator walks through, in order.
    public static let working: [CaseStage] = [.disclosed, .support, .assessment, .response, .followUp, .closed]

    public var isOpen: Bool { Self.working.contains(self) && self != .closed }

    /// Whether a facilitator may move the case from here to `next`. Any working stage may go to
    /// any other, backwards too (an assessment can reopen support); paused, withdrawn, deleted
    /// and draft cases do not move this way.
    public func facilitatorMay(moveTo next: CaseStage) -> Bool {
        guard next != self else { return false }
        return Self.working.contains(self) && Self.working.contains(next)
    }

    /// Cases that have ended, for retention.
    public var hasEnded: Bool { self == .closed || self == .withdrawn }
}
