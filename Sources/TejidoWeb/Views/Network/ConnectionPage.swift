import Foundation
import TejidoCore

/// One connection: who is on the other side and where, the code to compare, what each side
/// sends and takes, what waits to be sent, and the actions its state allows.
struct ConnectionPage: PageView {
    struct ScopeRow {
        let scope: String
        let label: String
        let hint: String
        let sends: Bool
        let accepts: Bool
        let theyAccept: Bool
    }

    let name: String
    let state: PeerConnectionState
    let stateLabel: String
    let address: String
    let fingerprint: String
    let code: String
    let since: String
    let scopes: [ScopeRow]
    let waiting: [String]
    let refused: [(String, Int)]
    /// The choice of what is sent and taken was just saved.
    let saved: Bool
    let actions: (accept: String, pause: String, resume: String, end: String, scopes: String, back: String)

    static func build(
        collective: CollectiveRecord, connection: PeerConnection, ours: PeerFingerprint, waiting: [PeerOutboxRecord],
        refusals: [PeerLedger.Count], saved: Bool = false, _ p: PageContext
    ) -> ConnectionPage {
        let slug = collective.slug, id = connection.id.text
        var totals: [PeerRefusal: Int] = [:]
        for count in refusals where count.scope == connection.id.uuidString.lowercased() {
            totals[count.reason, default: 0] += count.total
        }
        return ConnectionPage(
            name: connection.details.name, state: connection.state,
            stateLabel: p("network_state_\(connection.state.rawValue)"), address: connection.details.base.value,
            fingerprint: connection.details.keys.fingerprint.readable, code: connection.details.code,
            since: p.dates.dayAndTime(connection.createdAt),
            scopes: PeerScope.offered.map { scope in
                ScopeRow(
                    scope: scope.rawValue, label: p("network_scope_\(scope.rawValue)"),
                    hint: p("network_scope_\(scope.rawValue)_hint"), sends: connection.sends.contains(scope),
                    accepts: connection.accepts.contains(scope), theyAccept: connection.peerAccepts.contains(scope))
            },
            waiting: waiting.map { row in
                p("network_waiting_\(row.kind)") + (row.lastProblem.map { " — " + p("network_last_problem") + " " + $0 } ?? "")
            },
            refused: PeerRefusal.allCases.compactMap { reason in
                totals[reason].map { (p("network_refusal_\(reason.rawValue)"), $0) }
            },
            saved: saved,
            actions: (
                SiteURL.network(slug: slug, .accept(id)).path, SiteURL.network(slug: slug, .pause(id)).path,
                SiteURL.network(slug: slug, .resume(id)).path, SiteURL.network(slug: slug, .end(id)).path,
                SiteURL.network(slug: slug, .scopes(id)).path, SiteURL.network(slug: slug, .home).path
            ))
    }

    func html(_ p: PageContext) -> HTML {
        var out: HTML = """
            <p><a href="\(actions.back)">\(p("network_back"))</a></p>
            <h1>\(name)</h1>
            <dl class="facts">
            <dt>\(p("network_col_state"))</dt><dd>\(stateLabel)</dd>
            <dt>\(p("network_address"))</dt><dd><code>\(address)</code></dd>
            <dt>\(p("network_their_fingerprint"))</dt><dd><code class="fingerprint">\(fingerprint)</code></dd>
            <dt>\(p("network_col_code"))</dt><dd><code class="pairing-code">\(code)</code></dd>
            <dt>\(p("network_since"))</dt><dd>\(since)</dd>
            </dl>

            """
        switch state {
        case .awaitingAcceptance:
            out += """
                <section class="panel notice" aria-labelledby="compare-heading">
                <h2 id="compare-heading">\(p("network_compare_heading"))</h2>
                <p>\(p("network_compare_text"))</p>
                <p class="pairing-code-large"><code>\(code)</code></p>
                <div class="actions">\(HTML.buttonForm(p, action: actions.accept, label: p("network_accept")))\
                \(HTML.buttonForm(p, action: actions.end, label: p("network_decline"), style: "button secondary"))</div>
                </section>

                """
        case .awaitingPeer:
            out += """
                <section class="panel notice" role="status">
                <p>\(p("network_waiting_for_them"))</p>
                <p class="pairing-code-large"><code>\(code)</code></p>
                \(HTML.buttonForm(p, action: actions.end, label: p("network_cancel"), style: "button secondary"))
                </section>

                """
        case .active:
            out += """
                <p>\(p("network_active_text"))</p>
                <div class="actions">\(HTML.buttonForm(p, action: actions.pause, label: p("network_pause"), style: "button secondary"))\
                \(HTML.buttonForm(p, action: actions.end, label: p("network_end"), style: "button danger"))</div>

                """
        case .paused:
            out += """
                <p>\(p("network_paused_text"))</p>
                <div class="actions">\(HTML.buttonForm(p, action: actions.resume, label: p("network_resume")))\
                \(HTML.buttonForm(p, action: actions.end, label: p("network_end"), style: "button danger"))</div>

                """
        case .ended:
            out += "<p>\(p("network_ended_text"))</p>\n"
        }
        if state != .ended {
            out += """
                <section class="panel" aria-labelledby="scopes-heading">
                <h2 id="scopes-heading">\(p("network_scopes_heading"))</h2>
                \(HTML.when(saved, "<p class=\"notice\" role=\"status\">\(p("network_scopes_saved"))</p>"))
                <p>\(p("network_scopes_text"))</p>
                <form method="post" action="\(actions.scopes)" class="stack">
                \(HTML.csrf(p))
                \(HTML.each(scopes) { row in
                    """
                    <fieldset class="stack"><legend>\(row.label)</legend>
                    <p class="hint">\(row.hint)</p>
                    \(Checkbox(id: "send-\(row.scope)", name: "send_\(row.scope)", label: p("network_we_send"), checked: row.sends).html(p))\
                    \(Checkbox(id: "accept-\(row.scope)", name: "accept_\(row.scope)", label: p("network_we_accept"), checked: row.accepts).html(p))\
                    \(HTML.when(
                        state != .awaitingPeer,
                        "<p class=\"hint\">\(row.theyAccept ? p("network_they_accept") : p("network_they_do_not_accept"))</p>"))
                    </fieldset>

                    """
                })<button type="submit" class="button">\(p("network_scopes_submit"))</button>
                </form>
                </section>

                """
        }
        if !waiting.isEmpty {
            out += "<h2>\(p("network_waiting_heading"))</h2>\n<ul>\n\(HTML.each(waiting) { "<li>\($0)</li>\n" })</ul>\n"
        }
        if !refused.isEmpty {
            out +=
                "<h2>\(p("network_refused_heading"))</h2>\n<ul>\n\(HTML.each(refused) { "<li>\($0.0): \($0.1)</li>\n" })</ul>\n"
        }
        return out
    }
}
