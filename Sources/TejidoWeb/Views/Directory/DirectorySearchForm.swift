import Foundation
import TejidoCore
import Vapor

/// The search form's values, echoed back, and the choices it offers; the members' and the public
/// directory both show it above their results.
struct DirectorySearchForm {
    let action: String
    let text: String
    let region: String
    let kinds: [Choice]
    let languages: [Choice]
    let noPolice: Bool
    let noImmigrationQuestions: Bool
    let isSearch: Bool

    static func read(_ req: Request) -> DirectorySearch {
        DirectorySearch(
            text: req.query[String.self, at: "q"] ?? "",
            kind: req.query[String.self, at: "kind"].flatMap(ResourceKind.init(rawValue:)),
            region: req.query[String.self, at: "region"] ?? "",
            language: req.query[String.self, at: "lang"].flatMap { $0.isEmpty ? nil : $0.lowercased() },
            noPolice: req.query[String.self, at: "nopolice"] == "1",
            noImmigrationQuestions: req.query[String.self, at: "noimm"] == "1", page: req.query[Int.self, at: "page"] ?? 1)
    }

    /// `offered`: the language codes the directory's entries use, each offered as a filter.
    init(_ search: DirectorySearch, action: String, offered: [String] = [], _ p: PageContext) {
        self.action = action
        text = search.text
        region = search.region
        let language = p.language
        kinds =
            [Choice(value: "", label: p("directory_any_kind"), selected: search.kind == nil)]
            + ResourceKind.allCases.map {
                Choice(value: $0.rawValue, label: DirectoryVocabulary.name(of: $0, in: language), selected: search.kind == $0)
            }
        let codes = Array(Set(Language.allCases.map(\.rawValue) + offered + [search.language].compactMap { $0 }))
            .map { ($0, LanguageNames.name(of: $0, in: language)) }
            .sorted { $0.1.localizedCaseInsensitiveCompare($1.1) == .orderedAscending }
        languages =
            [Choice(value: "", label: p("directory_any_language"), selected: search.language == nil)]
            + codes.map { Choice(value: $0.0, label: $0.1, selected: search.language == $0.0) }
        noPolice = search.noPolice
        noImmigrationQuestions = search.noImmigrationQuestions
        isSearch =
            !search.text.isEmpty || search.kind != nil || !search.region.isEmpty || search.language != nil || search.noPolice
            || search.noImmigrationQuestions
    }

    /// The same search on another page.
    static func pageHref(_ action: String, _ search: DirectorySearch, page: Int) -> String {
        var items = [URLQueryItem(name: "q", value: search.text), URLQueryItem(name: "region", value: search.region)]
        if let kind = search.kind { items.append(URLQueryItem(name: "kind", value: kind.rawValue)) }
        if let language = search.language { items.append(URLQueryItem(name: "lang", value: language)) }
        if search.noPolice { items.append(URLQueryItem(name: "nopolice", value: "1")) }
        if search.noImmigrationQuestions { items.append(URLQueryItem(name: "noimm", value: "1")) }
        items.append(URLQueryItem(name: "page", value: "\(page)"))
        var components = URLComponents()
        components.queryItems = items
        return action + "?" + (components.percentEncodedQuery ?? "")
    }

    func html(_ p: PageContext) -> HTML {
        let none = FormState()
        return """
            <form method="get" action="\(action)" class="panel search-form" role="search" aria-labelledby="search-h">
            <h2 id="search-h">\(p("directory_search_heading"))</h2>
            \(TrailingHintField(
                id: "q", type: "search", label: p("directory_search_words"), hint: p("directory_search_hint"), value: text).html(p))\
            <div class="inline-fields">
            \(FormField("kind", label: p("directory_field_kind"), form: none, control: .select(kinds, blank: nil)).html(p))\
            \(FormField("region", label: p("directory_search_region"), form: none, value: region).html(p))\
            \(FormField("lang", label: p("directory_search_language"), form: none, control: .select(languages, blank: nil)).html(p))\
            </div>
            \(Checkbox(id: "nopolice", label: p("directory_search_no_police"), checked: noPolice).html(p))\
            \(Checkbox(id: "noimm", label: p("directory_search_no_immigration"), checked: noImmigrationQuestions).html(p))\
            <button type="submit" class="button">\(p("directory_search_submit"))</button>
            </form>

            """
    }
}

/// A page of search results: the cards, or why there are none, and the way to the pages around.
struct DirectoryResults {
    let cards: [EntryCard]
    let isSearch: Bool
    let previousHref: String?
    let nextHref: String?

    /// `othersMatch`: connected collectives' entries match below, so "nothing found" would mislead.
    func html(_ p: PageContext, othersMatch: Bool = false) -> HTML {
        var out: HTML = """
            <section aria-labelledby="results-h">
            <h2 id="results-h">\(p(isSearch ? "directory_results" : "directory_all"))</h2>

            """
        if cards.isEmpty {
            out += "<p>\(p(othersMatch ? "directory_none_ours" : isSearch ? "directory_none" : "directory_empty"))</p>\n"
        }
        out += HTML.each(cards) { $0.html(p) }
        if previousHref != nil || nextHref != nil {
            out += """
                <nav class="pager" aria-label="\(p("directory_pages"))">\
                \(HTML.when(previousHref != nil, "<a href=\"\(previousHref ?? "")\">\(p("directory_previous"))</a>")) \
                \(HTML.when(nextHref != nil, "<a href=\"\(nextHref ?? "")\">\(p("directory_next"))</a>"))</nav>

                """
        }
        return out + "</section>\n"
    }
}
