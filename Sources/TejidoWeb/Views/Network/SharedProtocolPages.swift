import Foundation
import TejidoCore

/// The protocols connected collectives shared: which collective, which version, adopted when.
struct SharedProtocolsPage: PageView {
    struct Row {
        let source: String
        let version: String
        let adopted: String
        let received: String
        let link: String
    }

    let rows: [Row]
    let networkHref: String

    static func build(
        slug: String, records: [PeerProtocolRecord], names: [UUID: String], _ p: PageContext
    ) throws -> SharedProtocolsPage {
        SharedProtocolsPage(
            rows: try records.map { record in
                Row(
                    source: names[record.connectionID] ?? "", version: "\(record.number)", adopted: p.dates.day(record.adoptedAt),
                    received: p.dates.day(record.receivedAt),
                    link: SiteURL.shared(slug: slug, .sharedProtocol(try record.requireID().text)).path)
            }, networkHref: SiteURL.network(slug: slug, .home).path)
    }

    func html(_ p: PageContext) -> HTML {
        var out: HTML = """
            <h1>\(p("shared_protocols_heading"))</h1>
            <p>\(p("shared_protocols_intro"))</p>

            """
        if rows.isEmpty { return out + "<p>\(p("shared_protocols_none"))</p>\n" }
        let version = p("shared_protocols_col_version"), adopted = p("shared_protocols_col_adopted")
        let received = p("shared_protocols_col_received")
        out += """
            <table>
            <thead><tr><th scope="col">\(p("shared_protocols_col_source"))</th><th scope="col">\(version)</th>\
            <th scope="col">\(adopted)</th><th scope="col">\(received)</th></tr></thead>
            <tbody>
            \(HTML.each(rows) { row in
                """
                <tr><th scope="row"><a href="\(row.link)">\(row.source)</a></th><td data-label="\(version)">\(row.version)</td>\
                <td data-label="\(adopted)">\(row.adopted)</td><td data-label="\(received)">\(row.received)</td></tr>

                """
            })</tbody>
            </table>

            """
        return out
    }
}

/// One shared protocol, read inside Tejido, with the way to compare it and to start a draft from it.
struct SharedProtocolPage: PageView {
    let status: String
    let reading: ProtocolReadingView
    let languageLinks: [LanguageLink]
    let listHref: String
    let compareHref: String
    let draftAction: String?

    static func build(
        slug: String, received: SharedProtocolsController.Received, language: Language, mayDraft: Bool, _ p: PageContext
    ) -> SharedProtocolPage {
        let id = (received.record.id ?? UUID()).text
        return SharedProtocolPage(
            status: p(
                "shared_protocol_status",
                ["name": received.source, "number": "\(received.record.number)", "date": p.dates.day(received.record.adoptedAt)]),
            reading: ProtocolReadingView(received.document, in: language),
            languageLinks: LanguageLink.links(
                for: received.document, current: language, base: SiteURL.shared(slug: slug, .sharedProtocol(id)).path),
            listHref: SiteURL.shared(slug: slug, .protocols).path, compareHref: SiteURL.shared(slug: slug, .compare(id)).path,
            draftAction: mayDraft ? SiteURL.shared(slug: slug, .draftFrom(id)).path : nil)
    }

    func html(_ p: PageContext) -> HTML {
        """
        <p class="breadcrumb"><a href="\(listHref)">\(p("shared_protocols_heading"))</a> · <span class="tag">\(status)</span></p>
        <ul class="link-list"><li><a href="\(compareHref)">\(p("shared_protocol_compare"))</a></li></ul>
        \(LanguageLinks(links: languageLinks).html(p))\
        \(HTML.when(draftAction != nil, HTML.buttonForm(p, action: draftAction ?? "", label: p("shared_protocol_draft"), style: "button secondary")))
        \(reading.html())
        """
    }
}

/// A shared protocol beside our adopted one: what it would change in ours, place by place.
struct SharedProtocolComparePage: PageView {
    let heading: String
    let items: [ProtocolDiffPage.Item]?
    let backHref: String

    static func build(
        slug: String, received: SharedProtocolsController.Received, ours: Int?, diff: ProtocolDiff?, _ p: PageContext
    ) -> SharedProtocolComparePage {
        SharedProtocolComparePage(
            heading: p(
                ours == nil ? "shared_protocol_compare_heading_alone" : "shared_protocol_compare_heading",
                ["name": received.source, "number": "\(received.record.number)", "ours": "\(ours ?? 0)"]),
            items: diff.map { diff in
                diff.items.map {
                    ProtocolDiffPage.Item(
                        place: $0.place, kind: $0.kind.rawValue, kindLabel: p("diff_\($0.kind.rawValue)"), changes: $0.changes)
                }
            }, backHref: SiteURL.shared(slug: slug, .sharedProtocol((received.record.id ?? UUID()).text)).path)
    }

    func html(_ p: PageContext) -> HTML {
        """
        <h1>\(heading)</h1>
        <p><a href="\(backHref)">\(p("shared_protocol_back"))</a></p>
        \(items.map { ProtocolDiffPage.changes($0, p) } ?? "<p class=\"notice\">\(p("shared_protocol_compare_none_adopted"))</p>\n")
        """
    }
}
