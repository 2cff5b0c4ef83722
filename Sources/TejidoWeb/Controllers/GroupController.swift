import Fluent
import TejidoCore
import Vapor

/// Joining an activity by its group's choice, the group's answer, its sealed notes, and leaving.
struct GroupController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post(ActivityPath.pattern(ActivityPath.join), use: join)
        routes.post(
            SiteURL.activities(
                slug: .placeholder(.slug), .request(.placeholder(.activityID), person: .placeholder(.itemID))), use: decide)
        routes.get(ActivityPath.pattern(ActivityPath.notes), use: notes)
        routes.post(ActivityPath.pattern(ActivityPath.notes), use: writeNote)
        routes.post(ActivityPath.pattern(ActivityPath.leave), use: leave)
    }

    func join(_ req: Request) async throws -> Response {
        let context = try await req.activity(for: .askToJoin)
        try await req.groupService.askToJoin(context.id, userID: try req.requireUser().id)
        return req.redirect(context.url(.activity(context.id.text)))
    }

    func decide(_ req: Request) async throws -> Response {
        let context = try await req.activity(for: .decideJoining)
        let person = try req.uuidParameter(.itemID)
        let accept = req.plainForm()["decision"] == "accept"
        try await req.groupService.decide(person, accept: accept, activity: context.activity, opener: req.context.opener)
        return req.redirect(context.url(.activity(context.id.text)))
    }

    func notes(_ req: Request) async throws -> Response {
        let context = try await req.activity(for: .readGroupNotes)
        return try await renderNotes(req, context, FormState())
    }

    private func renderNotes(
        _ req: Request, _ context: ActivityContext, _ form: FormState, status: HTTPStatus = .ok
    )
        async throws -> Response
    {
        let notes = try await req.groupService.notes(context.id, opener: req.context.opener)
        let page = GroupNotesPage.build(context, notes: notes, form: form, req.pageContext)
        return req.page(page, titleKey: "group_notes_title", status: status)
    }

    func writeNote(_ req: Request) async throws -> Response {
        let context = try await req.activity(for: .writeGroupNotes)
        let user = try req.requireUser()
        let form = req.plainForm()
        do {
            let note = try GroupNote.validated(form["note"] ?? "", author: user.username)
            try await req.groupService.write(note, in: context.id, opener: req.context.opener)
        } catch TejidoError.invalid(let problems) {
            return try await renderNotes(
                req, context, FormState(values: form, problems: problems, request: req), status: .unprocessableEntity)
        }
        return req.redirect(context.url(.notes(context.id.text)))
    }

    func leave(_ req: Request) async throws -> Response {
        let context = try await req.activity(for: .leaveActivityGroup)
        try await req.groupService.leave(context.id, userID: try req.requireUser().id)
        return req.redirect(to: context.url(.list).path + "?left=1", redirectType: .normal)
    }
}
