import Foundation
import TejidoCore

/// What is on: the collective's sessions, upcoming first (or those past), and its activities.
struct ActivitiesPage: PageView {
    struct Row {
        let title: String
        let kind: String
        let when: String
        let place: String
        let href: String
    }

    let past: Bool
    let rows: [Row]
    let activities: [(title: String, kind: String, href: String)]
    let newHref: String?
    let otherHref: String
    let tookPartHref: String
    /// Scenarios the care team prepared for trainings and practice sessions.
    let practiceHref: String

    static func build(
        slug: String, past: Bool, sessions: [SessionListing], activities: [(id: UUID, title: String, kind: String)],
        mayCreate: Bool, _ p: PageContext
    ) -> ActivitiesPage {
        let list = SiteURL.activities(slug: slug, .list).path
        return ActivitiesPage(
            past: past,
            rows: sessions.map {
                Row(
                    title: $0.title, kind: p("activity_kind_\($0.kind.rawValue)"),
                    when: p.dates.dayAndTime($0.startsAt), place: $0.place ?? p("session_online"),
                    href: SiteURL.activities(slug: slug, .activity($0.activityID.text)).path)
            },
            activities: activities.map {
                (
                    $0.title, p("activity_kind_\($0.kind)"),
                    SiteURL.activities(slug: slug, .activity($0.id.text)).path
                )
            },
            newHref: mayCreate ? SiteURL.activities(slug: slug, .new).path : nil, otherHref: past ? list : list + "?past=1",
            tookPartHref: SiteURL.accountActivities.path, practiceHref: SiteURL.practice(slug: slug).path)
    }

    func html(_ p: PageContext) -> HTML {
        var out: HTML = """
            <h1>\(p("activities_heading"))</h1>
            <p>\(p("activities_intro"))</p>
            <p><a href="\(tookPartHref)">\(p("activities_took_part_link"))</a> · \
            <a href="\(practiceHref)">\(p("activities_practice_link"))</a>\
            \(HTML.when(newHref != nil, " · <a href=\"\(newHref ?? "")\">\(p("activities_new_link"))</a>"))</p>
            <h2>\(p(past ? "activities_past_heading" : "activities_upcoming_heading"))</h2>

            """
        if rows.isEmpty {
            out += "<p>\(p(past ? "activities_past_none" : "activities_upcoming_none"))</p>\n"
        } else {
            out += "<ul class=\"cards\">\n"
            out += HTML.each(rows) {
                """
                <li><a href="\($0.href)">\($0.title)</a> <span class="tag">\($0.kind)</span>
                <p>\($0.when) · \($0.place)</p></li>

                """
            }
            out += "</ul>\n"
        }
        out += "<p><a href=\"\(otherHref)\">\(p(past ? "activities_show_upcoming" : "activities_show_past"))</a></p>\n"
        out += "<h2>\(p("activities_all_heading"))</h2>\n"
        if activities.isEmpty { return out + "<p>\(p("activities_none"))</p>\n" }
        return out + "<ul>\n"
            + HTML.each(activities) { "<li><a href=\"\($0.href)\">\($0.title)</a> <span class=\"tag\">\($0.kind)</span></li>\n" }
            + "</ul>\n"
    }
}
