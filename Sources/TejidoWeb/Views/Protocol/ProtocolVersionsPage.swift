import Foundation
import TejidoCore

/// Every saved version of the protocol, who saved it and when, the decisions on adopting them,
/// and a form to compare any two.
struct ProtocolVersionsPage: PageView {
    struct Row {
        let number: Int
        let href: String
        let author: String
        let saved: String
        let note: String?
        let status: String?
    }
    struct Decision {
        let number: Int
        let proposedBy: String
        let proposed: String
        let outcome: String
        let counts: String?
        let decidedBy: String?
        let note: String?
    }

    let rows: [Row]
    let decisions: [Decision]
    let diffAction: String
    let from: Int
    let to: Int
    let backHref: String

    /// `versions` newest first, their authors loaded; `decisions` the adoption decisions, their
    /// people loaded; `current` the number of the version in force.
    static func build(
        slug: String, versions: [ProtocolVersionRecord], decisions: [DecisionRecord], current: Int?, _ p: PageContext
    ) -> ProtocolVersionsPage {
        let numbers = Dictionary(
            versions.compactMap { record in record.id.map { ($0, record.number) } }, uniquingKeysWith: { a, _ in a })
        let rows = versions.map { record in
            let adopted = decisions.contains { $0.subjectID == record.id && $0.outcome == .adopted }
            let status: String? =
                record.number == current
                ? p("protocol_version_in_force") : adopted ? p("protocol_version_was_adopted") : nil
            return Row(
                number: record.number, href: SiteURL.protocolVersion(slug: slug, number: "\(record.number)").path,
                author: record.author?.username ?? p("former_member"), saved: p.dates.dayAndTime(record.createdAt),
                note: record.note, status: status)
        }
        let rowsOfDecisions = decisions.map { decision in
            Decision(
                number: numbers[decision.subjectID] ?? 0, proposedBy: decision.proposedBy?.username ?? p("former_member"),
                proposed: p.dates.day(decision.proposedAt),
                outcome: p("decision_outcome_\(decision.outcome?.rawValue ?? "open")"),
                counts: decision.counts.map {
                    p(
                        "decision_counts",
                        [
                            "agree": "\($0.agree)", "disagree": "\($0.disagree)", "abstain": "\($0.abstain)",
                            "block": "\($0.block)",
                        ])
                }, decidedBy: decision.decidedBy?.username, note: decision.note)
        }
        let latest = versions.first?.number ?? 1
        return ProtocolVersionsPage(
            rows: rows, decisions: rowsOfDecisions, diffAction: SiteURL.protocolDiff(slug: slug).path,
            // By default, the version in force against the newest; or the newest against the one before.
            from: current.map { $0 == latest ? max(1, latest - 1) : $0 } ?? max(1, latest - 1), to: latest,
            backHref: SiteURL.protocolHome(slug: slug).path)
    }

    func html(_ p: PageContext) -> HTML {
        var out: HTML = """
            <h1>\(p("protocol_versions_heading"))</h1>
            <p><a href="\(backHref)">\(p("back_to_protocol"))</a></p>
            <form method="get" action="\(diffAction)" class="panel inline-fields">
            <h2>\(p("protocol_compare_heading"))</h2>
            <div class="field"><label for="from">\(p("protocol_compare_from"))</label>\
            <input id="from" name="from" type="number" min="1" value="\(from)"></div>
            <div class="field"><label for="to">\(p("protocol_compare_to"))</label>\
            <input id="to" name="to" type="number" min="1" value="\(to)"></div>
            <button type="submit" class="button">\(p("protocol_compare_submit"))</button>
            </form>
            <table>
            <caption>\(p("protocol_versions_caption"))</caption>
            <thead><tr><th scope="col">\(p("protocol_col_version"))</th><th scope="col">\(p("protocol_col_saved"))</th>\
            <th scope="col">\(p("protocol_col_by"))</th><th scope="col">\(p("protocol_col_note"))</th></tr></thead>
            <tbody>
            \(HTML.each(rows) { row in
                """
                <tr>
                <th scope="row"><a href="\(row.href)">\(row.number)</a>\
                \(HTML.when(row.status != nil, " <span class=\"tag\">\(row.status)</span>"))</th>
                <td data-label="\(p("protocol_col_saved"))">\(row.saved)</td>
                <td data-label="\(p("protocol_col_by"))">\(row.author)</td>
                <td data-label="\(p("protocol_col_note"))">\(row.note)</td>
                </tr>

                """
            })</tbody>
            </table>
            <h2>\(p("protocol_decisions_heading"))</h2>

            """
        guard !decisions.isEmpty else { return out + "<p>\(p("protocol_no_decisions"))</p>\n" }
        out += "<ul class=\"decisions\">\n"
        out += HTML.each(decisions) { decision in
            """
            <li><strong>\(p("protocol_col_version")) \(decision.number): \(decision.outcome)</strong> — \
            \(p("decision_proposed_by")) \(decision.proposedBy), \(decision.proposed)\
            \(HTML.when(decision.counts != nil, ". \(decision.counts)"))\
            \(HTML.when(decision.decidedBy != nil, ". \(p("decision_recorded_by")) \(decision.decidedBy)"))\
            \(HTML.when(decision.note != nil, ". \(decision.note)"))</li>

            """
        }
        return out + "</ul>\n"
    }
}
