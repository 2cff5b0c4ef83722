import Fluent
import Foundation

/// When the collective means to review the agreement of one adopted version.
final class AgreementReviewRecord: Model, @unchecked Sendable {
    static let schema = "agreement_reviews"

    @ID(key: .id) var id: UUID?
    @Field(key: "collective_id") var collectiveID: UUID
    @Field(key: "version_id") var versionID: UUID
    @Field(key: "review_on") var reviewOn: Date
    @OptionalField(key: "set_by") var setBy: UUID?
    @Field(key: "set_at") var setAt: Date

    init() {}
}

/// The agenda item a review day became. Unique per version and day.
final class AgreementReviewItemRecord: Model, @unchecked Sendable {
    static let schema = "agreement_review_items"

    @ID(key: .id) var id: UUID?
    @Field(key: "collective_id") var collectiveID: UUID
    @Field(key: "version_id") var versionID: UUID
    @Field(key: "review_on") var reviewOn: Date
    @Field(key: "item_id") var itemID: UUID
    @Field(key: "raised_at") var raisedAt: Date

    init() {}
}

/// That someone gave the reflection on one case: a keyed hash of the case and the person, and
/// nothing else — no time, no link to the answers.
final class ReflectionReceiptRecord: Model, @unchecked Sendable {
    static let schema = "reflection_receipts"

    @ID(key: .id) var id: UUID?
    @Field(key: "receipt") var receipt: String

    init() {}
}

/// One reflection's answers and side, sealed; only the collective and the month in clear.
final class ReflectionRecord: Model, @unchecked Sendable {
    static let schema = "reflections"

    @ID(key: .id) var id: UUID?
    @Field(key: "collective_id") var collectiveID: UUID
    @Field(key: "month") var month: String
    @Field(key: "sealed") var sealed: Data

    init() {}
}
