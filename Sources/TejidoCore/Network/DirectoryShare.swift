import Foundation

/// `directory`: every entry the sender marked shared, in full each time (a snapshot). The
/// receiver replaces what it held from this connection, so a change or a removal at the source
/// reaches it with the next message.
public struct DirectoryShare: Codable, Sendable, Equatable {
    /// Far above a real directory, and within `bodyLimit`.
    public static let maximumEntries = 20_000

    public let entries: [SharedDirectoryEntry]

    public init(entries: [SharedDirectoryEntry]) { self.entries = entries }

    /// The entries as directory entries, each checked as a typed one is; anything wrong refuses
    /// the whole message (`StrictJSON.Problem.invalid`), so nothing is half applied.
    public func checked(now: Date) throws -> [(source: UUID, entry: DirectoryEntry)] {
        guard entries.count <= Self.maximumEntries, Set(entries.map(\.id)).count == entries.count else {
            throw StrictJSON.Problem.invalid
        }
        return try entries.map { ($0.id, try $0.entry(now: now)) }
    }
}

/// One shared directory entry: the same fields a collective's own entries have, and when the
/// source last checked it. Never who checked it: that names a member of the source.
public struct SharedDirectoryEntry: Codable, Sendable, Equatable {
    public let id: UUID
    public let kind: String
    public let name: String
    public let description: String
    public let country: String
    public let region: String
    public let city: String
    public let reach: String
    public let languages: [String]
    public let phone: String
    public let website: String
    public let address: String
    public let hours: String
    public let cost: String
    public let accessibility: String
    public let mayInvolvePolice: String
    public let mandatedReporter: String
    public let asksImmigrationStatus: String
    public let confidential: String
    /// Seconds since 1970; absent when the source never checked it.
    public let lastChecked: Int?

    public init(id: UUID, entry: DirectoryEntry) {
        self.id = id
        kind = entry.kind.rawValue
        name = entry.name
        description = entry.description
        country = entry.country
        region = entry.region
        city = entry.city
        reach = entry.reach.rawValue
        languages = entry.languages
        phone = entry.phone
        website = entry.website
        address = entry.address
        hours = entry.hours
        cost = entry.cost
        accessibility = entry.accessibility
        mayInvolvePolice = entry.safety.mayInvolvePolice.rawValue
        mandatedReporter = entry.safety.mandatedReporter.rawValue
        asksImmigrationStatus = entry.safety.asksImmigrationStatus.rawValue
        confidential = entry.safety.confidential.rawValue
        lastChecked = entry.lastVerified.map { Int($0.timeIntervalSince1970) }
    }

    /// The entry as the receiver keeps it: text checked as peer text and by the directory's own
    /// rules; never public at the receiver, and checked by nobody the receiver knows.
    public func entry(now: Date) throws -> DirectoryEntry {
        func text(_ value: String, _ limit: Int, newlines: Bool = false) throws -> String {
            if value.isEmpty { return "" }
            guard let checked = PeerText.checked(value, maximum: limit, allowNewlines: newlines) else {
                throw StrictJSON.Problem.invalid
            }
            return checked
        }
        func answer(_ raw: String) throws -> SafetyAnswer {
            guard let answer = SafetyAnswer(rawValue: raw) else { throw StrictJSON.Problem.invalid }
            return answer
        }
        guard let kind = ResourceKind(rawValue: kind), let reach = Reach(rawValue: reach) else {
            throw StrictJSON.Problem.invalid
        }
        let long = DirectoryValidator.longTextLimit, short = DirectoryValidator.shortTextLimit
        let entry = DirectoryEntry(
            kind: kind, name: try text(name, DirectoryValidator.nameLimit),
            description: try text(description, long, newlines: true), country: try text(country, short),
            region: try text(region, short), city: try text(city, short), reach: reach, languages: languages,
            phone: try text(phone, short), website: try text(website, 500), address: try text(address, short, newlines: true),
            hours: try text(hours, short), cost: try text(cost, short),
            accessibility: try text(accessibility, long, newlines: true),
            safety: SafetyNotes(
                mayInvolvePolice: try answer(mayInvolvePolice), mandatedReporter: try answer(mandatedReporter),
                asksImmigrationStatus: try answer(asksImmigrationStatus), confidential: try answer(confidential)),
            lastVerified: lastChecked.map { Date(timeIntervalSince1970: TimeInterval($0)) }, verifiedBy: "", isPublic: false)
        guard DirectoryValidator.problems(in: entry, now: now).isEmpty else { throw StrictJSON.Problem.invalid }
        return entry
    }
}
