import Fluent
import TejidoCore
import Vapor

/// Starting a lesson from an ended case: the survivor's side only (`AccessAction.startLesson`).
struct CaseLessonController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.casePattern(.lesson), use: showStart)
        routes.post(SiteURL.casePattern(.lesson), use: start)
    }

    func showStart(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .startLesson, logging: .viewed)
        let existing = try await req.lessonService.mine(in: context.file.collectiveID, caseID: context.file.id)
        let page = LessonStartPage(
            action: context.href(.lesson), backHref: context.href(.home),
            existing: existing.map {
                (
                    $0.draft?.text?.title ?? req.pageContext("lesson_untitled"),
                    SiteURL.lesson(slug: context.slug, lessonID: $0.id.text).path
                )
            })
        return req.page(page, titleKey: "lesson_start_title")
    }

    func start(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .startLesson)
        // A second press of the button finds the lesson the first one started, still empty.
        if let empty = try await req.lessonService.mine(in: context.file.collectiveID, caseID: context.file.id)
            .first(where: { $0.draft?.text == nil })
        {
            return req.redirect(.lessonEdit(slug: context.slug, lessonID: empty.id.text))
        }
        let (harms, responses) = try await Self.choices(req, context.file)
        let id = try await req.lessonService.start(
            from: context.file, by: context.userID, offeredHarms: harms, offeredResponses: responses)
        return req.redirect(.lessonEdit(slug: context.slug, lessonID: id.text))
    }

    /// The case's harm types and the responses its protocol recommends for them (allowed ones when
    /// it recommends none), as the protocol version it was classified by names them.
    static func choices(_ req: Request, _ file: CaseFile) async throws -> ([String], [ResponseKind]) {
        guard let classification = file.classification,
            let version = try await ProtocolQueries(database: req.db, collectiveID: file.collectiveID)
                .version(number: classification.protocolVersion)
        else { return ([], []) }
        let document = try version.document()
        var responses = Set<ResponseKind>()
        for harm in classification.harms {
            guard let rules = document.harmType(harm.harmType)?.level(harm.level)?.responses else { continue }
            responses.formUnion(rules.recommended.isEmpty ? rules.allowed : rules.recommended)
        }
        return (classification.harms.map(\.harmType), responses.sorted())
    }
}
