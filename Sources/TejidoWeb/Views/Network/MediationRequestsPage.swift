import Foundation
import TejidoCore

/// Connected collectives' requests for an outside mediator, for the care team: who asks, their
/// note, until when the link works, and the link itself to pass on. Nothing about the case.
struct MediationRequestsPage: PageView {
    struct Row {
        let id: String
        let source: String
        let note: String
        let link: String
        let dates: String
        let removeAction: String
    }

    let rows: [Row]

    static func build(
        requests: [MediationRequests.Received], names: [UUID: String], slug: String, _ p: PageContext
    ) -> MediationRequestsPage {
        MediationRequestsPage(
            rows: requests.map { request in
                Row(
                    id: request.id.text, source: names[request.connectionID] ?? "", note: request.note, link: request.link,
                    dates: p(
                        "mediation_request_dates",
                        ["received": p.dates.day(request.receivedAt), "expires": p.dates.day(request.expires)]),
                    removeAction: SiteURL.shared(slug: slug, .removeMediationRequest(request.id.text)).path)
            })
    }

    func html(_ p: PageContext) -> HTML {
        var out: HTML = """
            <h1>\(p("mediation_requests_heading"))</h1>
            <p>\(p("mediation_requests_intro"))</p>

            """
        if rows.isEmpty { return out + "<p>\(p("mediation_requests_none"))</p>\n" }
        out += HTML.each(rows) { row in
            """
            <article class="panel" aria-labelledby="request-\(row.id)">
            <h2 id="request-\(row.id)">\(p("mediation_request_from", ["name": row.source]))</h2>
            <p class="hint">\(row.dates)</p>
            \(HTML.when(!row.note.isEmpty, "<p class=\"protocol-text\">\(row.note)</p>"))
            <p><label for="link-\(row.id)">\(p("mediation_request_link"))</label></p>
            <p><input id="link-\(row.id)" class="copy-field" type="text" readonly value="\(row.link)"></p>
            <p class="hint">\(p("mediation_request_link_hint"))</p>
            \(HTML.buttonForm(p, action: row.removeAction, label: p("mediation_request_remove"), style: "button secondary small"))
            </article>

            """
        }
        return out
    }
}
