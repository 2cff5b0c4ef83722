import TejidoCore

/// For people worried about someone: two halves — someone you care about was harmed; you are
/// afraid you caused harm — each with what helps, what does not, and the collective's published
/// services for it. Then how to reach the collective. It stores nothing.
struct WorriedPage: PageView {
    struct Part {
        let id: String
        let heading: String
        let intro: String
        let helps: [String]
        let avoid: [String]
        let servicesHeading: String
        let services: [EntryCard]
    }

    let collectiveName: String?
    let parts: [Part]
    let helpHref: String
    let directoryHref: String?
    let signInHref: String
    let other: (label: String, href: String, lang: String)

    static let harmedHelps = [
        "worried_harmed_help_believe", "worried_harmed_help_listen", "worried_harmed_help_choices",
        "worried_harmed_help_practical", "worried_harmed_help_yourself",
    ]
    static let harmedAvoid = [
        "worried_harmed_avoid_why", "worried_harmed_avoid_confront", "worried_harmed_avoid_tell",
        "worried_harmed_avoid_decide", "worried_harmed_avoid_rush",
    ]
    static let harmHelps = [
        "worried_harm_help_stop", "worried_harm_help_listen", "worried_harm_help_space", "worried_harm_help_talk",
        "worried_harm_help_change",
    ]
    static let harmAvoid = [
        "worried_harm_avoid_contact", "worried_harm_avoid_explain", "worried_harm_avoid_sides",
        "worried_harm_avoid_forgive", "worried_harm_avoid_alone",
    ]

    static func build(
        language: Language, slug: String?, collectiveName: String?, forHarmed: [EntryCard], forWhoHarmed: [EntryCard],
        directorySlug: String?, _ p: PageContext
    ) -> WorriedPage {
        let other: Language = language == .en ? .es : .en
        return WorriedPage(
            collectiveName: collectiveName,
            parts: [
                Part(
                    id: "harmed", heading: p("worried_harmed_heading"), intro: p("worried_harmed_intro"),
                    helps: harmedHelps.map { p($0) }, avoid: harmedAvoid.map { p($0) },
                    servicesHeading: p("worried_harmed_services"), services: forHarmed),
                Part(
                    id: "caused", heading: p("worried_harm_heading"), intro: p("worried_harm_intro"),
                    helps: harmHelps.map { p($0) }, avoid: harmAvoid.map { p($0) },
                    servicesHeading: p("worried_harm_services"), services: forWhoHarmed),
            ], helpHref: SiteURL.help(language: language, slug: slug).path,
            directoryHref: directorySlug.map { SiteURL.publicDirectory(slug: $0).path }, signInHref: SiteURL.login.path,
            other: (
                ProtocolVocabulary.languageName(other, in: other), SiteURL.worried(language: other, slug: slug).path,
                other.rawValue
            ))
    }

    func html(_ p: PageContext) -> HTML {
        """
        <h1>\(p("worried_heading"))</h1>
        \(HTML.when(collectiveName != nil, "<p>\(collectiveName ?? "")</p>\n"))\
        <p class="language-links"><a href="\(other.href)" lang="\(other.lang)" hreflang="\(other.lang)">\(other.label)</a></p>
        <p>\(p("worried_intro"))</p>
        <p class="notice">\(p("worried_danger")) <a href="\(helpHref)">\(p("help_link"))</a></p>
        <nav aria-label="\(p("worried_contents"))"><ul>
        \(HTML.each(parts) { "<li><a href=\"#\($0.id)\">\($0.heading)</a></li>\n" })</ul></nav>
        \(HTML.each(parts) { part($0, p) })
        <section id="reach" aria-labelledby="reach-h" class="help-section">
        <h2 id="reach-h">\(p("worried_reach_heading"))</h2>
        <p>\(p("worried_reach_text"))</p>
        <ul>
        <li><a href="\(signInHref)">\(p("worried_reach_sign_in"))</a></li>
        \(HTML.when(directoryHref != nil, "<li><a href=\"\(directoryHref ?? "")\">\(p("help_directory_link"))</a></li>\n"))\
        <li><a href="\(helpHref)">\(p("help_link"))</a></li>
        </ul>
        </section>
        <p class="hint">\(p("worried_stores_nothing"))</p>

        """
    }

    private func part(_ part: Part, _ p: PageContext) -> HTML {
        """
        <section id="\(part.id)" aria-labelledby="\(part.id)-h" class="help-section">
        <h2 id="\(part.id)-h">\(part.heading)</h2>
        <p>\(part.intro)</p>
        <h3>\(p("worried_what_helps"))</h3>
        <ul>\(HTML.each(part.helps) { "<li>\($0)</li>" })</ul>
        <h3>\(p("worried_what_not"))</h3>
        <ul>\(HTML.each(part.avoid) { "<li>\($0)</li>" })</ul>
        <section aria-labelledby="\(part.id)-services-h" class="panel">
        <h3 id="\(part.id)-services-h">\(part.servicesHeading)</h3>
        \(HTML.when(part.services.isEmpty, "<p>\(p("worried_no_services"))</p>\n"))\(HTML.each(part.services) { $0.html(p) })
        </section>
        </section>

        """
    }
}
