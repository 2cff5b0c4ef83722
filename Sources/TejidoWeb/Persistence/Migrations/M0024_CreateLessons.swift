import Fluent
import SQLKit

/// Lessons from past cases and the practice scenarios made from them (issue 17). A lesson names
/// no case in clear: its case sits only inside the authors' sealed copy, opened with a key
/// wrapped for each author (`lesson_keys`). Its published copy, sealed with a key derived from
/// the instance key, is what members read once `publish_at` has passed. No timestamps beyond
/// that one, so the row says as little as it can about when the case ended.
struct M0024_CreateLessons: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("lessons")
            .id()
            .field("collective_id", .uuid, .required, .references("collectives", "id", onDelete: .cascade))
            .field("sealed", .data, .required)
            .field("published", .data)
            .field("publish_at", .datetime)
            .create()
        try await database.sql().raw("CREATE INDEX lessons_collective ON lessons (collective_id, publish_at)").run()
        try await database.schema("lesson_keys")
            .id()
            .field("lesson_id", .uuid, .required, .references("lessons", "id", onDelete: .cascade))
            // A random label per wrap: no account, no key fingerprint, no time. An author finds
            // hers by trying her own key on the collective's wraps (`LessonKeys`), so a copied
            // database does not say who wrote which lesson.
            .field("holder", .string, .required)
            .field("wrapped", .data, .required)
            .field("key_id", .string, .required)
            .unique(on: "lesson_id", "holder")
            .create()
        try await database.schema("practice_scenarios")
            .id()
            .field("collective_id", .uuid, .required, .references("collectives", "id", onDelete: .cascade))
            // A scenario made from a lesson goes when the lesson is withdrawn.
            .field("lesson_id", .uuid, .references("lessons", "id", onDelete: .cascade))
            .field("sealed", .data, .required)
            .field("created_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("practice_scenarios").delete()
        try await database.schema("lesson_keys").delete()
        try await database.schema("lessons").delete()
    }
}
