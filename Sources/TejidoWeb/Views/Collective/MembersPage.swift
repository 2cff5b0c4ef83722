import Foundation
import TejidoCore

/// Who belongs to a collective and their roles; for admins, changing roles, removing people,
/// giving back the key to those whose own key changed, and who was removed and why.
struct MembersPage: PageView {
    struct Row {
        let username: String
        let role: String
        let roleValue: String
        let joined: String
        let isSelf: Bool
        let roleAction: String
        let removeAction: String
        /// Their wrap of the collective's key is for a key they no longer hold.
        let restoreAction: String?
    }
    struct Removal {
        let name: String
        let when: String
        let by: String
        let reason: String
    }
    let name: String
    let rows: [Row]
    let canManage: Bool
    let roles: [(value: String, label: String)]
    let problem: String?
    let notice: String?
    /// People removed by an admin, with when, by whom and why; for admins only.
    let removals: [Removal]

    /// `waiting`: people whose key changed; `removals`: who was removed, when, by whom (nil once
    /// gone) and why. `problemKey` and `noticeKey` name catalog strings.
    static func build(
        collective: CollectiveRecord, members: [MembershipRecord], me: UUID?, canManage: Bool, waiting: Set<UUID>,
        removals: [(name: String?, at: Date, by: String?, reason: String)], problemKey: String?, noticeKey: String?,
        _ p: PageContext
    ) throws -> MembersPage {
        let gone = p("case_log_someone_gone")
        return MembersPage(
            name: collective.name,
            rows: try members.map { member in
                let id = try member.requireID().text
                return Row(
                    username: member.user.username, role: p("role_\(member.role.rawValue)"), roleValue: member.role.rawValue,
                    joined: p.dates.day(member.joinedAt), isSelf: member.$user.id == me,
                    roleAction: SiteURL.memberRole(slug: collective.slug, membershipID: id).path,
                    removeAction: SiteURL.memberRemove(slug: collective.slug, membershipID: id).path,
                    restoreAction: waiting.contains(member.$user.id) && member.$user.id != me
                        ? SiteURL.memberRestoreKey(slug: collective.slug, membershipID: id).path : nil)
            }, canManage: canManage,
            roles: CollectiveRole.allCases.map { ($0.rawValue, p("role_\($0.rawValue)")) },
            problem: problemKey.map { p($0) }, notice: noticeKey.map { p($0) },
            removals: removals.map {
                Removal(name: $0.name ?? gone, when: p.dates.day($0.at), by: $0.by ?? gone, reason: $0.reason)
            })
    }

    func html(_ p: PageContext) -> HTML {
        var out: HTML = """
            <h1>\(p("members_heading"))</h1>
            <p>\(name)</p>
            \(HTML.when(notice != nil, "<p class=\"notice\" role=\"status\">\(notice ?? "")</p>\n"))\
            \(HTML.when(problem != nil, "<div class=\"error-summary\" role=\"alert\"><p>\(problem ?? "")</p></div>\n"))\
            <table>
            <caption class="visually-hidden">\(p("members_heading"))</caption>
            <thead><tr><th scope="col">\(p("members_col_name"))</th><th scope="col">\(p("members_col_role"))</th>\
            <th scope="col">\(p("members_col_joined"))</th>\
            \(HTML.when(canManage, "<th scope=\"col\">\(p("members_col_actions"))</th>"))</tr></thead>
            <tbody>
            \(HTML.each(rows) { row(p, $0) })</tbody>
            </table>

            """
        if !removals.isEmpty {
            out += "<h2>\(p("members_removals_heading"))</h2>\n<ul class=\"cards\">\n"
            out += HTML.each(removals) {
                """
                <li><p><strong>\($0.name)</strong> · \($0.when) · \(p("members_removed_by")) \($0.by)</p>
                <p class="prose">\($0.reason)</p></li>

                """
            }
            out += "</ul>\n"
        }
        return out
    }

    private func row(_ p: PageContext, _ row: Row) -> HTML {
        """
        <tr>
        <th scope="row">\(row.username)\(HTML.when(row.isSelf, " <span class=\"tag\">\(p("members_you"))</span>"))</th>
        <td data-label="\(p("members_col_role"))">\(row.role)</td>
        <td data-label="\(p("members_col_joined"))">\(row.joined)</td>
        \(HTML.when(canManage, actions(p, row)))</tr>

        """
    }

    /// The admin's controls sit in a table cell, so they are inline forms whose labels only screen
    /// readers need, and each button names the person for them.
    private func actions(_ p: PageContext, _ row: Row) -> HTML {
        let who: HTML = " <span class=\"visually-hidden\">\(row.username)</span>"
        let restore: HTML =
            row.restoreAction.map {
                """
                <form method="post" action="\($0)" class="inline-form">
                \(HTML.csrf(p))
                <p class="hint">\(p("members_key_changed"))</p>
                <button type="submit" class="button small secondary">\(p("members_restore_key"))\(who)</button>
                </form>

                """
            } ?? .empty
        let remove: HTML = """
            <form method="post" action="\(row.removeAction)" class="inline-form">
            \(HTML.csrf(p))
            <button type="submit" class="button small danger">\(p("members_remove"))\(who)</button>
            </form>

            """
        return """
            <td class="actions">
            <form method="post" action="\(row.roleAction)" class="inline-form">
            \(HTML.csrf(p))
            <label class="visually-hidden" for="role-\(row.roleAction)">\(p("members_change_role_for")) \(row.username)</label>
            <select name="role" id="role-\(row.roleAction)">
            \(HTML.each(roles) { "<option value=\"\($0.value)\"\(HTML.when($0.value == row.roleValue, " selected"))>\($0.label)</option>\n" })</select>
            <button type="submit" class="button small">\(p("members_change_role"))</button>
            </form>
            \(restore)\(HTML.when(!row.isSelf, remove))</td>

            """
    }
}
