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
    }

    func list(_ req: Request) async throws -> Response {
        try await render(req, collective: try await req.collective(for: .viewMembers))
    }

    private func render(
        _ req: Request, collective: CollectiveRecord, problem: String? = nil,
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
                name: collective.name, rows: rows, canManage: canManage, roles: roles, problem: problem), status: status)
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

    func remove(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .viewMembers)
        let membership = try await req.membership(in: collective, for: .removeMember)
        do {
            try await CollectiveService(database: req.db, now: req.now).remove(membership)
        } catch TejidoError.conflict(let key) {
            return try await render(req, collective: collective, problem: req.t(key), status: .conflict)
        }
        return req.redirect(.members(slug: collective.slug))
    }
}
