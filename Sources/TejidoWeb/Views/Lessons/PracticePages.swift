import Foundation
import TejidoCore

/// The practice scenarios of the collective's education: a list for members, and the care team's
/// link to write one.
struct PracticeListPage: PageView {
    let scenarios: [(title: String, href: String, fromLesson: Bool)]
    let newHref: String?
    let lessonsHref: String
    let backHref: String

    static func build(slug: String, scenarios: [(id: UUID, scenario: PracticeScenario)], mayManage: Bool) -> PracticeListPage {
        PracticeListPage(
            scenarios: scenarios.map {
                ($0.scenario.title, SiteURL.practiceScenario(slug: slug, scenarioID: $0.id.text).path, $0.scenario.fromLesson)
            },
            newHref: mayManage ? SiteURL.practiceNew(slug: slug).path : nil, lessonsHref: SiteURL.lessons(slug: slug).path,
            backHref: SiteURL.collective(slug: slug).path)
    }

    func html(_ p: PageContext) -> HTML {
        """
        <p><a href="\(backHref)">\(p("lesson_back_home"))</a></p>
        <h1>\(p("practice_heading"))</h1>
        <p>\(p("practice_intro"))</p>
        \(HTML.when(newHref != nil, "<p><a class=\"button\" href=\"\(newHref ?? "")\">\(p("practice_new_link"))</a></p>\n"))\
        \(HTML.when(scenarios.isEmpty, "<p>\(p("practice_none"))</p>\n"))\
        \(HTML.when(!scenarios.isEmpty, """
            <ul>
            \(HTML.each(scenarios) { "<li><a href=\"\($0.href)\">\($0.title)</a>\(HTML.when($0.fromLesson, " — \(p("practice_from_lesson"))"))</li>\n" })</ul>

            """))\
        <p><a href="\(lessonsHref)">\(p("lessons_heading"))</a></p>

        """
    }
}

/// Writing a scenario, or one made from a published lesson (its words copied in to rework).
struct PracticeNewPage: PageView {
    let action: String
    let backHref: String
    let lessonID: String?
    let form: FormState

    func html(_ p: PageContext) -> HTML {
        """
        <p><a href="\(backHref)">\(p("practice_back"))</a></p>
        <h1>\(p("practice_new_heading"))</h1>
        \(HTML.when(lessonID != nil, "<p class=\"notice\">\(p("practice_new_from_lesson"))</p>\n"))\
        \(HTML.errorSummary(form, p))<form method="post" action="\(action)" class="stack" novalidate>
        \(HTML.csrf(p))\(HTML.when(lessonID != nil, HTML.hidden("lesson", lessonID ?? "")))
        \(FormField("title", label: p("practice_field_title"), form: form, attributes: "maxlength=\"200\"").html(p))\
        \(FormField("content_note", label: p("practice_field_note"), hint: p("practice_field_note_hint"), form: form, control: .textarea(rows: 3)).html(p))\
        \(FormField("text", label: p("practice_field_text"), form: form, control: .textarea(rows: 12)).html(p))\
        \(FormField("questions", label: p("practice_field_questions"), hint: p("practice_field_questions_hint"), form: form, control: .textarea(rows: 5)).html(p))\
        <button type="submit" class="button">\(p("practice_save"))</button>
        </form>

        """
    }
}

/// One scenario: the content note first; the scenario opens only when the reader chooses to
/// (a `<details>` element, which needs no JavaScript); then the questions.
struct PracticeScenarioPage: PageView {
    let scenario: PracticeScenario
    let backHref: String

    func html(_ p: PageContext) -> HTML {
        """
        <p><a href="\(backHref)">\(p("practice_back"))</a></p>
        <h1>\(scenario.title)</h1>
        \(HTML.when(scenario.fromLesson, "<p>\(p("practice_from_lesson_note"))</p>\n"))\
        <div class="panel"><h2>\(p("practice_content_note"))</h2>
        <p class="prose">\(scenario.contentNote)</p></div>
        <details><summary>\(p("practice_open"))</summary>
        <p class="prose">\(scenario.text)</p>
        \(HTML.when(!scenario.questions.isEmpty, """
            <h2>\(p("practice_questions"))</h2>
            <ol>\(HTML.each(scenario.questions) { "<li>\($0)</li>" })</ol>

            """))</details>

        """
    }
}
