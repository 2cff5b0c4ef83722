import TejidoCore

/// How a lesson's choices read to one reader: harm types by the adopted protocol's names in the
/// reader's language (the id itself if the protocol no longer has it), responses by Tejido's.
struct LessonNames {
    let document: ProtocolDocument?
    let language: Language

    func harm(_ id: String) -> String {
        document?.harmType(id)?.name.text(in: language) ?? id
    }

    func harms(_ ids: [String]) -> String { ids.map(harm).joined(separator: ", ") }

    func responses(_ kinds: [ResponseKind]) -> String {
        kinds.map { ProtocolVocabulary.name(of: $0, in: language) }.joined(separator: ", ")
    }

    /// "Autumn 2025", and the language it is written in when the reader reads the other.
    func when(_ text: LessonText, _ p: PageContext) -> String {
        "\(p("lesson_season_\(text.season.rawValue)")) \(text.year)"
    }

    func writtenIn(_ text: LessonText, _ p: PageContext) -> String? {
        text.language == p.language ? nil : p("lesson_written_in", ["language": p("language_name_\(text.language.rawValue)")])
    }
}

/// A published lesson in a list: its title, when in general terms, what it is about.
struct LessonCard {
    let title: String
    let href: String
    let when: String
    let harms: String
    let responses: String
    let writtenIn: String?

    static func build(_ lesson: PublishedLesson, slug: String, names: LessonNames, _ p: PageContext) -> LessonCard {
        LessonCard(
            title: lesson.text.title, href: SiteURL.lesson(slug: slug, lessonID: lesson.id.text).path,
            when: names.when(lesson.text, p), harms: names.harms(lesson.text.harmTypes),
            responses: names.responses(lesson.text.responses), writtenIn: names.writtenIn(lesson.text, p))
    }

    func html(_ p: PageContext) -> HTML {
        """
        <li class="card"><h3><a href="\(href)">\(title)</a></h3>
        <p>\(when)\(HTML.when(writtenIn != nil, " · \(writtenIn ?? "")"))</p>
        \(HTML.when(!harms.isEmpty, "<p>\(p("lesson_harms")): \(harms)</p>\n"))\
        \(HTML.when(!responses.isEmpty, "<p>\(p("lesson_responses")): \(responses)</p>\n"))</li>

        """
    }
}
