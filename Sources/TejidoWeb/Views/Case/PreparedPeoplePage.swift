import Foundation
import TejidoCore

/// Who in the collective is prepared and willing to be asked, for whoever chooses a case's
/// people: by skill, names only, with a note where a training is due for renewal. Asking them is
/// done as ever, by adding them on the people page once they have said yes.
struct PreparedPeoplePage: PageView {
    struct Group {
        let skill: String
        let people: [(name: String, renewSoon: Bool)]
    }
    let backHref: String
    let peopleHref: String
    let groups: [Group]

    static func build(
        skills: [SkillRecord], offered: [PreparedRoster.Offered], usernames: [UUID: String], links: CaseLinks,
        _ p: PageContext
    ) -> PreparedPeoplePage {
        PreparedPeoplePage(
            backHref: links.href(.home), peopleHref: links.href(.people),
            groups: skills.compactMap { skill in
                let people = offered.filter { $0.entry.skillID == skill.id }.compactMap { offer in
                    usernames[offer.entry.userID].map { (name: $0, renewSoon: offer.standing == .renewSoon) }
                }
                .sorted { $0.name.localizedCaseInsensitiveCompare($1.name) == .orderedAscending }
                return people.isEmpty ? nil : Group(skill: SkillsPage.label(skill, p), people: people)
            })
    }

    func html(_ p: PageContext) -> HTML {
        var out: HTML = """
            <h1>\(p("case_prepared_heading"))</h1>
            <p><a href="\(backHref)">\(p("case_back"))</a></p>
            <p>\(p("case_prepared_intro"))</p>

            """
        guard !groups.isEmpty else { return out + "<p>\(p("case_prepared_none"))</p>\n" }
        out += HTML.each(groups) { group in
            """
            <section class="panel">
            <h2>\(group.skill)</h2>
            <ul>
            \(HTML.each(group.people) { person in
                "<li>\(person.name)\(HTML.when(person.renewSoon, " <span class=\"tag\">\(p("skill_standing_renew_soon"))</span>"))</li>\n"
            })</ul>
            </section>

            """
        }
        return out + "<p><a href=\"\(peopleHref)\">\(p("case_prepared_to_people"))</a></p>\n"
    }
}
