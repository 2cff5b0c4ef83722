import Fluent
import Foundation

/// A signed-in browser. Kept in the database so several app instances share sessions; the cookie
/// holds a random token and only its SHA-256 is stored here.
final class UserSessionRecord: Model, @unchecked Sendable {
    static let schema = "sessions"

    @ID(key: .id) var id: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @Parent(key: "user_id") var user: UserRecord
    @OptionalField(key: "current_collective_id") var currentCollectiveID: UUID?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "last_seen_at") var lastSeenAt: Date
    /// The account's private key, sealed under a key derived from this session's cookie token
    /// (which is stored only as a hash): usable only while that cookie is presented.
    @OptionalField(key: "sealed_key") var sealedKey: Data?

    init() {}

    init(tokenHash: String, userID: UUID, currentCollectiveID: UUID?, createdAt: Date) {
        self.tokenHash = tokenHash
        self.$user.id = userID
        self.currentCollectiveID = currentCollectiveID
        self.createdAt = createdAt
        self.lastSeenAt = createdAt
    }
}
