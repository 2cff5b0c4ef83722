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

    func list(_ req: Request) async throws -> Response {
        let notice = req.query[String.self, at: "notice"] == "removed" ? "notice_member_removed" : nil
        return try await render(req, collective: try await req.collective(for: .viewMembers), noticeKey: notice)
    }

    private func render(
        _ req: Request, collective: CollectiveRecord, problemKey: String? = nil, noticeKey: String? = nil,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let collectiveID = try collective.requireID()
        let members = try await CollectiveService(database: req.db, now: req.now).members(of: collectiveID)
        let canManage = AccessPolicy.decide(req.context.actor, .changeMemberRole, .collective(id: collectiveID)).isAllowed
        let waiting =
            canManage
            ? try await CollectiveKeys(database: req.db, keys: req.services.keys).waitingForRestore(collectiveID) : []
        let removals = try await canManage ? MemberRemovals.all(in: collectiveID, on: req.db) : []
        let page = try MembersPage.build(
            collective: collective, members: members, me: req.context.user?.id, canManage: canManage, waiting: Set(waiting),
            removals: removals.map {
                (
                    $0.user?.username, $0.at, $0.removedBy?.username,
                    MemberRemovals.reason($0, keys: req.services.removalKeys) ?? ""
                )
            }, problemKey: problemKey, noticeKey: noticeKey, req.pageContext)
        return req.page(page, titleKey: "members_title", status: status)
    }

    struct RoleForm: Content, EmptyInitializable {
        var role: String?
    }

    func changeRole(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .viewMembers)
        let membership = try await req.membership(in: collective, for: .changeMemberRole)
        guard let role = req.form(RoleForm.self).role.flatMap(CollectiveRole.init(rawValue:)) else {
            return try await render(
                req, collective: collective, problemKey: "error_role_unknown", status: .unprocessableEntity)
        }
        do {
            try await CollectiveService(database: req.db, now: req.now).changeRole(membership, to: role)
        } catch TejidoError.conflict(let key) {
            return try await render(req, collective: collective, problemKey: key, status: .conflict)
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
            return try await render(req, collective: collective, problemKey: key, status: .conflict)
        }
        return req.redirect(to: SiteURL.members(slug: collective.slug).path + "?notice=removed", redirectType: .normal)
    }

    private func removalPage(
        _ req: Request, _ collective: CollectiveRecord, _ membership: MembershipRecord, form: FormState,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let document = try await ProtocolQueries(database: req.db, collectiveID: collective.requireID()).adopted()?.version
            .document()
        let page = MemberRemovePage.build(
            collective: collective, username: membership.user.username, document: document, action: req.url.path, form: form,
            req.pageContext)
        return req.page(page, titleKey: "members_title", status: status)
    }
}
