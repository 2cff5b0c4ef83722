import Fluent
import TejidoCore
import Vapor

/// One agenda item: reading it, taking a position, putting it on a meeting's agenda, and
/// closing its decision.
struct AssemblyDecisionController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.assemblyItem(slug: ":slug", itemID: ":itemID"), use: show)
        routes.post(SiteURL.assemblyPosition(slug: ":slug", itemID: ":itemID"), use: take)
        routes.post(SiteURL.assemblySchedule(slug: ":slug", itemID: ":itemID"), use: schedule)
        routes.get(SiteURL.assemblyClose(slug: ":slug", itemID: ":itemID"), use: confirmClose)
        routes.post(SiteURL.assemblyClose(slug: ":slug", itemID: ":itemID"), use: close)
    }

    private func entry(_ req: Request, _ collective: CollectiveRecord) async throws -> AgendaEntry {
        let id = try req.uuidParameter(SiteURL.agendaItemParameter)
        guard let entry = try await req.assemblyQueries(collective).entry(id) else { throw TejidoError.notFound }
        return entry
    }

    struct ItemView: Encodable {
        struct Choice: Encodable {
            let value: String
            let label: String
            let hint: String
            let checked: Bool
        }
        struct Stand: Encodable {
            let who: String
            let position: String
            let reason: String?
        }
        struct MeetingChoice: Encodable {
            let value: String
            let label: String
            let selected: Bool
        }
        let row: AgendaRow
        let text: String?
        /// The response an item from a case asks the assembly to decide on, if any.
        let asks: String?
        /// For a protocol adoption: the version put to the assembly, and what changed.
        let versionHref: String?
        let diffHref: String?
        let method: String
        let methodHint: String
        let reasonLabel: String
        let reasonHint: String
        let quorum: String
        let taken: String
        /// Shown once closed, or while open when the collective does not hide positions.
        let stands: [Stand]?
        let mine: String?
        let choices: [Choice]
        let positionAction: String?
        let scheduleAction: String?
        let meetings: [MeetingChoice]
        let closeAction: String?
        /// The care team sees, instead of a button that would be refused, that an admin closes this.
        let adminCloses: Bool
        let form: FormState
        let backHref: String
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
        let row = AgendaRow.rows(req, collective, [entry], meetings: meetings)[0]
        let settings = collective.assemblySettings
        let members = try await queries.memberCount()
        let tally = Tally([], members: members, settings: settings)
        let mine = entry.position(of: user.id)
        let checked = form.values["position"] ?? mine?.position
        var stands: [ItemView.Stand]?
        // A withdrawn item shows nobody's position: its positions are gone, and hidden ones stay hidden.
        if !entry.isWithdrawn, !entry.isOpen || !settings.hidePositions {
            let names = try await UserQueries.usernames(entry.positions.map(\.userID), on: req.db)
            stands = entry.positions.map {
                ItemView.Stand(
                    who: names[$0.userID] ?? req.t("former_member"), position: req.t("position_\($0.position)"),
                    reason: $0.reason)
            }
        }
        let slug = collective.slug
        let itemID = entry.id.uuidString
        let manage = req.may(.manageAssembly, in: collective)
        var formState = form
        if formState.values["reason"] == nil, let reason = mine?.reason { formState.values["reason"] = reason }
        // Closing a protocol adoption adopts the protocol: only admins may, so only they are offered it.
        let collectiveID = try collective.requireID()
        let mayClose =
            manage
            && (entry.source != .protocolAdoption
                || AccessPolicy.decide(req.context.actor, .decideProtocolAdoption, .collective(id: collectiveID)).isAllowed)
        return try await req.page(
            "pages/assembly-item", titleKey: "assembly_item_title",
            ItemView(
                row: row,
                text: entry.source == .protocolAdoption
                    ? req.t("assembly_protocol_text") : entry.locked ? req.t("assembly_item_locked_text") : entry.words?.text,
                asks: entry.words?.asks.map { ProtocolVocabulary.name(of: $0, in: req.context.language) },
                versionHref: entry.protocolVersion.map { SiteURL.protocolVersion(slug: slug, number: "\($0)").path },
                diffHref: entry.protocolVersion.flatMap {
                    $0 > 1 ? SiteURL.protocolDiff(slug: slug).path + "?from=\($0 - 1)&to=\($0)" : nil
                },
                method: req.t("assembly_method_\(entry.method.rawValue)"),
                methodHint: req.t("assembly_method_\(entry.method.rawValue)_hint"),
                reasonLabel: req.t(entry.method == .consent ? "assembly_reason" : "assembly_reason_majority"),
                reasonHint: req.t(settings.hidePositions ? "assembly_reason_hint_hidden" : "assembly_reason_hint"),
                quorum: req.t("assembly_quorum_needs", ["count": "\(tally.quorum)", "members": "\(members)"]),
                taken: req.t("assembly_positions_taken", ["count": "\(entry.positions.count)"]),
                stands: stands, mine: mine.map { req.t("position_\($0.position)") },
                choices: Position.choices(for: entry.method).map {
                    .init(
                        value: $0.rawValue, label: req.t("position_\($0.rawValue)"), hint: req.t("position_\($0.rawValue)_hint"),
                        checked: checked == $0.rawValue)
                },
                positionAction: entry.isOpen ? SiteURL.assemblyPosition(slug: slug, itemID: itemID).path : nil,
                scheduleAction: manage && entry.isOpen ? SiteURL.assemblySchedule(slug: slug, itemID: itemID).path : nil,
                meetings: meetings.compactMap { meeting in
                    meeting.id.map {
                        .init(value: $0.uuidString, label: meeting.title, selected: entry.record.meetingID == $0)
                    }
                },
                closeAction: mayClose && entry.isOpen ? SiteURL.assemblyClose(slug: slug, itemID: itemID).path : nil,
                adminCloses: manage && !mayClose && entry.isOpen,
                form: formState, backHref: SiteURL.assembly(slug: slug).path), status: status)
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
        return req.redirect(.assemblyItem(slug: collective.slug, itemID: entry.id.uuidString))
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
        return req.redirect(.assemblyItem(slug: collective.slug, itemID: entry.id.uuidString))
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
        let itemHref = SiteURL.assemblyItem(slug: collective.slug, itemID: entry.id.uuidString).path
        var text = req.t("assembly_close_confirm_hidden")
        if !collective.assemblySettings.hidePositions {
            let tally = try await req.assemblyService.tally(entry, in: collective)
            text = req.t(
                "assembly_close_confirm_text",
                [
                    "outcome": req.t("assembly_outcome_\(AssemblyService.outcome(tally.result).rawValue)"),
                    "counts": AgendaRow.counts(req, tally, method: entry.method),
                ])
        }
        return req.page(
            ConfirmPage(
                heading: req.t("assembly_close_confirm_heading"), text: text,
                action: SiteURL.assemblyClose(slug: collective.slug, itemID: entry.id.uuidString).path,
                confirmLabel: req.t("assembly_close_submit"), cancelHref: itemHref), titleKey: "assembly_item_title")
    }

    func close(_ req: Request) async throws -> Response {
        let (collective, entry) = try await closable(req)
        let user = try req.requireUser()
        guard req.plainForm()["confirm"] == "yes" else {
            return req.redirect(.assemblyClose(slug: collective.slug, itemID: entry.id.uuidString))
        }
        _ = try await req.assemblyService.close(entry, in: collective, by: user.id)
        return req.redirect(.assemblyItem(slug: collective.slug, itemID: entry.id.uuidString))
    }
}
