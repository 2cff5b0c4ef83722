import Foundation
import TejidoCore

/// The protocol page of a collective: a version to read, where it stands (in force, a draft, a
/// proposal open), the way to the agreement still to acknowledge, and the tools around it.
struct ProtocolHomePage: PageView {
    struct Link {
        let label: String
        let href: String
    }

    let collectiveName: String
    let reading: ProtocolReadingView
    let status: String
    let isAdopted: Bool
    let languageLinks: [LanguageLink]
    let links: [Link]
    let acknowledgeHref: String?
    let proposal: String?
    let newerDraft: String?
    let publishedHref: String?
    let concernHref: String
    let publishAction: String?
    let isPublished: Bool
    let notice: String?

    /// What the reader may do, decided by the handler from the access policy.
    struct Offers {
        var editProtocol = false
        var viewConcerns = false
        var viewAcknowledgements = false
        var publish = false
    }

    /// `shown` is the version read, `adopted` the one in force with its decision, `latest` the
    /// newest saved. `acknowledged` is nil for a reader who is not signed in.
    static func build(
        collective: CollectiveRecord, shown: ProtocolVersionRecord, document: ProtocolDocument, language: Language,
        adopted: (version: ProtocolVersionRecord, decision: DecisionRecord)?, latest: ProtocolVersionRecord,
        offers: Offers, acknowledged: Bool?, proposalOpen: Bool, concernSent: Bool, path: String, _ p: PageContext
    ) -> ProtocolHomePage {
        let slug = collective.slug
        let isCurrent = adopted?.version.number == shown.number
        let values = ["number": "\(shown.number)", "date": p.dates.day(adopted?.decision.decidedAt ?? shown.createdAt)]
        var links: [Link] = []
        func offer(_ key: String, _ href: String) { links.append(Link(label: p(key), href: href)) }
        let versionQuery = "?version=\(shown.number)&lang=\(language.rawValue)"
        offer("protocol_link_agreement", SiteURL.protocolAgreement(slug: slug).path)
        offer("protocol_link_print", SiteURL.protocolPrint(slug: slug).path + versionQuery)
        offer("protocol_link_markdown", SiteURL.protocolExport(slug: slug, format: "markdown").path + versionQuery)
        offer("protocol_link_json", SiteURL.protocolExport(slug: slug, format: "json").path + "?version=\(shown.number)")
        offer("protocol_link_history", SiteURL.protocolVersions(slug: slug).path)
        if offers.editProtocol { offer("protocol_link_draft", SiteURL.protocolDraft(slug: slug).path) }
        if offers.viewConcerns { offer("protocol_link_concerns", SiteURL.protocolConcerns(slug: slug).path) }
        if offers.viewAcknowledgements {
            offer("protocol_link_acknowledgements", SiteURL.protocolAcknowledgements(slug: slug).path)
        }
        let newerDraft = adopted != nil && latest.number > (adopted?.version.number ?? 0)
        return ProtocolHomePage(
            collectiveName: collective.name, reading: ProtocolReadingView(document, in: language),
            status: p(isCurrent ? "protocol_status_adopted" : "protocol_status_version", values), isAdopted: isCurrent,
            languageLinks: LanguageLink.links(for: document, current: language, base: path), links: links,
            acknowledgeHref: acknowledged == false ? SiteURL.protocolAgreement(slug: slug).path : nil,
            proposal: proposalOpen ? p("protocol_proposal_open") : nil,
            newerDraft: newerDraft ? p("protocol_newer_draft", ["number": "\(latest.number)"]) : nil,
            publishedHref: collective.protocolPublished ? SiteURL.publicProtocol(slug: slug).path : nil,
            concernHref: SiteURL.protocolConcernNew(slug: slug).path,
            publishAction: offers.publish && adopted != nil ? SiteURL.protocolPublish(slug: slug).path : nil,
            isPublished: collective.protocolPublished, notice: concernSent ? p("concern_sent") : nil)
    }

    func html(_ p: PageContext) -> HTML {
        var out: HTML = """
            <p class="breadcrumb">\(collectiveName) · <span class="tag\(HTML.when(!isAdopted, " tag-draft"))">\(status)</span></p>
            \(HTML.when(notice != nil, "<p class=\"notice\" role=\"status\">\(notice)</p>\n"))\
            \(HTML.when(acknowledgeHref != nil, """
                <p class="notice">\(p("agreement_pending")) <a href="\(acknowledgeHref)">\(p("agreement_pending_link"))</a></p>

                """))\
            \(HTML.when(!isAdopted, "<p class=\"notice\">\(p("protocol_not_adopted"))</p>\n"))\
            \(HTML.when(proposal != nil, "<p class=\"notice\">\(proposal)</p>\n"))\
            \(HTML.when(newerDraft != nil, "<p class=\"hint\">\(newerDraft)</p>\n"))\
            \(LanguageLinks(links: languageLinks).html(p))\
            <nav class="panel" aria-labelledby="protocol-tools-h"><h2 id="protocol-tools-h" class="visually-hidden">\
            \(p("protocol_tools"))</h2>
            <ul class="link-list">
            \(HTML.each(links) { "<li><a href=\"\($0.href)\">\($0.label)</a></li>\n" })\
            <li><a href="\(concernHref)">\(p("protocol_link_concern"))</a></li>
            </ul>

            """
        if let publishAction {
            let (text, value, label): (HTML, String, String) =
                isPublished
                ? (
                    "<p>\(p("protocol_is_public")) <a href=\"\(publishedHref)\">\(p("protocol_public_link"))</a></p>", "0",
                    p("protocol_unpublish")
                )
                : ("<p>\(p("protocol_is_private"))</p>", "1", p("protocol_publish"))
            out += """
                <form method="post" action="\(publishAction)" class="inline-form">
                \(HTML.csrf(p))
                \(text)
                \(HTML.hidden("published", value))<button type="submit" class="button small secondary">\(label)</button>
                </form>

                """
        }
        return out + "</nav>\n" + reading.html()
    }
}
