import Foundation
import TejidoCore

/// The collectives a person belongs to, and the cases she keeps in collectives she has left.
struct CollectivesPage: PageView {
    struct Item {
        let name: String
        let href: String
        let role: String
    }
    let items: [Item]
    /// Cases the person harmed keeps in collectives she has left or was removed from.
    let keptCases: [Item]

    /// `kept`: each kept case with the collective it belongs to.
    static func build(
        memberships: [MembershipSummary], kept: [(collective: CollectiveRecord, opened: Date, stage: CaseStage, caseID: UUID)],
        _ p: PageContext
    ) -> CollectivesPage {
        CollectivesPage(
            items: memberships.map {
                Item(name: $0.name, href: SiteURL.collective(slug: $0.slug).path, role: p("role_\($0.role.rawValue)"))
            },
            keptCases: kept.map {
                Item(
                    name: p("collectives_kept_case", ["collective": $0.collective.name, "opened": p.dates.day($0.opened)]),
                    href: SiteURL.casePage(slug: $0.collective.slug, caseID: $0.caseID.text, .home).path,
                    role: p("stage_\($0.stage.rawValue)"))
            })
    }

    func html(_ p: PageContext) -> HTML {
        func cards(_ items: [Item]) -> HTML {
            "<ul class=\"cards\">\n"
                + HTML.each(items) { "<li><a href=\"\($0.href)\">\($0.name)</a> <span class=\"tag\">\($0.role)</span></li>\n" }
                + "</ul>\n"
        }
        var out: HTML = "<h1>\(p("collectives_heading"))</h1>\n"
        out += items.isEmpty ? "<p>\(p("collectives_none"))</p>\n" : cards(items)
        if !keptCases.isEmpty {
            out += "<h2>\(p("collectives_kept_heading"))</h2>\n<p>\(p("collectives_kept_text"))</p>\n" + cards(keptCases)
        }
        return out
    }
}
