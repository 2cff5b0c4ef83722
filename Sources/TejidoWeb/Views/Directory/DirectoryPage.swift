import TejidoCore

/// A collective's directory for its members: search, the results, and for the care team adding
/// and importing entries; anyone may export it.
struct DirectoryPage: PageView {
    let collectiveName: String
    let search: DirectorySearchForm
    let results: DirectoryResults
    /// What connected collectives shared that matches, when anything does.
    let peer: PeerDirectoryResults?
    let canEdit: Bool
    let slug: String
    let helpHref: String

    static func build(
        collective: CollectiveRecord, search: DirectorySearchForm, results: DirectoryResults, peer: PeerDirectoryResults? = nil,
        canEdit: Bool,
        _ p: PageContext
    ) -> DirectoryPage {
        DirectoryPage(
            collectiveName: collective.name, search: search, results: results, peer: peer, canEdit: canEdit,
            slug: collective.slug,
            helpHref: SiteURL.help(language: p.language, slug: collective.slug).path)
    }

    func html(_ p: PageContext) -> HTML {
        func item(_ url: SiteURL, _ key: String) -> HTML { "<li><a href=\"\(url.path)\">\(p(key))</a></li>" }
        return """
            <h1>\(p("directory_heading"))</h1>
            <p>\(collectiveName) · <a href="\(SiteURL.publicDirectory(slug: slug).path)">\(p("directory_public_link"))</a> · \
            <a href="\(helpHref)">\(p("help_link"))</a></p>
            <ul class="link-list">\
            \(HTML.when(canEdit, item(.directoryNew(slug: slug), "directory_new") + item(.directoryImport(slug: slug), "directory_import")))\
            \(item(.directoryExport(slug: slug, format: "csv"), "directory_export_csv"))\
            \(item(.directoryExport(slug: slug, format: "json"), "directory_export_json"))</ul>
            \(search.html(p))\(results.html(p, othersMatch: !(peer?.cards.isEmpty ?? true)))\(peer?.html(p) ?? .empty)
            """
    }
}
