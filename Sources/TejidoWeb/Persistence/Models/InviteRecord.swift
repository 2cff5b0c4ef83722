import Fluent
import Foundation
import TejidoCore

/// A single-use invitation. Only the SHA-256 of the link's token is stored.
final class InviteRecord: Model, @unchecked Sendable {
    static let schema = "invites"

    @ID(key: .id) var id: UUID?
    @Parent(key: "collective_id") var collective: CollectiveRecord
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "role") var roleValue: String
    @OptionalParent(key: "created_by") var createdBy: UserRecord?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    /// A word the admin chose to tell links apart ("Tuesday workshop"); never required.
    @OptionalField(key: "label") var label: String?
    /// The random value of the form that created this link, so a re-sent form cannot make a second one.
    @OptionalField(key: "request_nonce") var requestNonce: String?

    init() {}

    init(collectiveID: UUID, tokenHash: String, role: CollectiveRole, createdBy: UUID?, createdAt: Date, expiresAt: Date) {
        self.$collective.id = collectiveID
        self.tokenHash = tokenHash
        self.roleValue = role.rawValue
        self.$createdBy.id = createdBy
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }

    var role: CollectiveRole { CollectiveRole(rawValue: roleValue) ?? .member }
}
