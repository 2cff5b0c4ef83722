import Fluent
import TejidoCore
import Vapor

/// "Is someone in danger right now?": a public page that stores nothing, in English at /help and
/// Spanish at /ayuda, for the instance or one collective, with that collective's own words and
/// crisis contacts. The care team edits the words.
struct HelpController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        for language in Language.allCases {
            routes.get(SiteURL.help(language: language, slug: nil)) { try await self.page($0, language: language, slug: nil) }
            routes.get(SiteURL.help(language: language, slug: .placeholder(.slug)).pathComponents) {
                try await self.page($0, language: language, slug: $0.parameters.get(.slug))
            }
        }
        routes.get(SiteURL.helpPageEditPattern, use: showEdit)
        routes.post(SiteURL.helpPageEditPattern, use: saveEdit)
    }

    func page(_ req: Request, language: Language, slug: String?) async throws -> Response {
        let (collective, owner, ids) = try await req.publicPageScope(slug: slug)
        let text = try await collective.asyncMap { try await HelpPageQueries(database: req.db).text(for: $0) } ?? HelpPageText()
        let queries = DirectoryQueries(database: req.db)
        let p = req.pageContext
        let card = { (record: DirectoryEntryRecord) in
            EntryCard(
                record, href: nil, editHref: nil, now: req.now, staleMonths: req.services.config.directoryStaleMonths, p)
        }
        let crisis = try await queries.crisisContacts(in: ids).map(card)
        let support = try await queries.search(DirectorySearch(kind: .survivorSupport), in: ids, audience: .everyone).entries
            .map(card)
        // Legal and immigration help, shown to anyone: someone without papers must find it here.
        var legal: [EntryCard] = []
        for kind in [ResourceKind.immigrationLegal, .legal] {
            legal += try await queries.search(DirectorySearch(kind: kind), in: ids, audience: .everyone).entries.map(card)
        }
        let page = HelpPage.build(
            language: language, slug: slug, collectiveName: collective?.name, texts: { text.text($0, language) },
            crisis: crisis, support: support, legal: legal, directorySlug: owner?.slug, p)
        return req.page(page, titleKey: "help_title")
    }

    func showEdit(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .editHelpPage)
        let text = try await HelpPageQueries(database: req.db).text(for: collective)
        return try await renderEdit(req, collective, text: text, typed: [:], problems: [])
    }

    private func renderEdit(
        _ req: Request, _ collective: CollectiveRecord, text: HelpPageText, typed: [String: String], problems: [ProtocolProblem]
    ) async throws -> Response {
        let form = FormState(typed: typed, problems: problems, language: req.context.language)
        let fields = EditorFields(languages: Language.allCases, reader: req.context.language, typed: typed, errors: form.errors)
        let editors = HelpPageText.sections.map { key in
            fields.text(
                "sections.\(key)", req.t("help_heading_\(key)"),
                LocalizedText(
                    Dictionary(
                        uniqueKeysWithValues: Language.allCases.map {
                            ($0, text.text(key, $0) ?? req.services.catalog.string("help_default_\(key)", $0))
                        })),
                multiline: true)
        }
        let page = HelpEditPage(
            fields: editors, action: req.url.path, saved: req.query[String.self, at: "saved"] != nil,
            previewHref: SiteURL.help(language: req.context.language, slug: collective.slug).path, form: form)
        return req.page(page, titleKey: "help_edit_title", status: problems.isEmpty ? .ok : .unprocessableEntity)
    }

    func saveEdit(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .editHelpPage)
        let typed = req.formFields()
        var text = HelpPageText()
        var problems: [ProtocolProblem] = []
        for key in HelpPageText.sections {
            for language in Language.allCases {
                let path = "sections.\(key).\(language.rawValue)"
                let value = (typed[path] ?? "").plainLineBreaks.trimmingCharacters(
                    in: .whitespacesAndNewlines)
                if value.count > 5_000 { problems.append(ProtocolProblem(path, .tooLong(limit: 5_000))) }
                if ProtocolValidator.looksLikeMarkup(value) { problems.append(ProtocolProblem(path, .markup)) }
                if ProtocolValidator.hasControlCharacters(value) { problems.append(ProtocolProblem(path, .controlCharacters)) }
                // Text equal to Tejido's default is not stored, so later improvements to the default reach this page.
                if value != req.services.catalog.string("help_default_\(key)", language) { text.set(key, language, value) }
            }
        }
        if !problems.isEmpty { return try await renderEdit(req, collective, text: text, typed: typed, problems: problems) }
        try await HelpPageQueries(database: req.db).save(text, for: collective, now: req.now)
        return req.redirect(to: req.url.path + "?saved=1", redirectType: .normal)
    }
}
