import TejidoCore
import Vapor

/// Who belongs to a collective, their roles, and removing people.
struct MembersController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.membersPattern, use: list)
        routes.post(SiteURL.memberRolePattern, use: changeRole)
        routes.post(SiteURL.memberRemovePattern, use: remove)
    }

    struct MembersView: Encodable {
        struct Row: Encodable {
            let username: String
            let role: String
            let roleValue: String
            let joined: String
            let isSelf: Bool
            let roleAction: String
            let removeAction: String
        }
        struct RoleOption: Encodable {
            let value: String
            let label: String
        }
        let name: String
        let rows: [Row]
        let canManage: Bool
        let roles: [RoleOption]
        let problem: String?
        let notice: String?
    }

    func list(_ req: Request) async throws -> Response {
        let notice = req.query[String.self, at: "notice"] == "removed" ? req.t("notice_member_removed") : nil
        return try await render(req, collective: try await req.collective(for: .viewMembers), notice: notice)
    }

    private func render(
        _ req: Request, collective: CollectiveRecord, problem: String? = nil, notice: String? = nil,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let collectiveID = try collective.requireID()
        let members = try await CollectiveService(database: req.db, now: req.now).members(of: collectiveID)
        let canManage = AccessPolicy.decide(req.context.actor, .changeMemberRole, .collective(id: collectiveID)).isAllowed
        let dates = DateFormatting(language: req.context.language)
        let rows = try members.map { member in
            let id = try member.requireID().uuidString
            return MembersView.Row(
                username: member.user.username, role: req.t("role_\(member.role.rawValue)"), roleValue: member.role.rawValue,
                joined: dates.day(member.joinedAt), isSelf: member.$user.id == req.context.user?.id,
                roleAction: SiteURL.memberRole(slug: collective.slug, membershipID: id).path,
                removeAction: SiteURL.memberRemove(slug: collective.slug, membershipID: id).path)
        }
        let roles = CollectiveRole.allCases.map {
            MembersView.RoleOption(value: $0.rawValue, label: req.t("role_\($0.rawValue)"))
        }
        return try await req.page(
            "pages/members", titleKey: "members_title",
            MembersView(
                name: collective.name, rows: rows, canManage: canManage, roles: roles, problem: problem, notice: notice),
            status: status)
    }

    struct RoleForm: Content, EmptyInitializable {
        var role: String?
    }

    func changeRole(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .viewMembers)
        let membership = try await req.membership(in: collective, for: .changeMemberRole)
        guard let role = req.form(RoleForm.self).role.flatMap(CollectiveRole.init(rawValue:)) else {
            return try await render(
                req, collective: collective, problem: req.t("error_role_unknown"), status: .unprocessableEntity)
        }
        do {
            try await CollectiveService(database: req.db, now: req.now).changeRole(membership, to: role)
        } catch TejidoError.conflict(let key) {
            return try await render(req, collective: collective, problem: req.t(key), status: .conflict)
        }
        return req.redirect(.members(slug: collective.slug))
    }

    struct RemoveForm: Content, EmptyInitializable {
        var confirm: String?
    }

    /// Removing someone takes effect at once, so the first press only asks; the second removes.
    func remove(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .viewMembers)
        let membership = try await req.membership(in: collective, for: .removeMember)
        guard req.form(RemoveForm.self).confirm == "yes" else {
            let values = ["name": membership.user.username, "collective": collective.name]
            return try await req.page(
                "pages/confirm", titleKey: "members_title",
                ConfirmView(
                    heading: req.t("members_remove_confirm_heading", values), text: req.t("members_remove_confirm_text", values),
                    action: req.url.path, confirmLabel: req.t("members_remove_confirm_submit"),
                    cancelHref: SiteURL.members(slug: collective.slug).path))
        }
        do {
            try await CollectiveService(database: req.db, now: req.now).remove(membership)
        } catch TejidoError.conflict(let key) {
            return try await render(req, collective: collective, problem: req.t(key), status: .conflict)
        }
        return req.redirect(to: SiteURL.members(slug: collective.slug).path + "?notice=removed", redirectType: .normal)
    }
}

/// A question before an action that cannot be undone.
struct ConfirmView: Encodable {
    let heading: String
    let text: String
    let action: String
    let confirmLabel: String
    let cancelHref: String
}
