import TejidoCore

/// Raising a concern about any part of the protocol, named or not.
struct ProtocolConcernPage: PageView {
    let parts: [Choice]
    let action: String
    let form: FormState
    let backHref: String

    static func build(slug: String, parts: [ProtocolOutline.Part], form: FormState) -> ProtocolConcernPage {
        ProtocolConcernPage(
            parts: parts.map { Choice(value: $0.key, label: $0.label, selected: form.values["part"] == $0.key) },
            action: SiteURL.protocolConcernNew(slug: slug).path, form: form, backHref: SiteURL.protocolHome(slug: slug).path)
    }

    func html(_ p: PageContext) -> HTML {
        """
        <h1>\(p("concern_heading"))</h1>
        <p><a href="\(backHref)">\(p("back_to_protocol"))</a></p>
        <p>\(p("concern_intro"))</p>
        \(HTML.errorSummary(form, p))<form method="post" action="\(action)" class="stack" novalidate>
        \(HTML.csrf(p))
        \(FormField("part", label: p("concern_part"), form: form, control: .select(parts, blank: "—")).html(p))\
        \(FormField("text", label: p("concern_text"), hint: p("concern_text_hint"), form: form, control: .textarea(rows: 8)).html(p))\
        \(Checkbox(id: "anonymous", label: p("concern_anonymous"), checked: form.values["anonymous"] == "1").html(p))\
        <button type="submit" class="button">\(p("concern_submit"))</button>
        </form>

        """
    }
}
