import Fluent

/// Activities (workshops, trainings, groups, children's spaces), their sessions, who runs them,
/// who said they will come and who took part; self-organised groups' members, join requests and
/// sealed notes, with the group's key wrapped for each member (`group_keys`).
struct M0023_CreateActivities: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("activities")
            .id()
            .field("collective_id", .uuid, .required, .references("collectives", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("description", .string, .required)
            .field("joining", .string, .required)
            .field("self_organised", .bool, .required)
            .field("requires_safeguarding", .bool, .required)
            .field("created_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("created_at", .datetime, .required)
            // Set when the last member of a self-organised group leaves.
            .field("closed_at", .datetime)
            .create()
        try await database.schema("activity_facilitators")
            .id()
            .field("activity_id", .uuid, .required, .references("activities", "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .unique(on: "activity_id", "user_id")
            .create()
        // A group's members and those asking to join: `state` is "asked" or "member".
        try await database.schema("activity_members")
            .id()
            .field("activity_id", .uuid, .required, .references("activities", "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("state", .string, .required)
            .field("at", .datetime, .required)
            .unique(on: "activity_id", "user_id")
            .create()
        try await database.schema("activity_sessions")
            .id()
            .field("activity_id", .uuid, .required, .references("activities", "id", onDelete: .cascade))
            .field("starts_at", .datetime, .required)
            .field("ends_at", .datetime, .required)
            // Empty when the session is online.
            .field("place", .string)
            .field("language", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        // The adults named to run one session (a children's space checks each of them).
        try await database.schema("session_adults")
            .id()
            .field("session_id", .uuid, .required, .references("activity_sessions", "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .unique(on: "session_id", "user_id")
            .create()
        try await database.schema("session_comings")
            .id()
            .field("session_id", .uuid, .required, .references("activity_sessions", "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("at", .datetime, .required)
            .unique(on: "session_id", "user_id")
            .create()
        try await database.schema("session_attendance")
            .id()
            .field("session_id", .uuid, .required, .references("activity_sessions", "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("recorded_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("recorded_at", .datetime, .required)
            .unique(on: "session_id", "user_id")
            .create()
        // A group's notes: words and author sealed together with the group's key.
        try await database.schema("group_notes")
            .id()
            .field("activity_id", .uuid, .required, .references("activities", "id", onDelete: .cascade))
            .field("sealed", .data, .required)
            .field("written_at", .datetime, .required)
            .create()
        try await database.schema("group_keys")
            .id()
            .field("group_id", .uuid, .required, .references("activities", "id", onDelete: .cascade))
            .field("user_id", .uuid, .references("users", "id", onDelete: .cascade))
            .field("holder", .string, .required)
            .field("recipient", .string, .required)
            .field("wrapped", .data, .required)
            .field("key_id", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "group_id", "holder")
            .create()
    }

    func revert(on database: any Database) async throws {
        for table in [
            "group_keys", "group_notes", "session_attendance", "session_comings", "session_adults", "activity_sessions",
            "activity_members", "activity_facilitators", "activities",
        ] {
            try await database.schema(table).delete()
        }
    }
}
