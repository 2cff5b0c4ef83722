import Foundation
import TejidoCore

/// The case's access log, newest first, a page at a time: who looked and who did what, never
/// content. Refusals in a row by the same person for the same act read as one line with a count
/// (they are mostly stored that way too), so probes cannot bury the survivor's own history.
struct AccessLogPage: PageView {
    struct Row {
        let who: String
        let what: String
        let when: String
    }

    let rows: [Row]
    let backHref: String
    let newerHref: String?
    let olderHref: String?

    /// `lines`: the page's lines the reader may read (`CaseReading.reads(act:)`), newest first.
    /// `strangers`: usernames of people refused at the door, who were never in the case.
    static func build(
        lines: [(AccessLine, Date)], people: [CaseFile.Person], strangers: [UUID: String], page: Int, hasOlder: Bool,
        links: CaseLinks, _ p: PageContext
    ) -> AccessLogPage {
        func who(_ line: AccessLine) -> String {
            if line.kind.rawValue.hasPrefix("mediator_") { return p("case_log_mediator") }
            // Everyone the case ever held is named; those who have left it are marked so.
            if let person = people.first(where: { $0.userID == line.userID && line.userID != nil }) {
                return person.isActive ? person.name : p("case_log_left_case", ["name": person.name])
            }
            return line.userID.flatMap { strangers[$0] }.map { p("case_log_not_in_case", ["name": $0]) }
                ?? p("case_log_someone_gone")
        }
        var rows: [Row] = []
        var repeats: (line: AccessLine, count: Int, earliest: Date, latest: Date)?
        func flush() {
            guard let group = repeats else { return }
            var what = what(group.line, p.words)
            if group.count > 1 {
                what += " · " + p("case_log_repeated", ["count": "\(group.count)", "since": p.dates.dayAndTime(group.earliest)])
            }
            rows.append(Row(who: who(group.line), what: what, when: p.dates.dayAndTime(group.latest)))
            repeats = nil
        }
        for (line, at) in lines {
            let count = line.repeats ?? 1
            let earliest = line.since ?? at
            if let group = repeats, group.line.isRepeated(by: line) {
                repeats = (group.line, group.count + count, min(group.earliest, earliest), group.latest)
                continue
            }
            flush()
            repeats = (line, count, earliest, at)
            if line.kind != .refused { flush() }
        }
        flush()
        let here = links.href(.log)
        return AccessLogPage(
            rows: rows, backHref: links.href(.home), newerHref: page > 1 ? here + (page == 2 ? "" : "?page=\(page - 1)") : nil,
            olderHref: hasOlder ? here + "?page=\(page + 1)" : nil)
    }

    /// A line's act, with its detail: pairs of a catalog key and the key of what it names, such as
    /// which wish was lifted ("log_wish_lifted:limit_no_police;…"). Anything else stored there is
    /// not shown.
    static func what(_ line: AccessLine, _ t: Words) -> String {
        let details = (line.detail ?? "").split(separator: ";").compactMap { pair -> String? in
            let parts = pair.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, parts.allSatisfy({ $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } }) else {
                return nil
            }
            return t(parts[0], ["wish": t(parts[1]), "what": t(parts[1]), "page": t(parts[1])])
        }
        return ([t("log_\(line.kind.rawValue)")] + details).joined(separator: " · ")
    }

    func html(_ p: PageContext) -> HTML {
        var out: HTML = """
            <h1>\(p("case_log_heading"))</h1>
            <p><a href="\(backHref)">\(p("case_back"))</a></p>
            <p>\(p("case_log_intro"))</p>
            <table>
            <caption>\(p("case_log_caption"))</caption>
            <thead><tr><th scope="col">\(p("case_log_when"))</th><th scope="col">\(p("case_log_who"))</th>\
            <th scope="col">\(p("case_log_what"))</th></tr></thead>
            <tbody>
            \(HTML.each(rows) { "<tr><td>\($0.when)</td><td>\($0.who)</td><td>\($0.what)</td></tr>\n" })</tbody>
            </table>

            """
        if newerHref != nil || olderHref != nil {
            out += """
                <nav aria-label="\(p("case_log_pages"))"><ul class="actions-row plain">
                \(HTML.when(newerHref != nil, "<li><a href=\"\(newerHref ?? "")\">\(p("case_log_newer"))</a></li>"))
                \(HTML.when(olderHref != nil, "<li><a href=\"\(olderHref ?? "")\">\(p("case_log_older"))</a></li>"))
                </ul></nav>

                """
        }
        return out
    }
}
