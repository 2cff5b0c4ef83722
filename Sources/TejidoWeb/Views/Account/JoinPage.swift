import TejidoCore

/// Joining a collective with an invitation: as the account one is signed in with, or with a new
/// one made here.
struct JoinPage: PageView {
    let collectiveName: String
    let action: String
    /// The signed-in person's name; nil when nobody is signed in.
    let username: String?
    let loginHref: String
    let form: FormState

    static func build(collectiveName: String, token: String, username: String?, form: FormState) -> JoinPage {
        let url = SiteURL.join(token: token)
        return JoinPage(
            collectiveName: collectiveName, action: url.path, username: username,
            loginHref: SiteURL.login.path + "?next="
                + (url.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""),
            form: form)
    }

    func html(_ p: PageContext) -> HTML {
        var out: HTML = """
            <h1>\(p("join_heading"))</h1>
            <p class="lead">\(p("join_intro")) <strong>\(collectiveName)</strong></p>
            \(HTML.errorSummary(form, p))
            """
        if let username {
            return out + """
                <form method="post" action="\(action)" class="stack">
                \(HTML.csrf(p))
                <p>\(p("join_as")) <strong>\(username)</strong></p>
                <button type="submit" class="button">\(p("join_submit_existing"))</button>
                </form>

                """
        }
        out += """
            <p>\(p("join_have_account")) <a href="\(loginHref)">\(p("join_sign_in_first"))</a></p>
            <h2>\(p("join_new_account"))</h2>
            <p>\(p("join_pseudonym"))</p>
            <form method="post" action="\(action)" class="stack" novalidate>
            \(HTML.csrf(p))
            \(NewAccountFields.html(form, p))\
            <button type="submit" class="button">\(p("join_submit_new"))</button>
            </form>

            """
        return out
    }
}
