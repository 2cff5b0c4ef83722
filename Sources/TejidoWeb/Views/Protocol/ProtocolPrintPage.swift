import Foundation
import TejidoCore

/// A version laid out for paper, with its own stylesheet for the paper size chosen.
struct ProtocolPrintPage: PageView {
    let reading: ProtocolReadingView
    let collectiveName: String
    let status: String
    let stylesheet: String
    let paperLinks: [LanguageLink]
    let backHref: String

    /// `paper` is "a4" or "letter".
    static func build(
        collective: CollectiveRecord, shown: ProtocolVersionRecord, document: ProtocolDocument, language: Language,
        paper: String, _ p: PageContext
    ) -> ProtocolPrintPage {
        let base = SiteURL.protocolPrint(slug: collective.slug).path + "?version=\(shown.number)&lang=\(language.rawValue)"
        return ProtocolPrintPage(
            reading: ProtocolReadingView(document, in: language), collectiveName: collective.name,
            status: p("protocol_status_version", ["number": "\(shown.number)", "date": p.dates.day(shown.createdAt)]),
            stylesheet: "/static/print-\(paper).css",
            paperLinks: [("a4", "A4"), ("letter", "Letter")].map {
                LanguageLink(label: $0.1, href: "\(base)&paper=\($0.0)", lang: p.language.rawValue, current: $0.0 == paper)
            },
            backHref: SiteURL.protocolHome(slug: collective.slug).path)
    }

    func html(_ p: PageContext) -> HTML {
        """
        <link rel="stylesheet" href="\(stylesheet)">
        <div class="no-print panel">
        <p>\(p("print_intro"))</p>
        <p>\(p("print_paper")) \(HTML.each(paperLinks) {
            "<a href=\"\($0.href)\"\(HTML.when($0.current, " aria-current=\"true\""))>\($0.label)</a> "
        })</p>
        <p><a href="\(backHref)">\(p("back_to_protocol"))</a></p>
        </div>
        <p class="breadcrumb">\(collectiveName) · \(status)</p>
        \(reading.html())
        """
    }
}
