import Foundation

/// What a collective does, for the directory of collectives.
public enum CollectiveOffer: String, CaseIterable, Codable, Sendable {
    case support
    /// Facilitating accountability processes.
    case accountability
    /// Mediating, as an outside party, in another collective's cases.
    case mediation
    case masculinityGroups = "masculinity_groups"
    case training
}

/// A collective's own entry in the directory of collectives: who they are, where, in which
/// languages, what they do and how to reach them. Its admins write it and choose whether it goes
/// to connected collectives and, separately, onto a public page.
public struct CollectiveProfile: Codable, Sendable, Equatable {
    public static let aboutLimit = 2_000
    public static let shortLimit = 300

    public var about: String
    public var place: String
    /// Language codes (`es`, `en`, `qu`…).
    public var languages: [String]
    public var offers: [CollectiveOffer]
    public var contact: String

    public init(about: String, place: String, languages: [String], offers: [CollectiveOffer], contact: String) {
        // A browser sends a textarea's line breaks as CR LF; they are kept as plain line breaks.
        self.about = about.plainLineBreaks
        self.place = place
        self.languages = languages
        self.offers = CollectiveOffer.allCases.filter(offers.contains)
        self.contact = contact.plainLineBreaks
    }

    /// Problems, by form field, with a catalog key each.
    public func problems() -> [FieldProblem] {
        var problems: [FieldProblem] = []
        func check(_ value: String, _ field: String, _ limit: Int, required: Bool = false) {
            if value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                if required { problems.append(FieldProblem(field: field, messageKey: "collective_entry_error_required")) }
                return
            }
            if PeerText.checked(value, maximum: limit, allowNewlines: field == "about" || field == "contact") == nil
                || ProtocolValidator.looksLikeMarkup(value)
            {
                problems.append(FieldProblem(field: field, messageKey: "collective_entry_error_text"))
            }
        }
        check(about, "about", Self.aboutLimit, required: true)
        check(place, "place", Self.shortLimit)
        check(contact, "contact", Self.aboutLimit, required: true)
        if languages.count > 20 || languages.contains(where: { !DirectoryValidator.isLanguageCode($0) }) {
            problems.append(FieldProblem(field: "languages", messageKey: "error_directory_languages"))
        }
        return problems
    }
}

/// `collective`: the sender's entry in the directory of collectives, or `entry: null` when it
/// no longer publishes one to its peers (the receiver forgets it).
public struct CollectiveShare: Codable, Sendable, Equatable {
    public let name: String
    public let entry: CollectiveProfile?

    public init(name: String, entry: CollectiveProfile?) {
        self.name = name
        self.entry = entry
    }

    /// The entry as the receiver keeps it, checked as the sender's own form checks it.
    public func checked() throws -> (name: String, entry: CollectiveProfile?) {
        guard let name = PeerText.checked(name, maximum: 200) else { throw StrictJSON.Problem.invalid }
        guard let entry else { return (name, nil) }
        guard entry.problems().isEmpty, Set(entry.offers).count == entry.offers.count else { throw StrictJSON.Problem.invalid }
        let clean = CollectiveProfile(
            about: entry.about.trimmingCharacters(in: .whitespacesAndNewlines),
            place: entry.place.trimmingCharacters(in: .whitespacesAndNewlines), languages: entry.languages,
            offers: entry.offers, contact: entry.contact.trimmingCharacters(in: .whitespacesAndNewlines))
        return (name, clean)
    }
}
