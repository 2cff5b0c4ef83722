import Fluent

/// The respondent's proposals, comments on them, the commitments they become and check-ins.
/// Nothing here names an author in clear: who wrote a proposal is who the respondent is, so
/// authors are sealed inside each row's body with the case's key.
struct M0018_CreateAccountability: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("case_proposals")
            .id()
            .field("case_id", .uuid, .required, .references("cases", "id", onDelete: .cascade))
            .field("number", .int, .required)
            .field("body", .data, .required)
            .field("created_at", .datetime, .required)
            .field("accepted_at", .datetime)
            .unique(on: "case_id", "number")
            .create()
        try await database.schema("case_proposal_comments")
            .id()
            .field("case_id", .uuid, .required, .references("cases", "id", onDelete: .cascade))
            .field("proposal_id", .uuid, .required, .references("case_proposals", "id", onDelete: .cascade))
            .field("body", .data, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("case_commitments")
            .id()
            .field("case_id", .uuid, .required, .references("cases", "id", onDelete: .cascade))
            .field("body", .data, .required)
            .field("due_on", .datetime)
            .field("created_at", .datetime, .required)
            .field("done_at", .datetime)
            .create()
        try await database.schema("case_check_ins")
            .id()
            .field("case_id", .uuid, .required, .references("cases", "id", onDelete: .cascade))
            .field("commitment_id", .uuid, .required, .references("case_commitments", "id", onDelete: .cascade))
            .field("body", .data, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("case_outcomes")
            .id()
            .field("case_id", .uuid, .required, .references("cases", "id", onDelete: .cascade))
            .field("body", .data, .required)
            .field("created_at", .datetime, .required)
            .create()
        // Outside mediators: the grant sealed in `body`; the link's and the browser's tokens hashed.
        try await database.schema("case_mediators")
            .id()
            .field("case_id", .uuid, .required, .references("cases", "id", onDelete: .cascade))
            .field("body", .data, .required)
            .field("invite_hash", .string)
            .field("session_hash", .string)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("redeemed_at", .datetime)
            .field("revoked_at", .datetime)
            .create()
        try await database.schema("case_care_referrals")
            .id()
            .field("case_id", .uuid, .required, .references("cases", "id", onDelete: .cascade))
            .field("body", .data, .required)
            .field("created_at", .datetime, .required)
            .create()
        // Sealed `AccountabilityPreferences`.
        try await database.schema("cases").field("accountability", .data).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("cases").deleteField("accountability").update()
        for table in [
            "case_care_referrals", "case_mediators", "case_outcomes", "case_check_ins", "case_commitments",
            "case_proposal_comments", "case_proposals",
        ] {
            try await database.schema(table).delete()
        }
    }
}
