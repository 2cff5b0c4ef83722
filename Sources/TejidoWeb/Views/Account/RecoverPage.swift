import TejidoCore

/// A forgotten passphrase: the name, the recovery code, and a new passphrase.
struct RecoverPage: PageView {
    let action: String
    let form: FormState

    static func build(form: FormState) -> RecoverPage { RecoverPage(action: SiteURL.recover.path, form: form) }

    func html(_ p: PageContext) -> HTML {
        """
        <h1>\(p("recover_heading"))</h1>
        <p>\(p("recover_intro"))</p>
        \(HTML.errorSummary(form, p))<form method="post" action="\(action)" class="stack" novalidate>
        \(HTML.csrf(p))
        \(FormField(
            "username", label: p("field_username"), form: form,
            attributes: "autocomplete=\"username\" autocapitalize=\"none\" spellcheck=\"false\"").html(p))\
        \(FormField(
            "code", label: p("field_recovery_code"), hint: p("hint_recovery_code"), form: form,
            attributes: "autocomplete=\"off\" autocapitalize=\"characters\" spellcheck=\"false\"").html(p))\
        \(NewAccountFields.passphrase(form, p, name: "new", labelKey: "field_new_passphrase"))\
        <button type="submit" class="button">\(p("recover_submit"))</button>
        </form>
        <p>\(p("recover_without_code"))</p>

        """
    }
}
