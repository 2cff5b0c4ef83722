import TejidoCore

/// The collective's lessons: search the published ones (words, harm type, response), and the
/// reader's own lessons with where each stands.
struct LessonsPage: PageView {
    struct Mine {
        let title: String
        let href: String
        let status: String
    }

    let action: String
    let query: String
    let harms: [Choice]
    let responses: [Choice]
    let searched: Bool
    let results: [LessonCard]
    let mine: [Mine]
    let practiceHref: String
    let backHref: String
    let withdrawn: Bool

    static func build(
        slug: String, search: LessonSearch, searched: Bool, results: [PublishedLesson], mine: [Mine],
        document: ProtocolDocument?, withdrawn: Bool, _ p: PageContext
    ) -> LessonsPage {
        let names = LessonNames(document: document, language: p.language)
        let harms = (document?.harmTypes ?? []).map {
            Choice(value: $0.id, label: names.harm($0.id), selected: search.harmType == $0.id)
        }
        let responses = ResponseKind.allCases.map {
            Choice(value: $0.rawValue, label: ProtocolVocabulary.name(of: $0, in: p.language), selected: search.response == $0)
        }
        return LessonsPage(
            action: SiteURL.lessons(slug: slug).path, query: search.query, harms: harms, responses: responses,
            searched: searched, results: results.map { LessonCard.build($0, slug: slug, names: names, p) }, mine: mine,
            practiceHref: SiteURL.practice(slug: slug).path, backHref: SiteURL.collective(slug: slug).path,
            withdrawn: withdrawn)
    }

    func html(_ p: PageContext) -> HTML {
        let form = FormState(values: ["q": query])
        return """
            <p><a href="\(backHref)">\(p("lesson_back_home"))</a></p>
            <h1>\(p("lessons_heading"))</h1>
            \(HTML.when(withdrawn, "<p class=\"notice\" role=\"status\">\(p("lesson_withdrawn_notice"))</p>\n"))\
            <p>\(p("lessons_intro"))</p>
            <p><a href="\(practiceHref)">\(p("practice_heading"))</a></p>
            <form method="get" action="\(action)" class="stack" role="search">
            \(FormField("q", label: p("lessons_search_label"), hint: p("lessons_search_hint"), form: form, control: .input("search"), attributes: "maxlength=\"200\"").html(p))\
            \(FormField("harm", label: p("lesson_harms"), form: form, control: .select(harms, blank: p("lessons_any"))).html(p))\
            \(FormField("response", label: p("lesson_responses"), form: form, control: .select(responses, blank: p("lessons_any"))).html(p))\
            <button type="submit" class="button">\(p("lessons_search_submit"))</button>
            </form>
            <h2>\(p(searched ? "lessons_results" : "lessons_published"))</h2>
            \(HTML.when(results.isEmpty, "<p>\(p(searched ? "lessons_no_match" : "lessons_none"))</p>\n"))\
            \(HTML.when(!results.isEmpty, "<ul class=\"cards\">\n\(HTML.each(results) { $0.html(p) })</ul>\n"))\
            \(HTML.when(!mine.isEmpty, """
                <h2>\(p("lessons_mine"))</h2>
                <ul>
                \(HTML.each(mine) { "<li><a href=\"\($0.href)\">\($0.title)</a> — \($0.status)</li>\n" })</ul>

                """))
            """
    }
}
