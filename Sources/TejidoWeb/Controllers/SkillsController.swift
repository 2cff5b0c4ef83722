import Fluent
import TejidoCore
import Vapor

/// Who is prepared for what: each member's own entries, the care team's naming of skills and
/// recording of trainings, and — inside a case — the prepared and willing, for whoever chooses
/// the case's people.
struct SkillsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.skillsPattern, use: show)
        routes.post(SiteURL.skillsPattern, use: saveOwn)
        routes.post(SiteURL.skillRemovePattern, use: removeOwn)
        routes.post(SiteURL.skillOfferPattern, use: answer)
        routes.post(SiteURL.skillsNamedPattern, use: name)
        routes.post(SiteURL.skillRetirePattern, use: retire)
        routes.post(SiteURL.skillsTrainingPattern, use: recordTraining)
        routes.get(SiteURL.casePattern(.prepared), use: prepared)
    }

    private func render(
        _ req: Request, _ collective: CollectiveRecord, form: FormState = .empty, nameForm: FormState = .empty,
        trainingForm: FormState = .empty, status: HTTPStatus = .ok
    ) async throws -> Response {
        let collectiveID = try collective.requireID()
        let user = try req.requireUser()
        let queries = SkillQueries(database: req.db)
        try await queries.ensureStarter(in: collectiveID, now: req.now)
        var manage: (members: [(id: UUID, username: String)], nameForm: FormState, trainingForm: FormState)?
        if req.may(.manageSkills, in: collective) {
            let members = try await MembershipRecord.query(on: req.db).filter(\.$collective.$id == collectiveID)
                .with(\.$user).all().map { (id: $0.$user.id, username: $0.user.username) }
                .sorted { $0.username.localizedCaseInsensitiveCompare($1.username) == .orderedAscending }
            manage = (members, nameForm, trainingForm)
        }
        let page = SkillsPage.build(
            slug: collective.slug, skills: try await queries.skills(in: collectiveID),
            listings: try await queries.listings(of: user.id, in: collectiveID), today: req.now, form: form, manage: manage,
            req.pageContext)
        return req.page(page, titleKey: "skills_title", status: status)
    }

    func show(_ req: Request) async throws -> Response {
        try await render(req, try await req.collective(for: .viewSkills))
    }

    func saveOwn(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .listOwnSkills)
        let user = try req.requireUser()
        let form = req.plainForm()
        do {
            let input = try SkillListingInput.validated(
                trainedOn: form["trained_on"] ?? "", renewBy: form["renew_by"] ?? "", willing: form["willing"] == "1",
                agreed: form["agree"] == "1", today: req.now)
            guard let skillID = FormIDs.optional(form, "skill") else {
                throw TejidoError.invalid([FieldProblem(field: "skill", messageKey: "error_skill_unknown")])
            }
            try await SkillService(database: req.db, now: req.now).saveOwn(
                skillID: skillID, userID: user.id, in: collective.requireID(), input)
        } catch TejidoError.invalid(var problems) {
            // Both the skill and the dates are reported at once, whichever failed first.
            if FormIDs.optional(form, "skill") == nil, !problems.contains(where: { $0.field == "skill" }) {
                problems.insert(FieldProblem(field: "skill", messageKey: "error_skill_unknown"), at: 0)
            }
            return try await render(
                req, collective, form: FormState(values: form, problems: problems, request: req), status: .unprocessableEntity)
        }
        return req.redirect(.skills(slug: collective.slug))
    }

    func removeOwn(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .listOwnSkills)
        try await SkillService(database: req.db, now: req.now).removeOwn(
            skillID: req.itemID(), userID: req.requireUser().id, in: collective.requireID())
        return req.redirect(.skills(slug: collective.slug))
    }

    func answer(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .listOwnSkills)
        let form = req.plainForm()
        guard let answer = form["answer"], ["agree", "decline"].contains(answer) else {
            throw TejidoError.invalid([FieldProblem(field: "form", messageKey: "error_skill_answer")])
        }
        try await SkillService(database: req.db, now: req.now).answer(
            listingID: req.itemID(), userID: req.requireUser().id, in: collective.requireID(), agree: answer == "agree",
            willing: form["willing"] == "1")
        return req.redirect(.skills(slug: collective.slug))
    }

    func name(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .manageSkills)
        let form = req.plainForm()
        do {
            try await SkillService(database: req.db, now: req.now).name(form["name"] ?? "", in: collective.requireID())
        } catch TejidoError.invalid(let problems) {
            return try await render(
                req, collective, nameForm: FormState(values: form, problems: problems, request: req),
                status: .unprocessableEntity)
        }
        return req.redirect(.skills(slug: collective.slug))
    }

    func retire(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .manageSkills)
        try await SkillService(database: req.db, now: req.now).retire(req.itemID(), in: collective.requireID())
        return req.redirect(.skills(slug: collective.slug))
    }

    func recordTraining(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .manageSkills)
        let form = req.plainForm()
        do {
            // The same date rules as a person's own entry; agreeing is theirs to do later.
            let input = try SkillListingInput.validated(
                trainedOn: form["offer_trained_on"] ?? "", renewBy: form["offer_renew_by"] ?? "", willing: false,
                agreed: true, today: req.now)
            try await SkillService(database: req.db, now: req.now).offer(
                skillID: FormIDs.optional(form, "offer_skill") ?? UUID(), to: FormIDs.optional(form, "member") ?? UUID(),
                in: collective.requireID(), trainedOn: input.trainedOn, renewBy: input.renewBy, by: req.requireUser().id)
        } catch TejidoError.invalid(let problems) {
            let renamed = problems.map {
                FieldProblem(
                    field: ["trained_on", "renew_by"].contains($0.field) ? "offer_" + $0.field : $0.field,
                    messageKey: $0.messageKey)
            }
            return try await render(
                req, collective, trainingForm: FormState(values: form, problems: renamed, request: req),
                status: .unprocessableEntity)
        }
        return req.redirect(.skills(slug: collective.slug))
    }

    /// Only whoever chooses the case's people; the roster is read nowhere else.
    func prepared(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .viewPreparedPeople, logging: .viewed)
        let collectiveID = try context.collective.requireID()
        let queries = SkillQueries(database: req.db)
        try await queries.ensureStarter(in: collectiveID, now: req.now)
        let listings = try await queries.agreedListings(in: collectiveID)
        var inCase = Set(context.file.people.filter { $0.removedAt == nil }.compactMap(\.userID))
        // Nor anyone who caused harm in another case of hers: she need not be offered him as help.
        for (file, _) in try await req.caseStore.cases(of: context.userID, in: collectiveID) {
            inCase.formUnion(file.activePeople.filter { $0.role == .respondent }.compactMap(\.userID))
        }
        let entries = listings.map {
            SkillEntry(
                skillID: $0.$skill.id, userID: $0.$user.id, renewBy: $0.renewBy, willing: $0.willing, agreed: $0.agreedAt != nil)
        }
        let usernames = Dictionary(listings.map { ($0.$user.id, $0.user.username) }, uniquingKeysWith: { a, _ in a })
        let page = PreparedPeoplePage.build(
            skills: try await queries.skills(in: collectiveID),
            offered: PreparedRoster.offered(entries, on: req.now, excluding: inCase), usernames: usernames,
            links: context.links, req.pageContext)
        return req.page(page, titleKey: "case_prepared_title")
    }
}
