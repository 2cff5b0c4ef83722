import Foundation
import TejidoCore

/// A published protocol, for anyone: only the version in force, never drafts or history.
struct ProtocolPublicPage: PageView {
    let collectiveName: String
    let reading: ProtocolReadingView
    let status: String
    let languageLinks: [LanguageLink]

    static func build(
        collectiveName: String, adopted: (version: ProtocolVersionRecord, decision: DecisionRecord),
        document: ProtocolDocument, language: Language, path: String, _ p: PageContext
    ) -> ProtocolPublicPage {
        let date = p.dates.day(adopted.decision.decidedAt ?? adopted.version.createdAt)
        return ProtocolPublicPage(
            collectiveName: collectiveName, reading: ProtocolReadingView(document, in: language),
            status: p("protocol_status_adopted", ["number": "\(adopted.version.number)", "date": date]),
            languageLinks: LanguageLink.links(for: document, current: language, base: path))
    }

    func html(_ p: PageContext) -> HTML {
        """
        <p class="breadcrumb">\(collectiveName) · <span class="tag">\(status)</span></p>
        \(LanguageLinks(links: languageLinks).html(p))\(reading.html())
        """
    }
}
