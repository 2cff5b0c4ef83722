import Foundation

/// What the board decides, knowing only tags: which records match, and when it may say so.
public enum MatchBoardRules {
    /// One record on the board: a random id, its tag, the home instance, a pseudonym for the
    /// survivor (the home instance's, never her account), and how many survivors she wants
    /// before a match is told (2, or 3 if she chose so).
    public struct Record: Sendable, Equatable {
        public let id: UUID
        public let tag: MatchTag
        public let instance: String
        public let survivor: String
        public let threshold: Int

        public init(id: UUID, tag: MatchTag, instance: String, survivor: String, threshold: Int) {
            self.id = id
            self.tag = tag
            self.instance = instance
            self.survivor = survivor
            self.threshold = threshold
        }
    }

    public static let thresholds = 2...3

    public enum Refusal: String, Error, Sendable, Equatable {
        /// The same survivor already has a record with this tag: filing it again must not
        /// count as a second survivor.
        case duplicate
        case threshold
    }

    /// Whether the board takes `record`, given the records it holds for the same tag.
    public static func admit(_ record: Record, among sameTag: [Record]) throws(Refusal) {
        guard thresholds.contains(record.threshold) else { throw .threshold }
        if sameTag.contains(where: { $0.survivor == record.survivor && $0.instance == record.instance }) {
            throw .duplicate
        }
    }

    /// The records of one tag that are matched: those whose threshold the number of distinct
    /// survivors (by instance and pseudonym) reaches. A survivor filing alone never matches.
    public static func matched(_ sameTag: [Record]) -> [Record] {
        let survivors = Set(sameTag.map { $0.instance + "|" + $0.survivor }).count
        return sameTag.filter { survivors >= $0.threshold }
    }

    /// The Monday (UTC) that starts the week of `date`: the finest time the board keeps of a filing.
    public static func weekStart(of date: Date) -> Date {
        nextNotice(after: date).addingTimeInterval(-7 * 86_400)
    }

    /// Matches are told once a week, all at once, so the moment one is told does not say which
    /// filing made it: the Monday (UTC) that starts the week after `date`.
    public static func nextNotice(after date: Date) -> Date {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start = calendar.dateInterval(of: .weekOfYear, for: date)!.start
        return calendar.date(byAdding: .weekOfYear, value: 1, to: start)!
    }
}

/// What a survivor may have on the board at once, so nobody can use entries to test guesses.
public enum MatchingEntryLimits {
    public static let entriesPerSurvivor = 3
    public static let identifiersPerEntry = 4

    public enum Problem: String, Error, Sendable, Equatable {
        case tooManyEntries = "matching_error_too_many_entries"
        case tooManyIdentifiers = "matching_error_too_many_identifiers"
        case noIdentifiers = "matching_error_no_identifiers"
    }

    public static func check(activeEntries: Int, identifiers: Int) throws(Problem) {
        guard activeEntries < entriesPerSurvivor else { throw .tooManyEntries }
        guard identifiers > 0 else { throw .noIdentifiers }
        guard identifiers <= identifiersPerEntry else { throw .tooManyIdentifiers }
    }
}
