import Foundation
import TejidoCore

/// One lesson. Its authors see where it stands — waiting for the survivor's approval, approved
/// and opening to members on a day, or open — and what they may do; members read the published
/// words, marked with the language they are written in.
struct LessonPage: PageView {
    let title: String
    let when: String
    let writtenIn: String?
    let language: Language
    let harms: String
    let responses: String
    let parts: [(heading: String, text: String)]
    /// For its authors: where it stands.
    let status: String?
    /// The approve form, carrying the digest of exactly the text shown.
    let approveAction: String?
    let digest: String
    /// When members may first read it, shown beside the approve button: the wait is approved too.
    let delay: String
    let waitsForSurvivor: Bool
    let editHref: String?
    let withdrawHref: String?
    let practiceHref: String?
    let backHref: String
    let notice: String?
    let problem: String?

    static let headings = [
        ("happened", "lesson_field_happened"), ("collective_did", "lesson_field_collective_did"),
        ("helped", "lesson_field_helped"), ("did_not_help", "lesson_field_did_not_help"),
        ("differently", "lesson_field_differently"),
    ]

    static func build(
        id: UUID, slug: String, text: LessonText, delay: LessonSchedule.Delay, names: LessonNames, status: String?,
        mayApprove: Bool,
        needsApproval: Bool, waitsForSurvivor: Bool, mayEdit: Bool, mayMakeScenario: Bool, notice: String?,
        problem: String?, _ p: PageContext
    ) -> LessonPage {
        let sections = Dictionary(uniqueKeysWithValues: text.parts.map { ($0.field, $0.text) })
        return LessonPage(
            title: text.title, when: names.when(text, p), writtenIn: names.writtenIn(text, p), language: text.language,
            harms: names.harms(text.harmTypes), responses: names.responses(text.responses),
            parts: headings.compactMap { field, key in
                guard let body = sections[field], !body.isEmpty else { return nil }
                return (p(key), body)
            },
            status: status,
            approveAction: mayApprove && needsApproval ? SiteURL.lessonApprove(slug: slug, lessonID: id.text).path : nil,
            digest: LessonApproval.digest(text, delay: delay), delay: p("lesson_delay_\(delay.rawValue)"),
            waitsForSurvivor: waitsForSurvivor && needsApproval,
            editHref: mayEdit ? SiteURL.lessonEdit(slug: slug, lessonID: id.text).path : nil,
            withdrawHref: mayEdit ? SiteURL.lessonWithdraw(slug: slug, lessonID: id.text).path : nil,
            practiceHref: mayMakeScenario ? SiteURL.practiceNew(slug: slug).path + "?lesson=\(id.text)" : nil,
            backHref: SiteURL.lessons(slug: slug).path, notice: notice, problem: problem)
    }

    func html(_ p: PageContext) -> HTML {
        """
        <p><a href="\(backHref)">\(p("lessons_back"))</a></p>
        \(HTML.when(notice != nil, "<p class=\"notice\" role=\"status\">\(notice ?? "")</p>\n"))\
        \(HTML.when(problem != nil, "<div class=\"error-summary\" role=\"alert\"><p>\(problem ?? "")</p></div>\n"))\
        <h1>\(title)</h1>
        <p>\(when)\(HTML.when(writtenIn != nil, " · \(writtenIn ?? "")"))</p>
        \(HTML.when(status != nil, "<p class=\"panel\"><strong>\(p("lesson_status"))</strong> \(status ?? "")</p>\n"))\
        \(HTML.when(!harms.isEmpty, "<p>\(p("lesson_harms")): \(harms)</p>\n"))\
        \(HTML.when(!responses.isEmpty, "<p>\(p("lesson_responses")): \(responses)</p>\n"))\
        <div lang="\(language.rawValue)">
        \(HTML.each(parts) { "<h2>\($0.heading)</h2>\n<p class=\"prose\">\($0.text)</p>\n" })</div>
        \(approveForm(p))\
        \(HTML.when(waitsForSurvivor && approveAction == nil, "<p>\(p("lesson_waits_for_survivor"))</p>\n"))\
        \(HTML.when(editHref != nil || withdrawHref != nil || practiceHref != nil, """
            <ul class="actions">
            \(HTML.when(editHref != nil, "<li><a href=\"\(editHref ?? "")\">\(p("lesson_edit_link"))</a></li>\n"))\
            \(HTML.when(withdrawHref != nil, "<li><a href=\"\(withdrawHref ?? "")\">\(p("lesson_withdraw_link"))</a></li>\n"))\
            \(HTML.when(practiceHref != nil, "<li><a href=\"\(practiceHref ?? "")\">\(p("lesson_make_scenario"))</a></li>\n"))</ul>

            """))
        """
    }

    private func approveForm(_ p: PageContext) -> HTML {
        guard let approveAction else { return .empty }
        return """
            <form method="post" action="\(approveAction)" class="stack panel">
            \(HTML.csrf(p))\(HTML.hidden("digest", digest))
            <p>\(p("lesson_approve_explain"))</p>
            <p>\(p("lesson_approve_delay")) <strong>\(delay)</strong></p>
            <button type="submit" class="button">\(p("lesson_approve_submit"))</button>
            </form>

            """
    }
}
