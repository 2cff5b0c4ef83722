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

    struct ListView: Encodable {
        let collectiveName: String
        let search: DirectorySearchForm
        let cards: [EntryCard]
        let previousHref: String?
        let nextHref: String?
        let canEdit: Bool
        let newHref: String
        let importHref: String
        let exportCSV: String
        let exportJSON: String
        let publicHref: String
        let helpHref: String
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
        let cards = try page.entries.map { record in
            let entryID = try record.requireID().uuidString
            return EntryCard(
                record, request: req, href: SiteURL.directoryEntry(slug: slug, entryID: entryID).path,
                editHref: canEdit ? SiteURL.directoryEntryEdit(slug: slug, entryID: entryID).path : nil, forMembers: true)
        }
        return try await req.page(
            "pages/directory", titleKey: "directory_title",
            ListView(
                collectiveName: collective.name,
                search: DirectorySearchForm(search, action: action, request: req, offered: offered), cards: cards,
                previousHref: search.page > 1 ? DirectorySearchForm.pageHref(action, search, page: search.page - 1) : nil,
                nextHref: page.hasMore ? DirectorySearchForm.pageHref(action, search, page: search.page + 1) : nil,
                canEdit: canEdit,
                newHref: SiteURL.directoryNew(slug: slug).path, importHref: SiteURL.directoryImport(slug: slug).path,
                exportCSV: SiteURL.directoryExport(slug: slug, format: "csv").path,
                exportJSON: SiteURL.directoryExport(slug: slug, format: "json").path,
                publicHref: SiteURL.publicDirectory(slug: slug).path,
                helpHref: SiteURL.help(language: req.context.language, slug: slug).path))
    }

    struct EntryView: Encodable {
        /// One card, as a list so the same partial as the search results shows it.
        let cards: [EntryCard]
        let backHref: String
        let verifyAction: String?
        let deleteAction: String?
    }

    private func entry(_ req: Request, _ collective: CollectiveRecord) async throws -> DirectoryEntryRecord {
        let id = try req.uuidParameter(SiteURL.entryParameter)
        guard let record = try await DirectoryQueries(database: req.db).find(id, in: collective.requireID()) else {
            throw TejidoError.notFound
        }
        return record
    }

    func show(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .viewDirectory)
        let record = try await entry(req, collective)
        let id = try record.requireID().uuidString
        let canEdit = req.may(.editDirectory, in: collective)
        let slug = collective.slug
        return try await req.page(
            "pages/directory-entry", titleKey: "directory_title",
            EntryView(
                cards: [
                    EntryCard(
                        record, request: req, href: nil,
                        editHref: canEdit ? SiteURL.directoryEntryEdit(slug: slug, entryID: id).path : nil,
                        forMembers: true)
                ],
                backHref: SiteURL.directory(slug: slug).path,
                verifyAction: canEdit ? SiteURL.directoryEntryVerify(slug: slug, entryID: id).path : nil,
                deleteAction: canEdit ? SiteURL.directoryEntryDelete(slug: slug, entryID: id).path : nil))
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
            return req.redirect(.directoryEntry(slug: collective.slug, entryID: try record.requireID().uuidString))
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
        return req.redirect(.directoryEntry(slug: collective.slug, entryID: try record.requireID().uuidString))
    }

    func verify(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .editDirectory)
        let record = try await entry(req, collective)
        try await DirectoryService(database: req.db, now: req.now).markVerified(record, by: try req.requireUser().username)
        return req.redirect(.directoryEntry(slug: collective.slug, entryID: try record.requireID().uuidString))
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
                    cancelHref: SiteURL.directoryEntry(slug: collective.slug, entryID: try record.requireID().uuidString).path),
                titleKey: "directory_title")
        }
        try await DirectoryService(database: req.db, now: req.now).delete(record)
        return req.redirect(.directory(slug: collective.slug))
    }
}
