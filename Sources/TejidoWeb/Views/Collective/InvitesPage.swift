import TejidoCore

/// A collective's invitations: the link just made (shown once), making one, and those still open.
struct InvitesPage: PageView {
    struct Row {
        let label: String
        let role: String
        let created: String
        let expires: String
        let revokeAction: String
    }
    let name: String
    let action: String
    let rows: [Row]
    let roles: [Choice]
    let form: FormState
    let newLink: String?
    let resent: Bool
    let defaultDays: Int
    /// A fresh random value per form shown, so sending the same form twice makes one link.
    let request: String

    static func build(
        collective: CollectiveRecord, invites: [InviteRecord], form: FormState, newLink: String?, resent: Bool,
        defaultDays: Int, request: String, _ p: PageContext
    ) throws -> InvitesPage {
        let chosen = form.values["role"] ?? CollectiveRole.member.rawValue
        return InvitesPage(
            name: collective.name, action: SiteURL.invites(slug: collective.slug).path,
            rows: try invites.map {
                Row(
                    label: $0.label ?? "—", role: p("role_\($0.role.rawValue)"), created: p.dates.day($0.createdAt),
                    expires: p.dates.day($0.expiresAt),
                    revokeAction: SiteURL.inviteRevoke(slug: collective.slug, inviteID: try $0.requireID().text).path)
            },
            roles: CollectiveRole.allCases.map {
                Choice(value: $0.rawValue, label: p("role_\($0.rawValue)"), selected: $0.rawValue == chosen)
            }, form: form, newLink: newLink, resent: resent, defaultDays: defaultDays, request: request)
    }

    func html(_ p: PageContext) -> HTML {
        var out: HTML = "<h1>\(p("invites_heading"))</h1>\n<p>\(name)</p>\n"
        if let newLink {
            out += """
                <section class="panel notice" role="status" aria-labelledby="new-link-heading">
                <h2 id="new-link-heading">\(p("invites_new_link_heading"))</h2>
                <p>\(p("invites_new_link_text"))</p>
                <p><label for="new-link">\(p("invites_new_link_label"))</label></p>
                <input id="new-link" class="copy-field" type="text" readonly value="\(newLink)">
                </section>

                """
        }
        if resent { out += "<section class=\"panel notice\" role=\"status\">\n<p>\(p("invites_resent"))</p>\n</section>\n" }
        out += """
            <section class="panel" aria-labelledby="create-heading">
            <h2 id="create-heading">\(p("invites_create_heading"))</h2>
            <p>\(p("invites_create_text"))</p>
            \(HTML.errorSummary(form, p))<form method="post" action="\(action)" class="stack" novalidate>
            \(HTML.csrf(p))
            \(HTML.hidden("request", request))
            \(FormField(
                "label", label: p("field_invite_label"), hint: p("hint_invite_label"), form: form,
                attributes: "maxlength=\"60\"").html(p))\
            \(FormField("role", label: p("field_role"), form: form, control: .select(roles, blank: nil)).html(p))\
            \(FormField(
                "days", label: p("field_invite_days"), hint: p("hint_invite_days"), form: form, control: .input("number"),
                attributes: "inputmode=\"numeric\" min=\"1\" max=\"30\" placeholder=\"\(defaultDays)\"").html(p))\
            <button type="submit" class="button">\(p("invites_create_submit"))</button>
            </form>
            </section>
            <h2>\(p("invites_open_heading"))</h2>

            """
        guard !rows.isEmpty else { return out + "<p>\(p("invites_none"))</p>\n" }
        let role = p("field_role"), created = p("invites_col_created"), expires = p("invites_col_expires")
        return out + """
            <table>
            <thead><tr><th scope="col">\(p("invites_col_label"))</th><th scope="col">\(role)</th><th scope="col">\(created)</th>\
            <th scope="col">\(expires)</th><th scope="col">\(p("members_col_actions"))</th></tr></thead>
            <tbody>
            \(HTML.each(rows) { row in
                """
                <tr><th scope="row">\(row.label)</th><td data-label="\(role)">\(row.role)</td>\
                <td data-label="\(created)">\(row.created)</td><td data-label="\(expires)">\(row.expires)</td>
                <td>\(HTML.buttonForm(
                    p, action: row.revokeAction, label: p("invites_revoke"), style: "button small secondary",
                    formClass: "inline-form"))</td></tr>

                """
            })</tbody>
            </table>

            """
    }
}
