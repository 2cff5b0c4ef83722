import TejidoCore

/// What changed between two versions, place by place, each change marked for the eye and, in
/// words, for a screen reader.
struct ProtocolDiffPage: PageView {
    struct Item {
        let place: String
        let kind: String
        let kindLabel: String
        let changes: [TextDiff.Change]
    }

    let heading: String
    let items: [Item]
    let versionsHref: String

    static func build(slug: String, from: Int, to: Int, diff: ProtocolDiff, _ p: PageContext) -> ProtocolDiffPage {
        ProtocolDiffPage(
            heading: p("protocol_diff_heading", ["from": "\(from)", "to": "\(to)"]),
            items: diff.items.map {
                Item(place: $0.place, kind: $0.kind.rawValue, kindLabel: p("diff_\($0.kind.rawValue)"), changes: $0.changes)
            },
            versionsHref: SiteURL.protocolVersions(slug: slug).path)
    }

    func html(_ p: PageContext) -> HTML {
        """
        <h1>\(heading)</h1>
        <p><a href="\(versionsHref)">\(p("protocol_link_history"))</a></p>
        \(Self.changes(items, p))
        """
    }

    /// The changes, place by place, under a legend: also what a shared protocol's comparison shows.
    static func changes(_ items: [Item], _ p: PageContext) -> HTML {
        """
        <p class="hint">\(p("diff_legend"))</p>
        \(HTML.when(items.isEmpty, "<p class=\"notice\">\(p("diff_none"))</p>\n"))\
        \(HTML.each(items) { item in
            """
            <section class="diff-item diff-\(item.kind)">
            <h2 class="diff-place">\(item.place) <span class="tag">\(item.kindLabel)</span></h2>
            <p class="protocol-text">\(HTML.each(item.changes) { segment($0, p) })</p>
            </section>

            """
        })
        """
    }

    private static func segment(_ change: TextDiff.Change, _ p: PageContext) -> HTML {
        switch change {
        case .same(let text): "\(text)"
        case .added(let text): "<ins><span class=\"visually-hidden\">[\(p("diff_added_word"))] </span>\(text)</ins>"
        case .removed(let text): "<del><span class=\"visually-hidden\">[\(p("diff_removed_word"))] </span>\(text)</del>"
        }
    }
}
