import TejidoCore
import Vapor

/// Who belongs to a collective, their roles, and removing people.
struct MembersController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.membersPattern, use: list)
        routes.post(SiteURL.memberRolePattern, use: changeRole)
        routes.post(SiteURL.memberRemovePattern, use: remove)
        routes.post(SiteURL.memberRestoreKeyPattern, use: restoreKey)
    }

    /// An admin gives a member whose own key changed (a new passphrase set by the operator) the
    /// collective's key again, so they read the assembly's items from cases once more.
    func restoreKey(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .viewMembers)
        let membership = try await req.membership(in: collective, for: .changeMemberRole)
        try await CollectiveKeys(database: req.db, keys: req.services.keys)
            .restore(try collective.requireID(), to: membership.$user.id, by: req.context.opener)
        return req.redirect(.members(slug: collective.slug))
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
            /// Their wrap of the collective's key is for a key they no longer hold.
            let restoreAction: String?
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
        /// People removed by an admin, with when, by whom and why; for admins only.
        let removals: [Removal]

        struct Removal: Encodable {
            let name: String
            let when: String
            let by: String
            let reason: String
        }
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
        let waiting =
            canManage
            ? try await CollectiveKeys(database: req.db, keys: req.services.keys).waitingForRestore(collectiveID) : []
        let rows = try members.map { member in
            let id = try member.requireID().uuidString
            return MembersView.Row(
                username: member.user.username, role: req.t("role_\(member.role.rawValue)"), roleValue: member.role.rawValue,
                joined: dates.day(member.joinedAt), isSelf: member.$user.id == req.context.user?.id,
                roleAction: SiteURL.memberRole(slug: collective.slug, membershipID: id).path,
                removeAction: SiteURL.memberRemove(slug: collective.slug, membershipID: id).path,
                restoreAction: waiting.contains(member.$user.id) && member.$user.id != req.context.user?.id
                    ? SiteURL.memberRestoreKey(slug: collective.slug, membershipID: id).path : nil)
        }
        let roles = CollectiveRole.allCases.map {
            MembersView.RoleOption(value: $0.rawValue, label: req.t("role_\($0.rawValue)"))
        }
        let removals = try await canManage ? MemberRemovals.all(in: collectiveID, on: req.db) : []
        let gone = req.t("case_log_someone_gone")
        return try await req.page(
            "pages/members", titleKey: "members_title",
            MembersView(
                name: collective.name, rows: rows, canManage: canManage, roles: roles, problem: problem, notice: notice,
                removals: removals.map {
                    MembersView.Removal(
                        name: $0.user?.username ?? gone, when: dates.day($0.at), by: $0.removedBy?.username ?? gone,
                        reason: MemberRemovals.reason($0, keys: req.services.removalKeys) ?? "")
                }),
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
        var reason: String?
    }

    /// Removing someone is an expulsion in all but name: the page shows what the protocol says
    /// about when someone stops belonging (and which harms it reserves expulsion for the assembly),
    /// and asks for the reason, which is kept. Nothing happens until the reason is given.
    func remove(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .viewMembers)
        let membership = try await req.membership(in: collective, for: .removeMember)
        let form = req.form(RemoveForm.self)
        guard form.confirm == "yes" else { return try await removalPage(req, collective, membership, form: .empty) }
        let admin = try req.requireUser()
        do {
            try await CollectiveService(database: req.db, now: req.now).remove(
                membership, keys: req.services.keys, removal: (admin.id, form.reason ?? "", req.services.removalKey))
        } catch TejidoError.invalid(let problems) {
            return try await removalPage(
                req, collective, membership,
                form: FormState(values: ["reason": form.reason ?? ""], problems: problems, request: req),
                status: .unprocessableEntity)
        } catch TejidoError.conflict(let key) {
            return try await render(req, collective: collective, problem: req.t(key), status: .conflict)
        }
        return req.redirect(to: SiteURL.members(slug: collective.slug).path + "?notice=removed", redirectType: .normal)
    }

    struct RemovalView: Encodable {
        let heading: String
        let action: String
        let confirmLabel: String
        let cancelHref: String
        let leavingRule: String?
        /// Harm types whose protocol reserves expulsion to an assembly decision.
        let needsAssembly: [String]
        let assemblyHref: String
        let form: FormState
    }

    private func removalPage(
        _ req: Request, _ collective: CollectiveRecord, _ membership: MembershipRecord, form: FormState,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let values = ["name": membership.user.username, "collective": collective.name]
        let language = req.context.language
        let document = try await ProtocolQueries(database: req.db, collectiveID: collective.requireID()).adopted()?.version
            .document()
        let needsAssembly = (document?.harmTypes ?? []).filter { harm in
            harm.levels.contains { $0.responses.needsAssembly.contains(.expulsion) }
        }.map { $0.name.text(in: language, fallbacks: document?.languages ?? Language.allCases) }
        return try await req.page(
            "pages/member-remove", titleKey: "members_title",
            RemovalView(
                heading: req.t("members_remove_confirm_heading", values), action: req.url.path,
                confirmLabel: req.t("members_remove_confirm_submit"), cancelHref: SiteURL.members(slug: collective.slug).path,
                leavingRule: document.map { $0.leavingRule.text(in: language) }, needsAssembly: needsAssembly,
                assemblyHref: SiteURL.assembly(slug: collective.slug).path, form: form),
            status: status)
    }
}
