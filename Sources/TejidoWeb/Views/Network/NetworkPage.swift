import Foundation
import TejidoCore

/// A collective's connections to collectives on other instances: this instance's fingerprint, a
/// new invitation (shown once), making one, pasting one, the connections, the invitations still
/// open, and how many requests from elsewhere were refused.
struct NetworkPage: PageView {
    struct Row {
        let name: String
        let state: String
        let code: String
        let link: String
        /// A pairing request that waits for this side to compare the code and accept.
        let awaitsUs: Bool
    }
    struct OpenInvitation {
        let created: String
        let expires: String
        let withdrawAction: String
    }
    struct Refused {
        let reason: String
        let count: Int
    }

    let name: String
    let fingerprint: String
    let canInvite: Bool
    let newInvitation: (text: String, expires: String?)?
    let inviteAction: String
    let joinAction: String
    let matchingHref: String
    let rows: [Row]
    let invitations: [OpenInvitation]
    let refused: [Refused]
    let inviteForm: FormState
    let joinForm: FormState

    static func build(
        collective: CollectiveRecord, fingerprint: PeerFingerprint, canInvite: Bool, connections: [PeerConnection],
        invitations: [PeerInvitationRecord], refusals: [PeerLedger.Count], newInvitation: (text: String, expires: Date?)?,
        inviteForm: FormState, joinForm: FormState, _ p: PageContext
    ) throws -> NetworkPage {
        let slug = collective.slug
        var totals: [PeerRefusal: Int] = [:]
        for count in refusals { totals[count.reason, default: 0] += count.total }
        return NetworkPage(
            name: collective.name, fingerprint: fingerprint.readable, canInvite: canInvite,
            newInvitation: newInvitation.map { ($0.text, $0.expires.map(p.dates.dayAndTime)) },
            inviteAction: SiteURL.network(slug: slug, .invitations).path, joinAction: SiteURL.network(slug: slug, .join).path,
            matchingHref: SiteURL.network(slug: slug, .matching).path,
            rows: connections.map { connection in
                Row(
                    name: connection.details.name, state: p("network_state_\(connection.state.rawValue)"),
                    code: connection.details.code,
                    link: SiteURL.network(slug: slug, .connection(connection.id.text)).path,
                    awaitsUs: connection.state == .awaitingAcceptance)
            },
            invitations: try invitations.map {
                OpenInvitation(
                    created: p.dates.dayAndTime($0.createdAt), expires: p.dates.dayAndTime($0.expiresAt),
                    withdrawAction: SiteURL.network(slug: slug, .withdrawInvitation(try $0.requireID().text)).path)
            },
            refused: PeerRefusal.allCases.compactMap { reason in
                totals[reason].map { Refused(reason: p("network_refusal_\(reason.rawValue)"), count: $0) }
            }, inviteForm: inviteForm, joinForm: joinForm)
    }

    func html(_ p: PageContext) -> HTML {
        var out: HTML = """
            <h1>\(p("network_heading"))</h1>
            <p>\(p("network_intro"))</p>
            <p><a href="\(matchingHref)">\(p("network_matching_link"))</a></p>
            <p>\(p("network_fingerprint_label")) <code class="fingerprint">\(fingerprint)</code></p>

            """
        // A request waiting for us comes first: the other admin is perhaps on a call right now.
        let requests = rows.filter(\.awaitsUs)
        if !requests.isEmpty {
            out += """
                <section class="panel notice" aria-labelledby="requests-heading">
                <h2 id="requests-heading">\(p("network_requests_heading"))</h2>
                <ul>
                \(HTML.each(requests) { "<li><a href=\"\($0.link)\">\(p("network_request_compare", ["name": $0.name]))</a></li>\n" })</ul>
                </section>

                """
        }
        if let newInvitation {
            out += """
                <section class="panel notice" role="status" aria-labelledby="new-invitation-heading">
                <h2 id="new-invitation-heading">\(p("network_new_invitation_heading"))</h2>
                <p>\(p("network_new_invitation_text"))</p>
                <p><label for="new-invitation">\(p("network_new_invitation_label"))</label></p>
                <textarea id="new-invitation" class="copy-field" rows="4" readonly>\(newInvitation.text)</textarea>
                \(HTML.when(newInvitation.expires != nil, "<p>\(p("network_new_invitation_expires")) \(newInvitation.expires ?? "")</p>"))
                </section>

                """
        }
        if !canInvite {
            out += "<section class=\"panel notice\" role=\"status\">\n<p>\(p("network_no_public_url"))</p>\n</section>\n"
        } else {
            out += """
                <section class="panel" aria-labelledby="invite-heading">
                <h2 id="invite-heading">\(p("network_invite_heading"))</h2>
                <p>\(p("network_invite_text"))</p>
                \(HTML.errorSummary(inviteForm, p, id: "invite"))<form method="post" action="\(inviteAction)" class="stack" novalidate>
                \(HTML.csrf(p))
                \(FormField(
                    "hours", label: p("network_field_hours"), hint: p("network_hint_hours"), form: inviteForm,
                    control: .input("number"),
                    attributes: "inputmode=\"numeric\" min=\"1\" max=\"\(PairingInvitation.maximumHours)\" placeholder=\"\(PairingInvitation.defaultHours)\"",
                    narrow: true).html(p))\
                <button type="submit" class="button">\(p("network_invite_submit"))</button>
                </form>
                </section>
                <section class="panel" aria-labelledby="join-heading">
                <h2 id="join-heading">\(p("network_join_heading"))</h2>
                <p>\(p("network_join_text"))</p>
                \(HTML.errorSummary(joinForm, p, id: "join"))<form method="post" action="\(joinAction)" class="stack" novalidate>
                \(HTML.csrf(p))
                \(FormField(
                    "invitation", label: p("network_field_invitation"), hint: p("network_hint_invitation"), form: joinForm,
                    control: .textarea(rows: 4), attributes: "maxlength=\"2000\" spellcheck=\"false\" autocomplete=\"off\"").html(p))\
                <button type="submit" class="button">\(p("network_join_submit"))</button>
                </form>
                </section>

                """
        }
        out += "<h2>\(p("network_connections_heading"))</h2>\n"
        if rows.isEmpty {
            out += "<p>\(p("network_connections_none"))</p>\n"
        } else {
            let state = p("network_col_state"), code = p("network_col_code")
            out += """
                <table>
                <thead><tr><th scope="col">\(p("network_col_collective"))</th><th scope="col">\(state)</th>\
                <th scope="col">\(code)</th></tr></thead>
                <tbody>
                \(HTML.each(rows) { row in
                    """
                    <tr><th scope="row"><a href="\(row.link)">\(row.name)</a></th><td data-label="\(state)">\(row.state)</td>\
                    <td data-label="\(code)"><code>\(row.code)</code></td></tr>

                    """
                })</tbody>
                </table>

                """
        }
        if !invitations.isEmpty {
            let expires = p("network_col_expires")
            out += """
                <h2>\(p("network_invitations_heading"))</h2>
                <table>
                <thead><tr><th scope="col">\(p("network_col_created"))</th><th scope="col">\(expires)</th>\
                <th scope="col">\(p("members_col_actions"))</th></tr></thead>
                <tbody>
                \(HTML.each(invitations) { row in
                    """
                    <tr><th scope="row">\(row.created)</th><td data-label="\(expires)">\(row.expires)</td>
                    <td>\(HTML.buttonForm(
                        p, action: row.withdrawAction, label: p("network_invitation_withdraw"), style: "button small secondary",
                        formClass: "inline-form"))</td></tr>

                    """
                })</tbody>
                </table>

                """
        }
        out += "<h2>\(p("network_refused_heading"))</h2>\n<p>\(p("network_refused_text"))</p>\n"
        if refused.isEmpty { return out + "<p>\(p("network_refused_none"))</p>\n" }
        return out + """
            <ul>
            \(HTML.each(refused) { "<li>\($0.reason): \($0.count)</li>\n" })</ul>

            """
    }
}
