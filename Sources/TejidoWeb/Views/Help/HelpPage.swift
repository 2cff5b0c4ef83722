import TejidoCore

/// "Is someone in danger right now?": the collective's words (or Tejido's) section by section,
/// with crisis contacts under finding a safer place, and support, legal and immigration help
/// under afterwards. It stores nothing.
struct HelpPage: PageView {
    struct Section {
        let key: String
        let heading: String
        let text: String
    }
    let collectiveName: String?
    let sections: [Section]
    let crisis: [EntryCard]
    let support: [EntryCard]
    let legal: [EntryCard]
    let directoryHref: String?
    /// The public directory narrowed to services that do not ask about immigration status.
    let noImmigrationHref: String?
    /// The same page in the other language, named in that language.
    let other: (label: String, href: String, lang: String)
    let signInHref: String
    /// For people worried about someone, in the same language and for the same collective.
    var worriedHref: String? = nil

    /// `texts`: the collective's own words by section, in the page's language; missing ones are
    /// Tejido's. `directorySlug`: the collective whose public directory the page points to.
    static func build(
        language: Language, slug: String?, collectiveName: String?, texts: (String) -> String?, crisis: [EntryCard],
        support: [EntryCard], legal: [EntryCard], directorySlug: String?, _ p: PageContext
    ) -> HelpPage {
        let directory = directorySlug.map { SiteURL.publicDirectory(slug: $0).path }
        let other: Language = language == .en ? .es : .en
        return HelpPage(
            collectiveName: collectiveName,
            sections: HelpPageText.sections.map { key in
                Section(key: key, heading: p("help_heading_\(key)"), text: texts(key) ?? p("help_default_\(key)"))
            }, crisis: crisis, support: support, legal: legal, directoryHref: directory,
            noImmigrationHref: directory.map { $0 + "?noimm=1" },
            other: (
                ProtocolVocabulary.languageName(other, in: other), SiteURL.help(language: other, slug: slug).path, other.rawValue
            ), signInHref: SiteURL.login.path, worriedHref: SiteURL.worried(language: language, slug: slug).path)
    }

    func html(_ p: PageContext) -> HTML {
        """
        <h1>\(p("help_heading"))</h1>
        \(HTML.when(collectiveName != nil, "<p>\(collectiveName ?? "")</p>\n"))\
        <p class="language-links"><a href="\(other.href)" lang="\(other.lang)" hreflang="\(other.lang)">\(other.label)</a></p>
        \(HTML.each(sections) { section($0, p) })
        \(HTML.when(worriedHref != nil, "<p><a href=\"\(worriedHref ?? "")\">\(p("worried_link"))</a></p>\n"))\
        <p class="hint">\(p("help_stores_nothing"))</p>
        <p class="hint js-only">\(p("exit_truth_js"))</p>
        <p class="hint no-js-only">\(p("exit_truth_no_js"))</p>

        """
    }

    private func section(_ section: Section, _ p: PageContext) -> HTML {
        var out: HTML = """
            <section id="\(section.key)" aria-labelledby="\(section.key)-h" class="help-section">
            <h2 id="\(section.key)-h">\(section.heading)</h2>
            <p class="protocol-text">\(section.text)</p>

            """
        if section.key == "safer_place" {
            out += """
                <section aria-labelledby="crisis-h" class="panel">
                <h3 id="crisis-h">\(p("help_heading_contacts"))</h3>
                \(HTML.when(crisis.isEmpty, "<p>\(p("help_no_contacts"))</p>\n"))\(HTML.each(crisis) { $0.html(p) })
                </section>

                """
        }
        if section.key == "afterwards" {
            out += """
                \(HTML.each(support) { $0.html(p) })
                <section aria-labelledby="legal-h" class="panel"><h3 id="legal-h">\(p("help_heading_legal"))</h3>
                <p>\(p("help_legal_text"))</p>
                \(HTML.each(legal) { $0.html(p) })
                \(HTML.when(noImmigrationHref != nil, "<p><a href=\"\(noImmigrationHref ?? "")\">\(p("help_no_immigration_link"))</a></p>"))
                </section>
                \(HTML.when(directoryHref != nil, "<p><a href=\"\(directoryHref ?? "")\">\(p("help_directory_link"))</a></p>"))
                <p><a href="\(signInHref)">\(p("help_sign_in"))</a></p>

                """
        }
        return out + "</section>\n"
    }
}
