import Fluent
import Foundation
import TejidoCore

/// A stored directory entry. Written only through `update(from:)`, so the folded search columns
/// always match what is shown.
final class DirectoryEntryRecord: Model, @unchecked Sendable {
    static let schema = "directory_entries"

    @ID(key: .id) var id: UUID?
    @Parent(key: "collective_id") var collective: CollectiveRecord
    @Field(key: "kind") var kind: String
    @Field(key: "name") var name: String
    @Field(key: "description") var description: String
    @Field(key: "country") var country: String
    @Field(key: "region") var region: String
    @Field(key: "city") var city: String
    @Field(key: "reach") var reach: String
    @Field(key: "languages") var languages: String
    @Field(key: "phone") var phone: String
    @Field(key: "website") var website: String
    @Field(key: "address") var address: String
    @Field(key: "hours") var hours: String
    @Field(key: "cost") var cost: String
    @Field(key: "accessibility") var accessibility: String
    @Field(key: "may_involve_police") var mayInvolvePolice: String
    @Field(key: "mandated_reporter") var mandatedReporter: String
    @Field(key: "asks_immigration_status") var asksImmigrationStatus: String
    @Field(key: "confidential") var confidential: String
    @OptionalField(key: "last_verified") var lastVerified: Date?
    @Field(key: "verified_by") var verifiedBy: String
    @Field(key: "is_public") var isPublic: Bool
    @Field(key: "search_text") var searchText: String
    @Field(key: "place_text") var placeText: String
    @Field(key: "sort_name") var sortName: String
    @Field(key: "search_key") var searchKey: Int64
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    init(collectiveID: UUID, entry: DirectoryEntry, now: Date) {
        self.$collective.id = collectiveID
        self.searchKey = Int64.random(in: 1...(Int64.max >> 1))
        self.createdAt = now
        update(from: entry, now: now)
    }

    func update(from entry: DirectoryEntry, now: Date) {
        kind = entry.kind.rawValue
        name = entry.name
        description = entry.description
        country = entry.country
        region = entry.region
        city = entry.city
        reach = entry.reach.rawValue
        languages = entry.languages.isEmpty ? "" : "," + entry.languages.joined(separator: ",") + ","
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
        lastVerified = entry.lastVerified
        verifiedBy = entry.verifiedBy
        isPublic = entry.isPublic
        // The filter tokens ride along in the indexed text (see `DirectorySearch.tokens`).
        searchText = entry.searchText + " " + DirectorySearch.tokens(for: entry, in: $collective.id)
        placeText = entry.placeText
        sortName = SearchText.fold(entry.name)
        updatedAt = now
    }

    var entry: DirectoryEntry {
        DirectoryEntry(
            kind: ResourceKind(rawValue: kind) ?? .survivorSupport, name: name, description: description, country: country,
            region: region,
            city: city, reach: Reach(rawValue: reach) ?? .local,
            languages: languages.split(separator: ",").map(String.init), phone: phone, website: website, address: address,
            hours: hours, cost: cost, accessibility: accessibility,
            safety: SafetyNotes(
                mayInvolvePolice: SafetyAnswer(rawValue: mayInvolvePolice) ?? .unknown,
                mandatedReporter: SafetyAnswer(rawValue: mandatedReporter) ?? .unknown,
                asksImmigrationStatus: SafetyAnswer(rawValue: asksImmigrationStatus) ?? .unknown,
                confidential: SafetyAnswer(rawValue: confidential) ?? .unknown),
            lastVerified: lastVerified, verifiedBy: verifiedBy, isPublic: isPublic)
    }
}
