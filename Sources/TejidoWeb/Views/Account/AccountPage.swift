import TejidoCore

/// The signed-in person's own account: the recovery code, preferences, passphrase, sessions and
/// deletion. Each form that can come back wrong has its own state, so only its own errors show.
struct AccountPage: PageView {
    let username: String
    let neutralTitles: Bool
    let notice: String?
    let hasRecoveryCode: Bool
    /// A code just made, shown this once.
    let recoveryCode: String?
    let recoveryForm: FormState
    let passphraseForm: FormState
    let deleteForm: FormState

    /// `noticeKey` is one of the notices a redirect may ask for, never free text.
    static func build(
        username: String, neutralTitles: Bool, hasRecoveryCode: Bool, noticeKey: String? = nil, recoveryCode: String? = nil,
        recoveryForm: FormState = .empty, passphraseForm: FormState = .empty, deleteForm: FormState = .empty,
        _ p: PageContext
    ) -> AccountPage {
        AccountPage(
            username: username, neutralTitles: neutralTitles, notice: noticeKey.map { p("notice_\($0)") },
            hasRecoveryCode: hasRecoveryCode, recoveryCode: recoveryCode, recoveryForm: recoveryForm,
            passphraseForm: passphraseForm, deleteForm: deleteForm)
    }

    func html(_ p: PageContext) -> HTML {
        """
        <h1>\(p("account_heading"))</h1>
        \(HTML.when(notice != nil, "<p class=\"notice\" role=\"status\">\(notice ?? "")</p>\n"))\
        <p>\(p("account_signed_in_as")) <strong>\(username)</strong></p>
        <p><a href="\(SiteURL.accountActivities.path)">\(p("account_took_part_link"))</a></p>
        \(recovery(p))\(preferences(p))\(passphrase(p))\
        <section class="panel" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">\(p("account_sessions_heading"))</h2>
        <p>\(p("account_sessions_text"))</p>
        \(HTML.buttonForm(
            p, action: SiteURL.accountLogOutEverywhere.path, label: p("account_sessions_submit"), style: "button secondary"))
        </section>
        \(delete(p))
        """
    }

    private func recovery(_ p: PageContext) -> HTML {
        let code: HTML =
            recoveryCode.map {
                """
                <div class="notice" role="status"><p>\(p("account_recovery_shown_once"))</p>\
                <p><code class="recovery-code">\($0)</code></p></div>

                """
            } ?? .empty
        return """
            <section class="panel" aria-labelledby="recovery-heading">
            <h2 id="recovery-heading">\(p("account_recovery_heading"))</h2>
            <p>\(p("account_recovery_text"))</p>
            \(code)<p>\(p(hasRecoveryCode ? "account_recovery_has" : "account_recovery_none"))</p>
            \(HTML.errorSummary(recoveryForm, p, id: "recoveryForm"))\
            <form method="post" action="\(SiteURL.accountRecoveryCode.path)" class="stack" novalidate>
            \(HTML.csrf(p))
            \(FormField(
                "recovery_passphrase", name: "passphrase", label: p("field_confirm_with_passphrase"), form: recoveryForm,
                control: .input("password"), attributes: "autocomplete=\"current-password\"").html(p))\
            <button type="submit" class="button secondary">\
            \(p(hasRecoveryCode ? "account_recovery_replace" : "account_recovery_make"))</button>
            </form>
            </section>

            """
    }

    private func preferences(_ p: PageContext) -> HTML {
        """
        <section class="panel" aria-labelledby="preferences-heading">
        <h2 id="preferences-heading">\(p("account_preferences_heading"))</h2>
        <form method="post" action="\(SiteURL.accountPreferences.path)" class="stack">
        \(HTML.csrf(p))
        \(Checkbox(
            id: "neutral_titles", label: p("field_neutral_titles"), hint: p("hint_neutral_titles"), checked: neutralTitles,
            value: "on").html(p))\
        \(LanguageChoices(name: "lang", legend: p("field_language")).html(p))\
        <button type="submit" class="button">\(p("account_save"))</button>
        </form>
        </section>

        """
    }

    private func passphrase(_ p: PageContext) -> HTML {
        let form = passphraseForm
        return """
            <section class="panel" aria-labelledby="passphrase-heading">
            <h2 id="passphrase-heading">\(p("account_passphrase_heading"))</h2>
            <p>\(p("account_passphrase_text"))</p>
            \(HTML.errorSummary(form, p, id: "passphraseForm"))\
            <form method="post" action="\(SiteURL.accountPassphrase.path)" class="stack" novalidate>
            \(HTML.csrf(p))
            \(FormField(
                "current", label: p("field_current_passphrase"), form: form, control: .input("password"),
                attributes: "autocomplete=\"current-password\"").html(p))\
            \(NewAccountFields.passphrase(form, p, name: "new", labelKey: "field_new_passphrase"))\
            <button type="submit" class="button">\(p("account_passphrase_submit"))</button>
            </form>
            </section>

            """
    }

    private func delete(_ p: PageContext) -> HTML {
        // The field's id keeps it apart from the recovery form's; its problems come back under
        // the name the form posts.
        var field = FormField(
            "delete-passphrase", name: "passphrase", label: p("field_confirm_with_passphrase"), form: deleteForm,
            control: .input("password"), attributes: "autocomplete=\"current-password\"")
        field.error = deleteForm.errors["passphrase"]
        return """
            <section class="panel danger" aria-labelledby="delete-heading">
            <h2 id="delete-heading">\(p("account_delete_heading"))</h2>
            <p>\(p("account_delete_text"))</p>
            \(HTML.errorSummary(deleteForm, p, id: "deleteForm"))\
            <form method="post" action="\(SiteURL.accountDelete.path)" class="stack" novalidate>
            \(HTML.csrf(p))
            \(field.html(p))\
            <button type="submit" class="button danger">\(p("account_delete_submit"))</button>
            </form>
            </section>

            """
    }
}
