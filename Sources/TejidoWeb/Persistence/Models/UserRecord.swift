import Fluent
import Foundation

/// A pseudonymous account. No e-mail, no legal name: a username and a passphrase hash.
final class UserRecord: Model, @unchecked Sendable {
    static let schema = "users"

    @ID(key: .id) var id: UUID?
    @Field(key: "username") var username: String
    @Field(key: "username_normalized") var usernameNormalized: String
    @Field(key: "passphrase_hash") var passphraseHash: String
    @OptionalField(key: "language") var language: String?
    @Field(key: "neutral_titles") var neutralTitles: Bool
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(
        id: UUID? = nil, username: String, usernameNormalized: String, passphraseHash: String,
        language: String?, createdAt: Date
    ) {
        self.id = id
        self.username = username
        self.usernameNormalized = usernameNormalized
        self.passphraseHash = passphraseHash
        self.language = language
        self.neutralTitles = false
        self.createdAt = createdAt
    }
}
