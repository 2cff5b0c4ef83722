import Fluent
import TejidoCore
import Vapor

/// Reads the lesson form: the text, and the delay before members may read it.
enum LessonForm {
    static func read(
        _ form: [String: String], draft: LessonDraft, fallbackLanguage: Language, now: Date
    ) throws -> (
        LessonText, LessonSchedule.Delay
    ) {
        var problems: [FieldProblem] = []
        let season = LessonText.Season(rawValue: form["season"] ?? "")
        if season == nil { problems.append(FieldProblem(field: "season", messageKey: "error_lesson_season")) }
        let delay = Int(form["delay"] ?? "").flatMap(LessonSchedule.Delay.init(rawValue:))
        if delay == nil { problems.append(FieldProblem(field: "delay", messageKey: "error_lesson_delay")) }
        let language = form["language"].flatMap(Language.init(rawValue:))
        if language == nil { problems.append(FieldProblem(field: "language", messageKey: "error_lesson_language")) }
        let text = LessonText(
            title: form["title"] ?? "", happened: form["happened"] ?? "", collectiveDid: form["collective_did"] ?? "",
            helped: form["helped"] ?? "", didNotHelp: form["did_not_help"] ?? "", differently: form["differently"] ?? "",
            season: season ?? .spring, year: Int((form["year"] ?? "").trimmingCharacters(in: .whitespaces)) ?? 0,
            harmTypes: draft.offeredHarms.filter { form["harm_\($0)"] == "1" },
            responses: draft.offeredResponses.filter { form["response_\($0.rawValue)"] == "1" },
            language: language ?? fallbackLanguage)
        if !problems.isEmpty {
            // Every problem at once, the text's own too.
            do {
                _ = try text.validated(now: now, allowedHarms: draft.offeredHarms, allowedResponses: draft.offeredResponses)
            } catch TejidoError.invalid(let more) { problems += more }
        }
        try problems.throwIfAny()
        return (text, delay ?? .threeMonths)
    }
}

extension Request {
    var lessonService: LessonService {
        LessonService(database: db, keys: services.keys, now: now, opener: context.opener)
    }

    /// Loads the lesson named in the address and asks the policy. A lesson of another
    /// collective, one the asker may not see, and an id that never existed all answer 404.
    func lesson(for action: AccessAction) async throws -> (CollectiveRecord, LessonService.Opened) {
        let collective = try await collectiveInAddress()
        let id = try uuidParameter(.lessonID)
        guard let lesson = try await lessonService.load(id, in: collective.requireID()) else { throw TejidoError.notFound }
        try authorize(action, .lesson(lesson.facts))
        return (collective, lesson)
    }
}
