import Fluent
import TejidoCore
import Vapor

/// A collective's directory for its members: search, read, and — for the care team — add,
/// change, check and remove entries.
struct DirectoryController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.directoryPattern, use: list)
        routes.get(SiteURL.directoryNewPattern, use: showNew)
        routes.post(SiteURL.directoryNewPattern, use: create)
        routes.get(SiteURL.directoryEntryPattern, use: show)
        routes.get(SiteURL.directoryEntryEditPattern, use: showEdit)
        routes.post(SiteURL.directoryEntryEditPattern, use: update)
        routes.post(SiteURL.directoryEntryDeletePattern, use: delete)
        routes.post(SiteURL.directoryEntryVerifyPattern, use: verify)
    }

    func list(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .viewDirectory)
        let id = try collective.requireID()
        let slug = collective.slug
        let search = DirectorySearchForm.read(req)
        let page = try await DirectoryQueries(database: req.db).search(search, in: [id], audience: .members)
        let canEdit = req.may(.editDirectory, in: collective)
        let action = SiteURL.directory(slug: slug).path
        let offered = try await DirectoryQueries(database: req.db).languages(in: [collective.requireID()], audience: .members)
        let p = req.pageContext
        let ids = page.entries.compactMap(\.id)
        let shared =
            ids.isEmpty
            ? [] : Set(try await DirectoryShareRecord.query(on: req.db).filter(\.$id ~~ ids).all().compactMap(\.id))
        let cards = try page.entries.map { record in
            let entryID = try record.requireID().text
            var card = EntryCard(
                record, href: SiteURL.directoryEntry(slug: slug, entryID: entryID).path,
                editHref: canEdit ? SiteURL.directoryEntryEdit(slug: slug, entryID: entryID).path : nil, forMembers: true,
                now: req.now, staleMonths: req.services.config.directoryStaleMonths, p)
            card.shared = shared.contains(try record.requireID())
            return card
        }
        let form = DirectorySearchForm(search, action: action, offered: offered, p)
        let results = DirectoryResults(
            cards: cards, isSearch: form.isSearch,
            previousHref: search.page > 1 ? DirectorySearchForm.pageHref(action, search, page: search.page - 1) : nil,
            nextHref: page.hasMore ? DirectorySearchForm.pageHref(action, search, page: search.page + 1) : nil)
        // What connected collectives shared, labelled with where it comes from, on the first page.
        var peer: PeerDirectoryResults?
        if search.page == 1 {
            let limit = DirectorySearch.pageSize
            let records = try await PeerDirectory(database: req.db).search(search, in: id, limit: limit + 1)
            if !records.isEmpty {
                let connections = try await PeerConnections(database: req.db, keys: req.services.keys, now: req.now).all(in: id)
                peer = PeerDirectoryResults.build(
                    slug: slug, records: records,
                    names: Dictionary(connections.map { ($0.id, $0.details.name) }, uniquingKeysWith: { first, _ in first }),
                    limit: limit, mayCopy: req.may(.shareDirectoryEntries, in: collective), now: req.now,
                    staleMonths: req.services.config.directoryStaleMonths, p)
            }
        }
        return req.page(
            DirectoryPage.build(collective: collective, search: form, results: results, peer: peer, canEdit: canEdit, p),
            titleKey: "directory_title")
    }

    private func entry(_ req: Request, _ collective: CollectiveRecord) async throws -> DirectoryEntryRecord {
        let id = try req.uuidParameter(.entryID)
        guard let record = try await DirectoryQueries(database: req.db).find(id, in: collective.requireID()) else {
            throw TejidoError.notFound
        }
        return record
    }

    func show(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .viewDirectory)
        let record = try await entry(req, collective)
        let id = try record.requireID().text
        let canEdit = req.may(.editDirectory, in: collective)
        let slug = collective.slug
        let p = req.pageContext
        let shared = try await PeerDirectory(database: req.db).isShared(record.requireID())
        var page = DirectoryEntryPage(
            card: EntryCard(
                record, href: nil, editHref: canEdit ? SiteURL.directoryEntryEdit(slug: slug, entryID: id).path : nil,
                forMembers: true, now: req.now, staleMonths: req.services.config.directoryStaleMonths, p),
            backHref: SiteURL.directory(slug: slug).path,
            verifyAction: canEdit ? SiteURL.directoryEntryVerify(slug: slug, entryID: id).path : nil,
            deleteAction: canEdit ? SiteURL.directoryEntryDelete(slug: slug, entryID: id).path : nil)
        if req.may(.shareDirectoryEntries, in: collective) {
            let receivers = try await SharedData.receiving(.directory, collectiveID: collective.requireID(), on: req.db).count
            page.share = (SiteURL.shared(slug: slug, .shareEntry(id)).path, shared, receivers)
        }
        return req.page(page, titleKey: "directory_title")
    }

    func showNew(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .editDirectory)
        return try await EntryForm.render(req, collective, values: EntryForm.values(of: nil), action: req.url.path)
    }

    func create(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .editDirectory)
        let form = req.form(EntryForm.Fields.self)
        let user = try req.requireUser()
        do {
            let entry = try form.entry(now: req.now, verifier: user.username, previous: nil)
            let record = try await DirectoryService(database: req.db, now: req.now).create(entry, in: collective.requireID())
            return req.redirect(.directoryEntry(slug: collective.slug, entryID: try record.requireID().text))
        } catch TejidoError.invalid(let problems) {
            return try await EntryForm.render(req, collective, values: form.values, action: req.url.path, problems: problems)
        }
    }

    func showEdit(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .editDirectory)
        let record = try await entry(req, collective)
        return try await EntryForm.render(req, collective, values: EntryForm.values(of: record.entry), action: req.url.path)
    }

    func update(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .editDirectory)
        let record = try await entry(req, collective)
        let form = req.form(EntryForm.Fields.self)
        let user = try req.requireUser()
        do {
            let entry = try form.entry(now: req.now, verifier: user.username, previous: record.entry)
            try await DirectoryService(database: req.db, now: req.now).update(record, to: entry)
        } catch TejidoError.invalid(let problems) {
            return try await EntryForm.render(req, collective, values: form.values, action: req.url.path, problems: problems)
        }
        return req.redirect(.directoryEntry(slug: collective.slug, entryID: try record.requireID().text))
    }

    func verify(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .editDirectory)
        let record = try await entry(req, collective)
        try await DirectoryService(database: req.db, now: req.now).markVerified(record, by: try req.requireUser().username)
        return req.redirect(.directoryEntry(slug: collective.slug, entryID: try record.requireID().text))
    }

    struct DeleteForm: Content, EmptyInitializable {
        var confirm: String?
    }

    func delete(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .editDirectory)
        let record = try await entry(req, collective)
        guard req.form(DeleteForm.self).confirm == "yes" else {
            return req.page(
                ConfirmPage(
                    heading: req.t("directory_delete_heading", ["name": record.name]), text: req.t("directory_delete_text"),
                    action: req.url.path, confirmLabel: req.t("directory_delete_submit"),
                    cancelHref: SiteURL.directoryEntry(slug: collective.slug, entryID: try record.requireID().text).path),
                titleKey: "directory_title")
        }
        try await DirectoryService(database: req.db, now: req.now).delete(record)
        return req.redirect(.directory(slug: collective.slug))
    }
}
