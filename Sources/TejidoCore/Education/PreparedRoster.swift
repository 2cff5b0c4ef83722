import Foundation

/// One person's entry for one skill, as the roster rules need it.
public struct SkillEntry: Sendable, Equatable {
    public let skillID: UUID
    public let userID: UUID
    public let renewBy: Date?
    public let willing: Bool
    /// False while a training the care team recorded waits for the person's answer.
    public let agreed: Bool

    public init(skillID: UUID, userID: UUID, renewBy: Date?, willing: Bool, agreed: Bool) {
        self.skillID = skillID
        self.userID = userID
        self.renewBy = renewBy
        self.willing = willing
        self.agreed = agreed
    }
}

/// Who a case's people-chooser is shown: those who agreed to be listed, said they are willing to
/// be asked, whose training still counts — and who are not in the case already (the person who
/// caused harm among them). People are asked, never assumed: this is a list to ask from.
public enum PreparedRoster {
    public struct Offered: Sendable, Equatable {
        public let entry: SkillEntry
        public let standing: SkillStanding
    }

    public static func offered(_ entries: [SkillEntry], on day: Date, excluding inCase: Set<UUID>) -> [Offered] {
        entries.compactMap { entry in
            guard entry.agreed, entry.willing, !inCase.contains(entry.userID) else { return nil }
            let standing = SkillStanding.on(day, renewBy: entry.renewBy)
            return standing.counts ? Offered(entry: entry, standing: standing) : nil
        }
    }
}
