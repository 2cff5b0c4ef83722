import TejidoCore

/// Signing in: name and passphrase, and where to go after.
struct LoginPage: PageView {
    let form: FormState
    let action: String
    /// Where the person was going when asked to sign in.
    let next: String
    let notice: String?

    /// `noticeKey` is one of the notices a redirect may ask for, never free text.
    static func build(form: FormState, next: String, noticeKey: String?, _ p: PageContext) -> LoginPage {
        LoginPage(form: form, action: SiteURL.login.path, next: next, notice: noticeKey.map { p("notice_\($0)") })
    }

    func html(_ p: PageContext) -> HTML {
        """
        <h1>\(p("login_heading"))</h1>
        \(HTML.when(notice != nil, "<p class=\"notice\" role=\"status\">\(notice ?? "")</p>\n"))\
        \(HTML.errorSummary(form, p, id: "error"))<form method="post" action="\(action)" class="stack" novalidate>
        \(HTML.csrf(p))
        \(HTML.hidden("next", next))
        \(FormField(
            "username", label: p("field_username"), form: form,
            attributes: "autocomplete=\"username\" autocapitalize=\"none\" spellcheck=\"false\" required").html(p))\
        \(FormField(
            "passphrase", label: p("field_passphrase"), form: form, control: .input("password"),
            attributes: "autocomplete=\"current-password\" required").html(p))\
        <button type="submit" class="button">\(p("login_submit"))</button>
        </form>
        <p><a href="\(SiteURL.recover.path)">\(p("login_forgot"))</a></p>
        <p>\(p("login_no_account"))</p>

        """
    }
}
