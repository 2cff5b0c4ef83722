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

    struct ListView: Encodable {
        struct Item: Encodable {
            let name: String
            let href: String
            let role: String
        }
        let items: [Item]
        /// Cases the person harmed keeps in collectives she has left or was removed from.
        let keptCases: [Item]
    }

    func list(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.viewOwnAccount, .account(userID: user.id))
        let items = req.context.memberships.map {
            ListView.Item(name: $0.name, href: SiteURL.collective(slug: $0.slug).path, role: req.t("role_\($0.role.rawValue)"))
        }
        let memberOf = req.context.memberships.map(\.collectiveID)
        var kept: [ListView.Item] = []
        for (file, _) in try await req.caseStore.casesKept(by: user.id, outside: memberOf) {
            guard let collective = try await CollectiveRecord.find(file.collectiveID, on: req.db) else { continue }
            let opened = DateFormatting(language: req.context.language).day(file.record.openedAt)
            kept.append(
                ListView.Item(
                    name: req.t("collectives_kept_case", ["collective": collective.name, "opened": opened]),
                    href: SiteURL.casePage(slug: collective.slug, caseID: file.id.uuidString, .home).path,
                    role: req.t("stage_\(file.stage.rawValue)")))
        }
        return try await req.page("pages/collectives", titleKey: "collectives_title", ListView(items: items, keptCases: kept))
    }

    struct HomeView: Encodable {
        struct Tool: Encodable {
            let label: String
            let href: String
            let description: String
        }
        let name: String
        let role: String
        let tools: [Tool]
        let leaveAction: String
        let accountHref: String
        let agreementHref: String?
    }

    func home(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .viewCollective)
        let collectiveID = try collective.requireID()
        let actor = req.context.actor
        var tools: [HomeView.Tool] = []
        func offer(_ action: AccessAction, _ key: String, _ url: SiteURL) {
            if req.may(action, in: collective) {
                tools.append(.init(label: req.t("tool_\(key)"), href: url.path, description: req.t("tool_\(key)_description")))
            }
        }
        offer(.openCase, "cases", .cases(slug: collective.slug))
        offer(.viewOwnWork, "needs_me", .needsMe(slug: collective.slug))
        offer(.viewProtocol, "protocol", .protocolHome(slug: collective.slug))
        offer(.viewAssembly, "assembly", .assembly(slug: collective.slug))
        offer(.viewDirectory, "directory", .directory(slug: collective.slug))
        offer(.editHelpPage, "help_page", .helpPageEdit(slug: collective.slug))
        offer(.viewMembers, "members", .members(slug: collective.slug))
        offer(.viewInvites, "invites", .invites(slug: collective.slug))
        offer(.editCollectiveSettings, "settings", .collectiveSettings(slug: collective.slug))
        let role = actor.role(in: collectiveID) ?? .member
        // Every member is asked to read and acknowledge the agreement of each adopted version.
        var agreementHref: String?
        if let adopted = try await ProtocolQueries(database: req.db, collectiveID: collectiveID).adopted(),
            let user = req.context.user,
            try await !AgreementService(database: req.db, now: req.now).hasAcknowledged(
                versionID: adopted.version.requireID(), userID: user.id)
        {
            agreementHref = SiteURL.protocolAgreement(slug: collective.slug).path
        }
        return try await req.page(
            "pages/collective", titleKey: "collective_title",
            HomeView(
                name: collective.name, role: req.t("role_\(role.rawValue)"), tools: tools,
                leaveAction: SiteURL.collectiveLeave(slug: collective.slug).path, accountHref: SiteURL.account.path,
                agreementHref: agreementHref))
    }

    func leave(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .viewCollective)
        let user = try req.requireUser()
        let collectiveID = try collective.requireID()
        try req.authorize(.leaveCollective, .membership(collectiveID: collectiveID, userID: user.id))
        guard let membership = try await MembershipQueries.find(userID: user.id, in: collectiveID, on: req.db) else {
            throw TejidoError.notFound
        }
        try await CollectiveService(database: req.db, now: req.now).remove(membership, keys: req.services.keys)
        return req.redirect(.collectives)
    }

    struct SettingsView: Encodable {
        let name: String
        let action: String
        let form: FormState
        let defaultExitURL: String
        let methods: [Choice]
        let saved: Bool
    }

    struct Choice: Encodable {
        let value: String
        let label: String
        let hint: String
        let checked: Bool
    }

    static func methods(_ req: Request, _ form: FormState) -> [Choice] {
        AssemblySettings.Method.allCases.map {
            Choice(
                value: $0.rawValue, label: req.t("assembly_method_\($0.rawValue)"),
                hint: req.t("assembly_method_\($0.rawValue)_hint"), checked: form.values["decision_method"] == $0.rawValue)
        }
    }

    func showSettings(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .editCollectiveSettings)
        let form = FormState(values: [
            "name": collective.name, "exit_url": collective.exitURL ?? "",
            "retention_days": String(collective.caseRetentionDays), "decision_method": collective.decisionMethod,
            "quorum_percent": String(collective.quorumPercent), "hide_positions": collective.hidePositions ? "1" : "",
        ])
        return try await req.page(
            "pages/settings", titleKey: "settings_title",
            SettingsView(
                name: collective.name, action: SiteURL.collectiveSettings(slug: collective.slug).path, form: form,
                defaultExitURL: req.services.config.defaultExitURL, methods: Self.methods(req, form),
                saved: req.query[String.self, at: "saved"] != nil))
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
            return try await req.page(
                "pages/settings", titleKey: "settings_title",
                SettingsView(
                    name: collective.name, action: SiteURL.collectiveSettings(slug: collective.slug).path, form: state,
                    defaultExitURL: req.services.config.defaultExitURL, methods: Self.methods(req, state), saved: false),
                status: .unprocessableEntity)
        }
        return req.redirect(to: SiteURL.collectiveSettings(slug: collective.slug).path + "?saved=1", redirectType: .normal)
    }
}
