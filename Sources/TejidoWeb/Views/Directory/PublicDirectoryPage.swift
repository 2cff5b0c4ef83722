import TejidoCore

/// The entries a collective published, for anyone, without an account.
struct PublicDirectoryPage: PageView {
    let collectiveName: String
    let search: DirectorySearchForm
    let results: DirectoryResults
    let helpHref: String

    static func build(
        collective: CollectiveRecord, search: DirectorySearchForm, results: DirectoryResults, _ p: PageContext
    ) -> PublicDirectoryPage {
        PublicDirectoryPage(
            collectiveName: collective.name, search: search, results: results,
            helpHref: SiteURL.help(language: p.language, slug: collective.slug).path)
    }

    func html(_ p: PageContext) -> HTML {
        """
        <h1>\(p("directory_public_heading"))</h1>
        <p>\(collectiveName)</p>
        <p class="notice"><a href="\(helpHref)">\(p("help_link"))</a></p>
        \(search.html(p))\(results.html(p))
        """
    }
}
