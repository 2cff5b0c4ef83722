import Foundation
import TejidoCore

/// A case's care page: support found for everyone involved, each referral readable by the side
/// it was made for, and the form to make one.
struct CareReferralsPage: PageView {
    struct Row {
        let forWhom: String
        let service: String?
        let text: String
        let who: String
        let when: String
    }

    let backHref: String
    let rows: [Row]
    /// Where a new referral goes, for those who may make one.
    let action: String?
    let forWhom: [Choice]
    let services: [Choice]
    let form: FormState

    /// `referrals` are those the reader may read (the service decides); only the author's role is
    /// shown, never their name.
    static func build(
        referrals: [(CareReferral, Date)], reader: CaseRole, authorRole: (UUID?) -> CaseRole?,
        services: [(id: UUID, name: String)], mayRefer: Bool, links: CaseLinks, form: FormState, _ p: PageContext
    ) -> CareReferralsPage {
        let names = Dictionary(services.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        return CareReferralsPage(
            backHref: links.href(.home),
            rows: referrals.map { referral, at in
                Row(
                    forWhom: p("care_for_\(referral.forWhom.rawValue)"), service: referral.entryID.flatMap { names[$0] },
                    text: referral.text,
                    who: authorRole(referral.author).map { p("case_role_\($0.rawValue)") } ?? p("case_someone"),
                    when: p.dates.day(at))
            },
            action: mayRefer ? links.href(.care) : nil,
            forWhom: CareReferral.ForWhom.choices(for: reader).map {
                Choice(value: $0.rawValue, label: p("care_for_\($0.rawValue)"), selected: form.values["for_whom"] == $0.rawValue)
            },
            services: services.map {
                Choice(value: $0.id.text, label: $0.name, selected: form.values["entry"] == $0.id.text)
            }, form: form)
    }

    func html(_ p: PageContext) -> HTML {
        var out: HTML = """
            <h1>\(p("case_care_heading"))</h1>
            <p><a href="\(backHref)">\(p("case_back"))</a></p>
            <p>\(p("case_care_intro"))</p>

            """
        if rows.isEmpty {
            out += "<p>\(p("case_care_none"))</p>\n"
        } else {
            out += "<ul class=\"cards\">\n"
            out += HTML.each(rows) { row in
                """
                <li><p><strong>\(row.forWhom)</strong>\(HTML.when(row.service != nil, " · \(row.service ?? "")")) · \
                <span class="hint">\(row.who), \(row.when)</span></p>\(HTML.when(!row.text.isEmpty, "<p class=\"prose\">\(row.text)</p>"))</li>

                """
            }
            out += "</ul>\n"
        }
        guard let action else { return out + "<p class=\"hint\">\(p("care_not_yours"))</p>\n" }
        out += """
            <h2>\(p("care_new"))</h2>
            \(HTML.errorSummary(form, p))<form method="post" action="\(action)" class="stack" novalidate>
            \(HTML.csrf(p))
            \(FormField("for_whom", label: p("care_for_whom"), form: form, control: .select(forWhom, blank: "—")).html(p))\
            \(FormField("entry", label: p("care_service"), form: form, control: .select(services, blank: p("care_service_none"))).html(p))\
            \(FormField("text", label: p("care_text"), hint: p("care_text_hint"), form: form, control: .textarea(rows: 3)).html(p))\
            <button type="submit" class="button">\(p("care_submit"))</button>
            </form>

            """
        return out
    }
}
