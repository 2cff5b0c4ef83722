import Foundation

/// What a directory entry is: the kinds of help the source documents point people to.
public enum ResourceKind: String, CaseIterable, Sendable, Codable {
    case crisisLine = "crisis_line"
    case survivorSupport = "survivor_support"
    case transformativeJustice = "transformative_justice"
    case crisisTeam = "crisis_team"
    case counselling
    case programmeForPeopleWhoHarmed = "programme_for_people_who_harmed"
    case immigrationLegal = "immigration_legal"
    case victimCompensation = "victim_compensation"
    case masculinityGroup = "masculinity_group"
    case shelter
    case medical
    case legal
    case childrenAndYoungPeople = "children_young_people"

    /// Contacts for the moment of danger, shown first on the immediate-help page.
    public static let crisis: [ResourceKind] = [.crisisTeam, .crisisLine]
}

/// An honest answer to a safety question about a service: often nobody knows yet.
public enum SafetyAnswer: String, CaseIterable, Sendable, Codable {
    case yes, no, unknown
}

/// What a person weighing whether to contact a service needs to know before they do.
public struct SafetyNotes: Equatable, Sendable, Codable {
    public var mayInvolvePolice: SafetyAnswer
    public var mandatedReporter: SafetyAnswer
    public var asksImmigrationStatus: SafetyAnswer
    public var confidential: SafetyAnswer

    public init(
        mayInvolvePolice: SafetyAnswer = .unknown, mandatedReporter: SafetyAnswer = .unknown,
        asksImmigrationStatus: SafetyAnswer = .unknown, confidential: SafetyAnswer = .unknown
    ) {
        self.mayInvolvePolice = mayInvolvePolice
        self.mandatedReporter = mandatedReporter
        self.asksImmigrationStatus = asksImmigrationStatus
        self.confidential = confidential
    }
}

/// How far a service reaches: a place, a whole country, or anywhere online.
public enum Reach: String, CaseIterable, Sendable, Codable {
    case local, national, online
}

/// One service or collective in a collective's directory.
public struct DirectoryEntry: Equatable, Sendable {
    public var kind: ResourceKind
    public var name: String
    public var description: String
    public var country: String
    public var region: String
    public var city: String
    public var reach: Reach
    /// Language codes (`es`, `en`, `qu`…) the service works in.
    public var languages: [String]
    public var phone: String
    public var website: String
    public var address: String
    public var hours: String
    public var cost: String
    public var accessibility: String
    public var safety: SafetyNotes
    /// When someone last checked the details are right, and who; nil means never (unverified).
    public var lastVerified: Date?
    public var verifiedBy: String
    public var isPublic: Bool

    public init(
        kind: ResourceKind, name: String, description: String = "", country: String = "", region: String = "", city: String = "",
        reach: Reach = .local, languages: [String] = [], phone: String = "", website: String = "", address: String = "",
        hours: String = "", cost: String = "", accessibility: String = "", safety: SafetyNotes = SafetyNotes(),
        lastVerified: Date? = nil, verifiedBy: String = "", isPublic: Bool = false
    ) {
        self.kind = kind
        self.name = name
        self.description = description
        self.country = country
        self.region = region
        self.city = city
        self.reach = reach
        self.languages = languages
        self.phone = phone
        self.website = website
        self.address = address
        self.hours = hours
        self.cost = cost
        self.accessibility = accessibility
        self.safety = safety
        self.lastVerified = lastVerified
        self.verifiedBy = verifiedBy
        self.isPublic = isPublic
    }

    /// Out of date once its last check is older than `months`; never checked counts as out of date.
    public func isOutOfDate(now: Date, months: Int) -> Bool {
        guard let lastVerified else { return true }
        guard let limit = Calendar(identifier: .gregorian).date(byAdding: .month, value: -months, to: now) else { return false }
        return lastVerified < limit
    }

    /// Everything a text search should find this entry by, folded for accent-insensitive matching.
    public var searchText: String {
        let kindNames = Language.allCases.map { DirectoryVocabulary.name(of: kind, in: $0) }
        return SearchText.fold(
            ([name, description, city, region, country, hours, cost, accessibility] + kindNames + languages).joined(
                separator: " "))
    }

    /// Two entries with the same kind, name and town are the same service: an import skips a row
    /// that is already in the directory, so importing a corrected file twice adds nothing twice.
    public var sameness: String { [kind.rawValue, SearchText.fold(name), SearchText.fold(city)].joined(separator: "|") }

    /// Where it is, folded, for the region filter.
    public var placeText: String {
        SearchText.fold([city, region, country, reach == .local ? "" : reach.rawValue].joined(separator: " "))
    }
}
