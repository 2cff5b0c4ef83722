import Fluent
import Foundation

/// A person's key pair: the public half in clear, the private half sealed under their passphrase
/// (and, if they made one, their recovery code), each with the stretch that opens it.
final class AccountKeyRecord: Model, @unchecked Sendable {
    static let schema = "account_keys"

    @ID(key: .id) var id: UUID?
    @Field(key: "user_id") var userID: UUID
    @Field(key: "public_key") var publicKey: Data
    @Field(key: "sealed_key") var sealedKey: Data
    /// JSON `KeyStretch`.
    @Field(key: "stretch") var stretch: String
    @OptionalField(key: "recovery_key") var recoveryKey: Data?
    @OptionalField(key: "recovery_stretch") var recoveryStretch: String?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// A case's data key wrapped for one holder — `account:<user id>` or `claim:<person id>` — and
/// locked with the instance key.
final class CaseKeyRecord: Model, @unchecked Sendable {
    static let schema = "case_keys"

    @ID(key: .id) var id: UUID?
    @Field(key: "case_id") var caseID: UUID
    @OptionalField(key: "user_id") var userID: UUID?
    @Field(key: "holder") var holder: String
    /// The fingerprint of the public key the wrap was made for (a link's wraps say "link").
    @Field(key: "recipient") var recipient: String
    @Field(key: "wrapped") var wrapped: Data
    @Field(key: "key_id") var keyID: String
    @Field(key: "created_at") var createdAt: Date

    init() {}
}
