import Fluent
import Foundation

/// A lesson: its authors' sealed copy, and once approved the copy members read after `publishAt`.
final class LessonRecord: Model, @unchecked Sendable {
    static let schema = "lessons"

    @ID(key: .id) var id: UUID?
    @Field(key: "collective_id") var collectiveID: UUID
    /// `LessonDraft`, sealed with the lesson's own key (wrapped in `lesson_keys` for its authors).
    @Field(key: "sealed") var sealed: Data
    /// `PublishedLesson`'s text, sealed with the instance-derived lessons key; empty until approved.
    @OptionalField(key: "published") var published: Data?
    @OptionalField(key: "publish_at") var publishAt: Date?

    init() {}
}

/// A practice scenario, sealed with the instance-derived lessons key (every member reads it).
final class PracticeScenarioRecord: Model, @unchecked Sendable {
    static let schema = "practice_scenarios"

    @ID(key: .id) var id: UUID?
    @Field(key: "collective_id") var collectiveID: UUID
    @OptionalField(key: "lesson_id") var lessonID: UUID?
    @Field(key: "sealed") var sealed: Data
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}
