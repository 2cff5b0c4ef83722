import Fluent
import TejidoCore
import Vapor

/// One agenda item: reading it, taking a position, putting it on a meeting's agenda, and
/// closing its decision.
struct AssemblyDecisionController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.assemblyItem(slug: .placeholder(.slug), itemID: .placeholder(.itemID)), use: show)
        routes.post(SiteURL.assemblyPosition(slug: .placeholder(.slug), itemID: .placeholder(.itemID)), use: take)
        routes.post(SiteURL.assemblySchedule(slug: .placeholder(.slug), itemID: .placeholder(.itemID)), use: schedule)
        routes.get(SiteURL.assemblyClose(slug: .placeholder(.slug), itemID: .placeholder(.itemID)), use: confirmClose)
        routes.post(SiteURL.assemblyClose(slug: .placeholder(.slug), itemID: .placeholder(.itemID)), use: close)
    }

    private func entry(_ req: Request, _ collective: CollectiveRecord) async throws -> AgendaEntry {
        let id = try req.uuidParameter(.itemID)
        guard let entry = try await req.assemblyQueries(collective).entry(id) else { throw TejidoError.notFound }
        return entry
    }

    func show(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .viewAssembly)
        return try await render(req, collective, try await entry(req, collective), FormState())
    }

    private func render(
        _ req: Request, _ collective: CollectiveRecord, _ entry: AgendaEntry, _ form: FormState, status: HTTPStatus = .ok
    ) async throws -> Response {
        let user = try req.requireUser()
        let queries = try req.assemblyQueries(collective)
        let meetings = try await queries.meetings()
        let p = req.pageContext
        let manage = req.may(.manageAssembly, in: collective)
        let collectiveID = try collective.requireID()
        // Closing a protocol adoption adopts the protocol: only admins may, so only they are offered it.
        let mayClose =
            manage
            && (entry.source != .protocolAdoption
                || AccessPolicy.decide(req.context.actor, .decideProtocolAdoption, .collective(id: collectiveID)).isAllowed)
        let page = AgendaItemPage.build(
            entry, row: AgendaRow.rows(p, slug: collective.slug, [entry], meetings: meetings)[0], slug: collective.slug,
            settings: collective.assemblySettings, members: try await queries.memberCount(), me: user.id,
            // Names are looked up only where positions are shown.
            names: entry.showsPositions(hidingWhileOpen: collective.assemblySettings.hidePositions)
                ? try await UserQueries(database: req.db).usernames(entry.positions.map(\.userID)) : [:],
            meetings: meetings.compactMap { meeting in meeting.id.map { ($0, meeting.title) } }, mayManage: manage,
            mayClose: mayClose, form: form, p)
        return req.page(page, titleKey: "assembly_item_title", status: status)
    }

    func take(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .takePosition)
        let user = try req.requireUser()
        let entry = try await entry(req, collective)
        let form = req.plainForm()
        do {
            try await req.assemblyService.take(form["position"] ?? "", reason: form["reason"] ?? "", on: entry, by: user.id)
        } catch TejidoError.invalid(let problems) {
            return try await render(
                req, collective, entry, FormState(values: form, problems: problems, request: req), status: .unprocessableEntity)
        }
        return req.redirect(.assemblyItem(slug: collective.slug, itemID: entry.id.text))
    }

    func schedule(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .manageAssembly)
        let entry = try await entry(req, collective)
        guard entry.isOpen else { throw TejidoError.conflict(messageKey: "error_decision_closed") }
        let chosen = req.plainForm()["meeting"] ?? ""
        var meeting: AssemblyMeetingRecord?
        if !chosen.isEmpty {
            // An unknown or foreign meeting id is a wrong form, not a way to learn what exists.
            guard let id = UUID(uuidString: chosen), let found = try await req.assemblyQueries(collective).meeting(id) else {
                throw TejidoError.notFound
            }
            meeting = found
        }
        try await req.assemblyService.schedule(entry, on: meeting)
        return req.redirect(.assemblyItem(slug: collective.slug, itemID: entry.id.text))
    }

    /// The open item a manager may close; a protocol adoption only by an admin, since closing
    /// it adopts the protocol.
    private func closable(_ req: Request) async throws -> (CollectiveRecord, AgendaEntry) {
        let collective = try await req.collective(for: .manageAssembly)
        let entry = try await entry(req, collective)
        if entry.source == .protocolAdoption {
            try req.authorize(.decideProtocolAdoption, .collective(id: collective.requireID()))
        }
        guard entry.isOpen else { throw TejidoError.conflict(messageKey: "error_decision_closed") }
        return (collective, entry)
    }

    /// Closing is final, so it is asked for twice, with what closing now would decide. While
    /// positions are hidden the count stays hidden here too: seeing it could tempt a well-timed close.
    func confirmClose(_ req: Request) async throws -> Response {
        let (collective, entry) = try await closable(req)
        let itemHref = SiteURL.assemblyItem(slug: collective.slug, itemID: entry.id.text).path
        var text = req.t("assembly_close_confirm_hidden")
        if !collective.assemblySettings.hidePositions {
            let tally = try await req.assemblyService.tally(entry, in: collective)
            text = req.t(
                "assembly_close_confirm_text",
                [
                    "outcome": req.t("assembly_outcome_\(AssemblyService.outcome(tally.result).rawValue)"),
                    "counts": AgendaRow.counts(req.pageContext, tally, method: entry.method),
                ])
        }
        return req.page(
            ConfirmPage(
                heading: req.t("assembly_close_confirm_heading"), text: text,
                action: SiteURL.assemblyClose(slug: collective.slug, itemID: entry.id.text).path,
                confirmLabel: req.t("assembly_close_submit"), cancelHref: itemHref), titleKey: "assembly_item_title")
    }

    func close(_ req: Request) async throws -> Response {
        let (collective, entry) = try await closable(req)
        let user = try req.requireUser()
        guard req.plainForm()["confirm"] == "yes" else {
            return req.redirect(.assemblyClose(slug: collective.slug, itemID: entry.id.text))
        }
        _ = try await req.assemblyService.close(entry, in: collective, by: user.id)
        return req.redirect(.assemblyItem(slug: collective.slug, itemID: entry.id.text))
    }
}
