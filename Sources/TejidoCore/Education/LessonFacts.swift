import Foundation

/// What the access policy needs about one lesson, loaded before it runs. Who wrote it is known
/// only to someone who can open its authors' copy (an author); to anyone else `authors` is empty.
public struct LessonFacts: Sendable, Equatable {
    public let collectiveID: UUID
    public let authors: [UUID: LessonAuthor]
    /// Approved and past its publication time, now.
    public let isPublished: Bool

    public init(collectiveID: UUID, authors: [UUID: LessonAuthor], isPublished: Bool) {
        self.collectiveID = collectiveID
        self.authors = authors
        self.isPublished = isPublished
    }

    public var survivorWrites: Bool { authors.values.contains(.survivor) }
}

/// Who may do what to one lesson, given what `LessonFacts` says. Called by `AccessPolicy`.
enum LessonRules {
    static func decide(_ actor: Actor, userID: UUID, _ action: AccessAction, _ facts: LessonFacts) -> AccessDecision {
        let isMember = actor.role(in: facts.collectiveID) != nil
        // The survivor keeps her lesson after leaving the collective, to read, change or take back;
        // a supporter only while they belong to it.
        let author = facts.authors[userID].flatMap { $0 == .survivor || isMember ? $0 : nil }
        guard let author else {
            // Members read a published lesson and nothing else about it; to anyone else it is not there.
            guard isMember, facts.isPublished else { return .hidden }
            return action == .viewLesson ? .allow : .forbidden
        }
        switch action {
        case .viewLesson, .editLesson, .withdrawLesson: return .allow
        case .approveLesson:
            return LessonApproval.mayApprove(author, survivorWrites: facts.survivorWrites) ? .allow : .forbidden
        default: return .forbidden
        }
    }
}
