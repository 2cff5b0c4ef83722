import Foundation
import TejidoCore

/// The co-existence agreement of the version in force, and acknowledging it: the reader says
/// which version they read, so a later one is never acknowledged unseen.
struct ProtocolAgreementPage: PageView {
    let reading: ProtocolReadingView
    let number: Int
    let acknowledged: String?
    let action: String
    let concernHref: String
    let backHref: String
    let languageLinks: [LanguageLink]
    /// When the agreement will be reviewed, and for those who may, the form to set it.
    var review: AgreementReviewPanel? = nil

    /// `acknowledgedAt` is when the reader acknowledged this version, nil if not yet.
    static func build(
        slug: String, number: Int, document: ProtocolDocument, language: Language, acknowledgedAt: Date?, path: String,
        _ p: PageContext
    ) -> ProtocolAgreementPage {
        ProtocolAgreementPage(
            reading: ProtocolReadingView(document, in: language), number: number,
            acknowledged: acknowledgedAt.map { p("agreement_acknowledged_on", ["date": p.dates.day($0)]) }, action: path,
            concernHref: SiteURL.protocolConcernNew(slug: slug).path + "?part=agreement",
            backHref: SiteURL.protocolHome(slug: slug).path,
            languageLinks: LanguageLink.links(for: document, current: language, base: path))
    }

    func html(_ p: PageContext) -> HTML {
        let agreement = reading.agreement
        let acknowledgement: HTML =
            if let acknowledged {
                "<p class=\"notice\" role=\"status\">\(acknowledged)</p>\n"
            } else {
                """
                <p>\(p("agreement_ack_text"))</p>
                \(HTML.buttonForm(p, action: action, label: p("agreement_ack_submit"), hidden: [("version", "\(number)")]))

                """
            }
        return """
            <p><a href="\(backHref)">\(p("back_to_protocol"))</a></p>
            \(LanguageLinks(links: languageLinks).html(p))<article lang="\(reading.lang)" aria-labelledby="agreement-title">
            <h1 id="agreement-title">\(reading.heading(.agreement))</h1>
            \(HTML.when(agreement.introduction != "", "<p class=\"protocol-text\">\(agreement.introduction)</p>\n"))\
            <h2>\(reading.heading(.commitments))</h2>
            <ul>\(HTML.each(agreement.commitments) { "<li>\($0)</li>" })</ul>
            <h2>\(reading.heading(.notTolerated))</h2>
            <ul>\(HTML.each(agreement.notTolerated) { "<li>\($0)</li>" })</ul>
            <h2>\(reading.heading(.leavingRule))</h2>
            <p class="protocol-text">\(reading.leavingRule)</p>
            </article>
            <section class="panel" aria-labelledby="ack-h">
            <h2 id="ack-h">\(p("agreement_ack_heading"))</h2>
            \(acknowledgement)<p>\(p("agreement_concern_text")) <a href="\(concernHref)">\(p("protocol_link_concern"))</a></p>
            </section>
            \(review?.html(p) ?? .empty)
            """
    }
}
