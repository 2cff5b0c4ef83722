/// The fields that make an account — a name, a passphrase and the passphrase again — alike on
/// the first-run page and when joining with an invitation.
enum NewAccountFields {
    static func html(_ form: FormState, _ p: PageContext) -> HTML {
        FormField(
            "username", label: p("field_username"), hint: p("hint_username"), form: form,
            attributes: "autocomplete=\"username\" autocapitalize=\"none\" spellcheck=\"false\""
        ).html(p)
            + passphrase(form, p, name: "passphrase", labelKey: "field_passphrase")
    }

    /// A new passphrase and the same again, `name` for the first.
    static func passphrase(_ form: FormState, _ p: PageContext, name: String, labelKey: String) -> HTML {
        FormField(
            name, label: p(labelKey), hint: p("hint_passphrase"), form: form, control: .input("password"),
            attributes: "autocomplete=\"new-password\""
        ).html(p)
            + FormField(
                "confirmation", label: p("field_passphrase_again"), form: form, control: .input("password"),
                attributes: "autocomplete=\"new-password\""
            ).html(p)
    }
}
