import Fluent
import SQLKit

/// Issue 17. When the agreement in force is to be reviewed, and the agenda items that review
/// became (one per version and review day: the unique key is what makes two servers, or the
/// hourly job and a page opened at the same moment, put it on the agenda once). And reflections
/// on ended cases: receipts that say only "this person answered for this case" as a keyed hash,
/// and the answers apart, with the month and nothing that links them to a case or a person.
struct M0025_CreateAgreementReviewsAndReflections: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("agreement_reviews")
            .id()
            .field("collective_id", .uuid, .required, .references("collectives", "id", onDelete: .cascade))
            .field("version_id", .uuid, .required, .references("protocol_versions", "id", onDelete: .cascade))
            .field("review_on", .datetime, .required)
            .field("set_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("set_at", .datetime, .required)
            .unique(on: "version_id")
            .create()
        try await database.schema("agreement_review_items")
            .id()
            .field("collective_id", .uuid, .required, .references("collectives", "id", onDelete: .cascade))
            .field("version_id", .uuid, .required, .references("protocol_versions", "id", onDelete: .cascade))
            .field("review_on", .datetime, .required)
            .field("item_id", .uuid, .required, .references("assembly_items", "id", onDelete: .cascade))
            .field("raised_at", .datetime, .required)
            .unique(on: "version_id", "review_on")
            .create()
        try await database.schema("reflection_receipts")
            .id()
            .field("receipt", .string, .required)
            .unique(on: "receipt")
            .create()
        try await database.schema("reflections")
            .id()
            .field("collective_id", .uuid, .required, .references("collectives", "id", onDelete: .cascade))
            .field("month", .string, .required)
            .field("sealed", .data, .required)
            .create()
        try await database.sql().raw("CREATE INDEX reflections_collective ON reflections (collective_id, month)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("reflections").delete()
        try await database.schema("reflection_receipts").delete()
        try await database.schema("agreement_review_items").delete()
        try await database.schema("agreement_reviews").delete()
    }
}
