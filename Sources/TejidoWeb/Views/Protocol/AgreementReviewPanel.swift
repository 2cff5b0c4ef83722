import Foundation
import TejidoCore

/// On the agreement's page: when the collective will look at it again, and for the care team
/// and admins a form to set or move that day (a year after adoption is offered first).
struct AgreementReviewPanel {
    /// The day set, in words; nil when none is set yet.
    let day: String?
    /// Where to post a new day; nil for members who may not set it.
    let action: String?
    let form: FormState

    static func build(
        reviewOn: Date?, adoptedAt: Date, now: Date, mayEdit: Bool, action: String, form: FormState, _ p: PageContext
    ) -> AgreementReviewPanel {
        var shown = form
        if shown.values["review_on"] == nil {
            shown.values["review_on"] = isoDay(
                reviewOn ?? AgreementReview.suggested(adoptedAt: adoptedAt, today: now, calendar: .utc))
        }
        return AgreementReviewPanel(day: reviewOn.map(p.dates.day), action: mayEdit ? action : nil, form: shown)
    }

    static func isoDay(_ date: Date) -> String {
        let parts = Calendar.utc.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    func html(_ p: PageContext) -> HTML {
        var out: HTML = """
            <section class="panel" aria-labelledby="review-h">
            <h2 id="review-h">\(p("agreement_review_heading"))</h2>
            <p>\(day.map { p("agreement_review_on", ["date": $0]) } ?? p("agreement_review_none"))</p>

            """
        if let action {
            out += """
                \(HTML.errorSummary(form, p, id: "review"))<form method="post" action="\(action)" novalidate>\(HTML.csrf(p))
                \(FormField("review_on", label: p("agreement_review_label"), hint: p("agreement_review_hint"), form: form,
                    control: .input("date")).html(p))\
                <button type="submit" class="button">\(p("agreement_review_submit"))</button>
                </form>

                """
        }
        return out + "</section>\n"
    }
}
