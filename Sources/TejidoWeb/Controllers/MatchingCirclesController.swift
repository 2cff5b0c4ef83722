import Foundation
import TejidoCore
import Vapor

/// A collective's matching circles (issue 19), for its admins: proposing one among connected
/// collectives, joining or declining one proposed to it, leaving one, and — for a key holder —
/// how many evaluations each member asked for today.
struct MatchingCirclesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.network(slug: .placeholder(.slug), .matching), use: list)
        routes.post(SiteURL.network(slug: .placeholder(.slug), .matching), use: propose)
        routes.post(NetworkPath.pattern(NetworkPath.circleAnswer), use: answer)
        routes.get(NetworkPath.pattern(NetworkPath.circleLeave), use: confirmLeave)
        routes.post(NetworkPath.pattern(NetworkPath.circleLeave), use: leave)
        routes.post(NetworkPath.pattern(NetworkPath.circleInvite), use: invite)
        routes.post(NetworkPath.pattern(NetworkPath.circleChange), use: decide)
        routes.get(NetworkPath.pattern(NetworkPath.circleInvite), use: back)
        routes.get(NetworkPath.pattern(NetworkPath.circleChange), use: back)
        routes.get(NetworkPath.pattern(NetworkPath.circleAnswer), use: back)
        routes.get(NetworkPath.pattern(NetworkPath.circleReplaceKey), use: confirmReplaceKey)
        routes.post(NetworkPath.pattern(NetworkPath.circleReplaceKey), use: replaceKey)
    }

    private func store(_ req: Request) -> MatchingCircles {
        MatchingCircles(database: req.db, keys: req.services.keys, now: req.now)
    }

    /// The role a form's select names.
    static func roles(_ value: String?) -> [CircleManifest.Role]? {
        switch value {
        case "member": []
        case "key_holder": [.keyHolder]
        case "board": [.board]
        default: nil
        }
    }

    private func render(
        _ req: Request, _ collective: CollectiveRecord, form: FormState, status: HTTPStatus = .ok
    ) async throws
        -> Response
    {
        let collectiveID = try collective.requireID()
        let store = store(req)
        let connections = try await PeerConnections(database: req.db, keys: req.services.keys, now: req.now).all(in: collectiveID)
        var counts: [UUID: [UUID: Int]] = [:]
        var waiting: [UUID: [String]] = [:]
        for circle in try await store.all(in: collectiveID) where circle.isFounder {
            waiting[circle.id] = try await store.waitingFor(circle)
        }
        for circle in try await store.all(in: collectiveID)
        where circle.state == .active && circle.roles(of: store.ownFingerprint).contains(.keyHolder) {
            counts[circle.id] = try await KeyHolderCounts(database: req.db, now: req.now).today(circle: circle.id)
        }
        let page = MatchingCirclesPage.build(
            slug: collective.slug, circles: try await store.all(in: collectiveID), own: store.ownFingerprint,
            connections: connections, counts: counts, waiting: waiting, form: form, req.pageContext)
        return req.page(page, titleKey: "matching_circles_title", status: status)
    }

    func list(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .viewMatchingCircles)
        return try await render(req, collective, form: .empty)
    }

    func propose(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .manageMatchingCircles)
        let collectiveID = try collective.requireID()
        let form = req.plainForm()
        let connections = try await PeerConnections(database: req.db, keys: req.services.keys, now: req.now).all(in: collectiveID)
        var chosen: [(PeerConnection, [CircleManifest.Role])] = []
        for connection in connections {
            if let roles = Self.roles(form["role_\(connection.id.text)"]) { chosen.append((connection, roles)) }
        }
        do {
            _ = try await store(req).propose(
                name: form["name"] ?? "", collectiveID: collectiveID, ownRoles: Self.roles(form["own_role"]) ?? [],
                chosen: chosen)
        } catch TejidoError.invalid(let problems) {
            return try await render(
                req, collective, form: FormState(values: form, problems: problems, request: req), status: .unprocessableEntity)
        }
        req.application.peerDelivery.kick()
        return req.redirect(to: SiteURL.network(slug: collective.slug, .matching).path, redirectType: .normal)
    }

    /// Runs an admin's act on a circle, then goes back to the circles page. An act the circle has
    /// moved past since the page was read (another member answered, the founder withdrew) shows
    /// that page as it stands now, saying nothing was done, rather than a dead end.
    private func act(
        _ req: Request, _ collective: CollectiveRecord, _ circle: MatchingCircle,
        _ act: @escaping @Sendable (MatchingCircles, MatchingCircle) async throws -> Void
    ) async throws -> Response {
        let store = store(req)
        do {
            try await Self.fresh(circle, store) { try await act(store, $0) }
        } catch TejidoError.conflict(let key) {
            let problem = FieldProblem(field: "form", messageKey: key)
            return try await render(
                req, collective, form: FormState(values: [:], problems: [problem], request: req), status: .conflict)
        }
        req.application.peerDelivery.kick()
        return req.redirect(to: SiteURL.network(slug: collective.slug, .matching).path, redirectType: .normal)
    }

    /// Runs an admin's act on the circle as it is inside the gate: an answer from another member
    /// may have changed it since the page read it.
    static func fresh(
        _ circle: MatchingCircle, _ store: MatchingCircles, _ act: @escaping @Sendable (MatchingCircle) async throws -> Void
    ) async throws {
        try await MatchingGate.shared.run {
            guard let fresh = try await store.find(circle.id, in: circle.record.collectiveID) else { throw TejidoError.notFound }
            try await act(fresh)
        }
    }

    private func circle(_ req: Request, _ collective: CollectiveRecord) async throws -> MatchingCircle {
        guard let circle = try await store(req).find(try req.uuidParameter(.itemID), in: try collective.requireID()) else {
            throw TejidoError.notFound
        }
        return circle
    }

    func answer(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .manageMatchingCircles)
        let circle = try await circle(req, collective)
        let form = req.plainForm()
        let join = form["answer"] == "join"
        // Declining ends the circle for everyone: asked once more (the confirmation posts back here).
        if !join, form["confirm"] != "yes" {
            let page = ConfirmPage(
                heading: req.t("matching_decline_heading", ["name": circle.name]),
                // Invited into a running circle, declining ends only this invitation.
                text: req.t(circle.proposal.version > 1 ? "matching_decline_running_text" : "matching_decline_text"),
                action: SiteURL.network(slug: collective.slug, .circleAnswer(circle.id.text)).path,
                confirmLabel: req.t("matching_decline"), cancelHref: SiteURL.network(slug: collective.slug, .matching).path)
            return req.page(page, titleKey: "matching_circles_title")
        }
        return try await act(req, collective, circle) { try await $0.answer($1, join: join) }
    }

    /// An act's address opened (a reload after an error, or a link): the circles page.
    func back(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .viewMatchingCircles)
        return req.redirect(to: SiteURL.network(slug: collective.slug, .matching).path, redirectType: .normal)
    }

    /// The founder's admins invite one more paired collective; every member's admins are asked.
    func invite(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .manageMatchingCircles)
        let collectiveID = try collective.requireID()
        let circle = try await circle(req, collective)
        let form = req.plainForm()
        let field = MatchingCirclesPage.inviteField(circle.id.text)
        let connection = try await PeerConnections(database: req.db, keys: req.services.keys, now: req.now)
            .all(in: collectiveID).first { $0.id.text == form[field]?.uppercased() }
        do {
            guard let connection else {
                throw TejidoError.invalid([FieldProblem(field: field, messageKey: "matching_error_invite")])
            }
            return try await act(req, collective, circle) { try await $0.invite($1, connection: connection, field: field) }
        } catch TejidoError.invalid(let problems) {
            return try await render(
                req, collective, form: FormState(values: form, problems: problems, request: req), status: .unprocessableEntity)
        }
    }

    /// A member's admins agree to a collective joining the circle, or refuse it; the founder's
    /// admins may withdraw the invitation while it is being agreed.
    func decide(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .manageMatchingCircles)
        let circle = try await circle(req, collective)
        let form = req.plainForm()
        let answer = form["answer"]
        guard ["agree", "refuse", "withdraw"].contains(answer) else {
            return req.redirect(to: SiteURL.network(slug: collective.slug, .matching).path, redirectType: .normal)
        }
        return try await act(req, collective, circle) { store, fresh in
            if answer == "withdraw" {
                try await store.withdrawInvitation(fresh)
            } else {
                try await store.decide(fresh, agree: answer == "agree", asked: form["next"])
            }
        }
    }

    /// Leaving is asked once more, as deleting a case is: the page says whether the circle goes on
    /// without this collective or ends for everyone.
    func confirmLeave(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .manageMatchingCircles)
        let circle = try await circle(req, collective)
        guard circle.state != .ended else {
            return req.redirect(to: SiteURL.network(slug: collective.slug, .matching).path, redirectType: .normal)
        }
        let goesOn = circle.state == .active && circle.manifest?.removing(store(req).ownFingerprint) != nil
        // Invited into a running circle and not in it yet: leaving is not joining.
        let notIn = circle.state != .active && circle.proposal.version > 1
        let page = ConfirmPage(
            heading: req.t("matching_leave_heading", ["name": circle.name]),
            text: req.t(notIn ? "matching_leave_invited_text" : goesOn ? "matching_leave_goes_on_text" : "matching_leave_text"),
            action: SiteURL.network(slug: collective.slug, .circleLeave(circle.id.text)).path,
            confirmLabel: req.t("matching_leave"), cancelHref: SiteURL.network(slug: collective.slug, .matching).path)
        return req.page(page, titleKey: "matching_circles_title")
    }

    func leave(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .manageMatchingCircles)
        guard req.plainForm()["confirm"] == "yes" else {
            return req.redirect(to: SiteURL.network(slug: collective.slug, .matching).path, redirectType: .normal)
        }
        return try await act(req, collective, try await circle(req, collective)) { try await $0.leave($1) }
    }

    /// Replacing this collective's key makes every entry in the circle be made again: asked once more.
    func confirmReplaceKey(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .manageMatchingCircles)
        let circle = try await circle(req, collective)
        let back = SiteURL.network(slug: collective.slug, .matching).path
        guard circle.state == .active else { return req.redirect(to: back, redirectType: .normal) }
        let page = ConfirmPage(
            heading: req.t("matching_replace_key_heading", ["name": circle.name]), text: req.t("matching_replace_key_text"),
            action: SiteURL.network(slug: collective.slug, .circleReplaceKey(circle.id.text)).path,
            confirmLabel: req.t("matching_replace_key"), cancelHref: back)
        return req.page(page, titleKey: "matching_circles_title")
    }

    func replaceKey(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .manageMatchingCircles)
        let back = SiteURL.network(slug: collective.slug, .matching).path
        guard req.plainForm()["confirm"] == "yes" else { return req.redirect(to: back, redirectType: .normal) }
        return try await act(req, collective, try await circle(req, collective)) { try await $0.replaceKey($1) }
    }
}
