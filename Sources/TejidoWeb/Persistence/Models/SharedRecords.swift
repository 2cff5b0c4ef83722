import Fluent
import Foundation

/// A protocol version a connected collective shared: the file sealed (it names the peer), keyed
/// by the connection and the version's number at the source.
final class PeerProtocolRecord: Model, @unchecked Sendable {
    static let schema = "peer_protocols"

    @ID(key: .id) var id: UUID?
    @Field(key: "collective_id") var collectiveID: UUID
    @Field(key: "connection_id") var connectionID: UUID
    @Field(key: "number") var number: Int
    @Field(key: "adopted_at") var adoptedAt: Date
    @Field(key: "received_at") var receivedAt: Date
    @Field(key: "file_sealed") var fileSealed: Data

    init() {}
}

/// One of our directory entries, shared with the connected collectives we send the directory to.
final class DirectoryShareRecord: Model, @unchecked Sendable {
    static let schema = "directory_shares"

    @ID(custom: "entry_id", generatedBy: .user) var id: UUID?
    @Field(key: "collective_id") var collectiveID: UUID
    @Field(key: "shared_at") var sharedAt: Date

    init() {}
}

/// A directory entry a connected collective shared. `entry` is the `SharedDirectoryEntry` as
/// JSON; the other columns are what the search filters on.
final class PeerDirectoryEntryRecord: Model, @unchecked Sendable {
    static let schema = "peer_directory_entries"

    @ID(key: .id) var id: UUID?
    @Field(key: "collective_id") var collectiveID: UUID
    @Field(key: "connection_id") var connectionID: UUID
    @Field(key: "source_id") var sourceID: UUID
    @Field(key: "entry") var entry: String
    @Field(key: "kind") var kind: String
    @Field(key: "languages") var languages: String
    @Field(key: "may_involve_police") var mayInvolvePolice: String
    @Field(key: "asks_immigration_status") var asksImmigrationStatus: String
    @Field(key: "search_text") var searchText: String
    @Field(key: "place_text") var placeText: String
    @Field(key: "sort_name") var sortName: String
    @OptionalField(key: "last_checked") var lastChecked: Date?
    @Field(key: "received_at") var receivedAt: Date

    init() {}
}

/// A collective's own entry in the directory of collectives (`CollectiveProfile` as JSON).
final class CollectiveProfileRecord: Model, @unchecked Sendable {
    static let schema = "collective_profiles"

    @ID(custom: "collective_id", generatedBy: .user) var id: UUID?
    @Field(key: "profile") var profile: String
    @Field(key: "to_peers") var toPeers: Bool
    @Field(key: "on_public_page") var onPublicPage: Bool
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}

/// A connected collective's entry in the directory of collectives, sealed (it names the peer).
final class PeerCollectiveProfileRecord: Model, @unchecked Sendable {
    static let schema = "peer_collective_profiles"

    @ID(custom: "connection_id", generatedBy: .user) var id: UUID?
    @Field(key: "collective_id") var collectiveID: UUID
    @Field(key: "profile_sealed") var profileSealed: Data
    @Field(key: "received_at") var receivedAt: Date

    init() {}
}
