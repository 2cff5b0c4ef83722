import Fluent
import TejidoCore
import Vapor

/// A collective's home, switching between collectives, leaving one, and its settings.
struct CollectiveController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.collectives, use: list)
        routes.get(SiteURL.collectivePattern, use: home)
        routes.post(SiteURL.collectiveLeavePattern, use: leave)
        routes.get(SiteURL.collectiveSettingsPattern, use: showSettings)
        routes.post(SiteURL.collectiveSettingsPattern, use: saveSettings)
    }

    func list(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.viewOwnAccount, .account(userID: user.id))
        let memberOf = req.context.memberships.map(\.collectiveID)
        var kept: [(collective: CollectiveRecord, opened: Date, stage: CaseStage, caseID: UUID)] = []
        for (file, _) in try await req.caseStore.casesKept(by: user.id, outside: memberOf) {
            guard let collective = try await CollectiveQueries(database: req.db).find(file.collectiveID) else { continue }
            kept.append((collective, file.record.openedAt, file.stage, file.id))
        }
        let page = CollectivesPage.build(memberships: req.context.memberships, kept: kept, req.pageContext)
        return req.page(page, titleKey: "collectives_title")
    }

    func home(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .viewCollective)
        let collectiveID = try collective.requireID()
        let actor = req.context.actor
        var tools: [(key: String, url: SiteURL)] = []
        func offer(_ action: AccessAction, _ key: String, _ url: SiteURL) {
            if req.may(action, in: collective) { tools.append((key, url)) }
        }
        offer(.openCase, "cases", .cases(slug: collective.slug))
        offer(.viewOwnWork, "needs_me", .needsMe(slug: collective.slug))
        offer(.viewProtocol, "protocol", .protocolHome(slug: collective.slug))
        offer(.viewAssembly, "assembly", .assembly(slug: collective.slug))
        offer(.viewActivities, "activities", .activities(slug: collective.slug, .list))
        offer(.viewDirectory, "directory", .directory(slug: collective.slug))
        offer(.viewSkills, "skills", .skills(slug: collective.slug))
        offer(.viewLessons, "lessons", .lessons(slug: collective.slug))
        offer(.viewPracticeScenarios, "practice", .practice(slug: collective.slug))
        offer(.editHelpPage, "help_page", .helpPageEdit(slug: collective.slug))
        offer(.viewMembers, "members", .members(slug: collective.slug))
        offer(.viewInvites, "invites", .invites(slug: collective.slug))
        offer(.editCollectiveSettings, "settings", .collectiveSettings(slug: collective.slug))
        offer(.viewReflections, "reflections", .reflections(slug: collective.slug))
        offer(.viewNetwork, "network", .network(slug: collective.slug, .home))
        offer(.viewSharedProtocols, "shared_protocols", .shared(slug: collective.slug, .protocols))
        offer(.viewCollectivesDirectory, "collectives_directory", .shared(slug: collective.slug, .collectives))
        offer(.viewReceivedAlerts, "received_alerts", .receivedAlerts(slug: collective.slug, .queue))
        offer(.viewMediationRequests, "mediation_requests", .shared(slug: collective.slug, .mediationRequests))
        let role = actor.role(in: collectiveID) ?? .member
        // Every member is asked to read and acknowledge the agreement of each adopted version; someone
        // who joined after it was adopted is asked as a newcomer, first thing on the page.
        var agreement: (newcomer: Bool, number: Int)?
        if let user = req.context.user {
            agreement = try await AgreementService(database: req.db, now: req.now).pending(
                collectiveID: collectiveID, userID: user.id)
        }
        let page = CollectiveHomePage.build(
            collective: collective, role: role, tools: tools, agreementPending: agreement != nil,
            agreementNewcomer: agreement?.newcomer == true, req.pageContext)
        return req.page(page, titleKey: "collective_title")
    }

    func leave(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .viewCollective)
        let user = try req.requireUser()
        let collectiveID = try collective.requireID()
        try req.authorize(.leaveCollective, .membership(collectiveID: collectiveID, userID: user.id))
        guard let membership = try await MembershipQueries(database: req.db).find(userID: user.id, in: collectiveID) else {
            throw TejidoError.notFound
        }
        try await CollectiveService(database: req.db, now: req.now).remove(membership, keys: req.services.keys)
        return req.redirect(.collectives)
    }

    func showSettings(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .editCollectiveSettings)
        let form = FormState(values: [
            "name": collective.name, "exit_url": collective.exitURL ?? "",
            "retention_days": String(collective.caseRetentionDays), "decision_method": collective.decisionMethod,
            "quorum_percent": String(collective.quorumPercent), "hide_positions": collective.hidePositions ? "1" : "",
        ])
        let page = SettingsPage.build(
            collective: collective, form: form, defaultExitURL: req.services.config.defaultExitURL,
            saved: req.query[String.self, at: "saved"] != nil, req.pageContext)
        return req.page(page, titleKey: "settings_title")
    }

    struct SettingsForm: Content, EmptyInitializable {
        var name: String?
        var exit_url: String?
        var retention_days: String?
        var decision_method: String?
        var quorum_percent: String?
        var hide_positions: String?
    }

    func saveSettings(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .editCollectiveSettings)
        let form = req.form(SettingsForm.self)
        do {
            try await CollectiveService(database: req.db, now: req.now)
                .updateSettings(
                    collective, name: form.name ?? "", exitURL: form.exit_url ?? "", retentionDays: form.retention_days,
                    assembly: form.decision_method == nil && form.quorum_percent == nil
                        ? nil : (form.decision_method ?? "", form.quorum_percent ?? "", form.hide_positions == "1"))
        } catch TejidoError.invalid(let problems) {
            let state = FormState(
                values: [
                    "name": form.name ?? "", "exit_url": form.exit_url ?? "", "retention_days": form.retention_days ?? "",
                    "decision_method": form.decision_method ?? "", "quorum_percent": form.quorum_percent ?? "",
                    "hide_positions": form.hide_positions ?? "",
                ], problems: problems, request: req)
            let page = SettingsPage.build(
                collective: collective, form: state, defaultExitURL: req.services.config.defaultExitURL, saved: false,
                req.pageContext)
            return req.page(page, titleKey: "settings_title", status: .unprocessableEntity)
        }
        return req.redirect(to: SiteURL.collectiveSettings(slug: collective.slug).path + "?saved=1", redirectType: .normal)
    }
}
