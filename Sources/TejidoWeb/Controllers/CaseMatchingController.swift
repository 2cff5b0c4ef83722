import Foundation
import TejidoCore
import Vapor

/// Repeat-harm matching inside a case (issue 19): the person harmed's side files an entry naming
/// the person who harmed — with her recorded consent, once a care-team facilitator of the case
/// vouched for it — and withdraws it; only the case's care-team facilitators hear of a match.
struct CaseMatchingController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.casePattern(.matching), use: show)
        routes.post(SiteURL.casePattern(.matching), use: file)
        routes.post(SiteURL.casePattern(.matchingVouch), use: vouch)
        routes.post(SiteURL.casePattern(.matchingWithdraw(.placeholder(.itemID))), use: withdraw)
        routes.post(SiteURL.casePattern(.matchingAgree(.placeholder(.itemID))), use: agree)
        routes.post(SiteURL.casePattern(.matchingNote(.placeholder(.itemID))), use: note)
        routes.post(SiteURL.casePattern(.matchingTakeBack(.placeholder(.itemID))), use: takeBack)
        // A page shown again at one of these addresses (a problem) may be reloaded or gone back to.
        let placeholder = String.placeholder(.itemID)
        for page in [CasePage.matchingAgree(placeholder), .matchingNote(placeholder), .matchingTakeBack(placeholder)] {
            routes.get(SiteURL.casePattern(page)) { req async throws -> Response in
                let context = try await req.caseContext(for: .viewCaseMatching)
                return req.redirect(context.url(.matching))
            }
        }
    }

    private func entries(_ req: Request) -> MatchingEntries {
        MatchingEntries(database: req.db, keys: req.services.keys, now: req.now)
    }

    private func contacts(_ req: Request) -> MatchContacts {
        MatchContacts(database: req.db, keys: req.services.keys, now: req.now)
    }

    private func render(
        _ req: Request, _ context: CaseContext, form: FormState, status: HTTPStatus = .ok
    ) async throws
        -> Response
    {
        let known = try await MatchingCircles(database: req.db, keys: req.services.keys, now: req.now)
            .all(in: context.file.collectiveID)
        let circles = known.filter { $0.state == .active && $0.manifest != nil }
        let consent = context.file.consentStands(.matching, now: req.now)
        let vouch = try await entries(req).unusedVouch(context.file)
        let entries = try await entries(req).entries(context.file)
        // What the care teams wrote each other is read only by whom the match is told to.
        let contacts =
            req.may(.viewCaseMatches, in: context)
            ? try await contacts(req).views(context.file, records: entries.flatMap { $0.matches.map(\.recordID) }) : [:]
        let page = CaseMatchingPage.build(
            entries: entries, contacts: contacts, circles: circles,
            rekeyed: Set(known.filter { $0.state != .ended && ($0.manifest?.keysVersion ?? 1) > 1 }.map(\.id)), consent: consent,
            vouched: vouch != nil,
            keptInCollective: context.file.wishes.limits.contains(.keepInCollective),
            openedBy: MatchingEntries.filedFor(context.file)?.name, now: req.now, may: { req.may($0, in: context) },
            links: context.links, form: form, req.pageContext)
        return req.page(page, titleKey: "case_matching_title", status: status)
    }

    func show(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .viewCaseMatching, logging: .viewed)
        return try await render(req, context, form: .empty)
    }

    func vouch(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .vouchMatchingEntry)
        try await entries(req).vouch(context.file, by: context.userID, service: req.caseService)
        return req.redirect(context.url(.matching))
    }

    /// The identifiers the form holds, each only if something was typed for it.
    static func identifiers(_ form: [String: String]) -> [MatchingIdentifier] {
        func given(_ key: String) -> String? {
            let value = form[key]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            return value.isEmpty ? nil : value
        }
        var out: [MatchingIdentifier] = []
        if let email = given("email") { out.append(.email(email)) }
        if let phone = given("phone") { out.append(.phone(phone, country: form["phone_country"] ?? "")) }
        if let handle = given("handle") {
            out.append(.handle(handle, platform: MatchingIdentifier.Platform(rawValue: form["platform"] ?? "") ?? .other))
        }
        if let name = given("name") { out.append(.name(name, yearOfBirth: Int(form["year"] ?? "") ?? 0)) }
        return out
    }

    /// Each identifier's problem, on its own field, before anything is sent anywhere.
    static func problems(_ form: [String: String], now: Date) -> [FieldProblem] {
        let year = Calendar(identifier: .gregorian).component(.year, from: now)
        var problems: [FieldProblem] = []
        for identifier in identifiers(form) {
            do { _ = try identifier.canonical(currentYear: year) } catch {
                let field =
                    switch (identifier, error) {
                    case (.phone, .country): "phone_country"
                    case (.name, .year): "year"
                    case (.email, _): "email"
                    case (.phone, _): "phone"
                    case (.handle, _): "handle"
                    case (.name, _): "name"
                    }
                problems.append(FieldProblem(field: field, messageKey: error.rawValue))
            }
        }
        return problems
    }

    func file(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .fileMatchingEntry)
        let form = req.plainForm()
        do {
            try Self.problems(form, now: req.now).throwIfAny()
            let circles = try await MatchingCircles(database: req.db, keys: req.services.keys, now: req.now)
                .active(in: context.file.collectiveID)
            guard let circle = circles.first(where: { $0.id.text == form["circle"] }) ?? (circles.count == 1 ? circles[0] : nil)
            else { throw MatchingEntries.problem("matching_error_no_circle", field: "circle") }
            try await entries(req).file(
                context.file, identifiers: Self.identifiers(form), threshold: Int(form["threshold"] ?? "2") ?? 0, circle: circle,
                http: req.application.http.client.shared, by: context.userID, service: req.caseService)
        } catch TejidoError.invalid(let problems) {
            // What was typed is shown again, so trying again is one press; it was never stored.
            return try await render(
                req, context, form: FormState(values: form, problems: problems, request: req), status: .unprocessableEntity)
        }
        req.application.peerDelivery.kick()
        return req.redirect(context.url(.matching))
    }

    /// After a match: a care-team facilitator records that she agrees to put the care teams in
    /// touch, ticking a box that says she was asked.
    func agree(_ req: Request) async throws -> Response {
        try await actOnMatch(req) { context, record, form in
            guard form["agrees"] == "yes" else { throw MatchingEntries.problem("matching_agree_missing", field: "agrees") }
            try await contacts(req).agree(context.file, record: record, by: context.userID)
        }
    }

    /// She no longer agrees: this side leaves the match's contact, and the others are told.
    /// Hers at any time, paused or not, as revoking a consent is: whoever is told of the match records it.
    func takeBack(_ req: Request) async throws -> Response {
        try await actOnMatch(req, .viewCaseMatches) { context, record, _ in
            try await contacts(req).takeBack(context.file, record: record)
        }
    }

    /// A note to the other care teams in touch; what was typed comes back if it cannot go.
    func note(_ req: Request) async throws -> Response {
        try await actOnMatch(req) { context, record, form in
            try await contacts(req).write(context.file, record: record, text: form["note"] ?? "", by: context.userID)
        }
    }

    /// A care-team facilitator's act on one matched record: on a problem, the page again with it
    /// beside that match's form and what was typed kept.
    private func actOnMatch(
        _ req: Request, _ action: AccessAction = .contactMatchedCareTeam,
        _ act: (CaseContext, UUID, [String: String]) async throws -> Void
    ) async throws -> Response {
        let context = try await req.caseContext(for: action)
        let record = try req.uuidParameter(.itemID)
        let form = req.plainForm()
        do {
            try await act(context, record, form)
        } catch TejidoError.invalid(let problems) {
            // Each field is named for its match, so the summary at the top links to the right one.
            let named = problems.map { FieldProblem(field: "\($0.field)-\(record.text)", messageKey: $0.messageKey) }
            return try await render(
                req, context,
                form: FormState(values: form.merging(["record": record.text]) { _, b in b }, problems: named, request: req),
                status: .unprocessableEntity)
        }
        req.application.peerDelivery.kick()
        return req.redirect(context.url(.matching))
    }

    /// Taking an entry back is hers at any time, paused or not, as revoking a consent is.
    func withdraw(_ req: Request) async throws -> Response {
        let context = try await req.caseContext(for: .manageCaseConsents)
        let id = try req.uuidParameter(.itemID)
        let entries = entries(req)
        let service = req.caseService
        try await service.commit(context.file, .withdrewMatchingEntry, by: context.userID) { db in
            guard try await entries.withdraw(context.file, only: id, on: db) > 0 else { throw TejidoError.notFound }
        }
        req.application.peerDelivery.kick()
        return req.redirect(context.url(.matching))
    }
}
