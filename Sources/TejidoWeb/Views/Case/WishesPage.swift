import TejidoCore

/// The wishes page: what the person harmed wants and what must not happen, changed by her or by
/// someone acting for her (who says how she agreed).
struct WishesPage: PageView {
    let action: String
    let backHref: String
    let form: FormState
    let agreement: AgreementFields?

    static func build(me: CaseRole, links: CaseLinks, form: FormState, _ p: PageContext) -> WishesPage {
        WishesPage(
            action: links.href(.wishes), backHref: links.href(.home), form: form,
            agreement: AgreementFields.make(for: me, label: p("case_wishes_survivor_agreed"), values: form.values, p))
    }

    func html(_ p: PageContext) -> HTML {
        """
        <h1>\(p("case_wishes_heading"))</h1>
        <p><a href="\(backHref)">\(p("case_back"))</a></p>
        <p>\(p("case_wishes_intro"))</p>
        \(HTML.errorSummary(form, p))<form method="post" action="\(action)" class="stack" novalidate>
        \(HTML.csrf(p))
        \(WishesFields.html(form, p))
        \(agreement?.html(form, p) ?? .empty)<button type="submit" class="button">\(p("case_wishes_submit"))</button>
        </form>

        """
    }
}
