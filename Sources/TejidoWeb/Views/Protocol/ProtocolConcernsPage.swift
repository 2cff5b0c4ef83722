import Foundation
import TejidoCore

/// The concerns members raised, for the care team: open ones to resolve, then resolved ones.
/// A concern raised without a name shows none.
struct ProtocolConcernsPage: PageView {
    struct Row {
        let part: String
        let text: String
        let author: String?
        let date: String
        let version: Int
        let resolveAction: String
    }

    let open: [Row]
    let resolved: [Row]

    /// A concern as the service opened it: nil `concern` when it can no longer be read.
    struct Concern {
        let id: UUID
        let parts: [ProtocolOutline.Part]
        let concern: ProtocolConcern?
        let author: String?
        let createdAt: Date
        let version: Int
        let isResolved: Bool
    }

    static func build(slug: String, concerns: [Concern], _ p: PageContext) -> ProtocolConcernsPage {
        let rows = concerns.map { item in
            (
                item.isResolved,
                Row(
                    part: item.parts.first { $0.key == item.concern?.part }?.label ?? item.concern?.part ?? "",
                    text: item.concern?.text ?? p("concern_unreadable"), author: item.author,
                    date: p.dates.day(item.createdAt), version: item.version,
                    resolveAction: SiteURL.protocolConcernResolve(slug: slug, concernID: item.id.text).path)
            )
        }
        return ProtocolConcernsPage(open: rows.filter { !$0.0 }.map(\.1), resolved: rows.filter(\.0).map(\.1))
    }

    func html(_ p: PageContext) -> HTML {
        var out: HTML = """
            <h1>\(p("concerns_heading"))</h1>
            \(HTML.when(open.isEmpty, "<p>\(p("concerns_none"))</p>\n"))
            """
        out += HTML.each(open) { row in
            """
            <section class="panel">
            <h2>\(row.part)</h2>
            <p class="hint">\(p("protocol_col_version")) \(row.version) · \(row.date) · \(row.author ?? p("concern_no_name"))</p>
            <p class="protocol-text">\(row.text)</p>
            \(HTML.buttonForm(p, action: row.resolveAction, label: p("concern_resolve"), style: "button small secondary"))
            </section>

            """
        }
        guard !resolved.isEmpty else { return out }
        out += "<h2>\(p("concerns_resolved"))</h2>\n"
        out += HTML.each(resolved) { row in
            """
            <section class="panel"><h3>\(row.part)</h3><p class="hint">\(row.date)</p>\
            <p class="protocol-text">\(row.text)</p></section>

            """
        }
        return out
    }
}
