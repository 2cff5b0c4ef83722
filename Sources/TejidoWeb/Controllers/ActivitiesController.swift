import Fluent
import TejidoCore
import Vapor

/// What is on in a collective, creating an activity or starting a group, and what the signed-in
/// person took part in. One activity's own pages are in `ActivityController` and `GroupController`.
struct ActivitiesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.activities(slug: .placeholder(.slug), .list), use: list)
        routes.get(SiteURL.activities(slug: .placeholder(.slug), .new), use: newForm)
        routes.post(SiteURL.activities(slug: .placeholder(.slug), .new), use: create)
        routes.get(SiteURL.accountActivities, use: tookPart)
    }

    func list(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .viewActivities)
        let collectiveID = try collective.requireID()
        let past = req.query[String.self, at: "past"] != nil
        let queries = ActivityQueries(database: req.db)
        let page = ActivitiesPage.build(
            slug: collective.slug, past: past,
            sessions: try await queries.listings(in: collectiveID, past: past, now: req.now),
            activities: try await queries.activities(in: collectiveID).map { (try $0.requireID(), $0.title, $0.kind) },
            mayCreate: req.may(.createActivity, in: collective) || req.may(.startGroup, in: collective), req.pageContext)
        return req.page(page, titleKey: "activities_title")
    }

    func newForm(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .startGroup)
        return try await renderNew(req, collective, FormState())
    }

    private func renderNew(
        _ req: Request, _ collective: CollectiveRecord, _ form: FormState, status: HTTPStatus = .ok
    ) async throws -> Response {
        let mayCreate = req.may(.createActivity, in: collective)
        // Only the care team names facilitators, so only they are shown the list of members.
        let members = mayCreate ? try await ActivityQueries(database: req.db).members(of: try collective.requireID()) : []
        let page = NewActivityPage.build(
            slug: collective.slug, mayCreate: mayCreate, members: members, form: form, req.pageContext)
        return req.page(page, titleKey: "activity_new_title", status: status)
    }

    func create(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .startGroup)
        let user = try req.requireUser()
        let form = req.plainForm()
        let mayCreate = req.may(.createActivity, in: collective)
        // A member who is not on the care team can only start a group that governs itself.
        let selfOrganised = !mayCreate || form["self_organised"] == "1"
        let id: UUID
        do {
            let details = try ActivityDetails.validated(
                kind: form["kind"] ?? "", title: form["title"] ?? "", description: form["description"] ?? "",
                joining: form["joining"] ?? "", selfOrganised: selfOrganised)
            id = try await req.activityService.create(
                details, facilitators: FormIDs.ticked(form, prefix: "facilitator_"), in: try collective.requireID(),
                by: user.id)
        } catch TejidoError.invalid(let problems) {
            return try await renderNew(
                req, collective, FormState(values: form, problems: problems, request: req), status: .unprocessableEntity)
        }
        return req.redirect(.activities(slug: collective.slug, .activity(id.text)))
    }

    func tookPart(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.viewOwnActivities, .account(userID: user.id))
        let rows = try await ActivityQueries(database: req.db).tookPart(user.id)
        return req.page(TookPartPage.build(rows, req.pageContext), titleKey: "took_part_title")
    }
}
