import TejidoCore

/// A collective's home: one's role, staying safe, the tools one may use, and leaving.
struct CollectiveHomePage: PageView {
    struct Tool {
        let label: String
        let href: String
        let description: String
    }
    let name: String
    let role: String
    let tools: [Tool]
    let leaveAction: String
    let accountHref: String
    /// The adopted agreement, while the person has not acknowledged it.
    let agreementHref: String?
    /// The person joined after the agreement was adopted: welcomed and asked to read it.
    var agreementNewcomer = false

    /// `tools` are the keys (`tool_<key>`) and places of the tools the person may use, in order.
    static func build(
        collective: CollectiveRecord, role: CollectiveRole, tools: [(key: String, url: SiteURL)], agreementPending: Bool,
        agreementNewcomer: Bool = false, _ p: PageContext
    ) -> CollectiveHomePage {
        CollectiveHomePage(
            name: collective.name, role: p("role_\(role.rawValue)"),
            tools: tools.map {
                Tool(label: p("tool_\($0.key)"), href: $0.url.path, description: p("tool_\($0.key)_description"))
            },
            leaveAction: SiteURL.collectiveLeave(slug: collective.slug).path, accountHref: SiteURL.account.path,
            agreementHref: agreementPending ? SiteURL.protocolAgreement(slug: collective.slug).path : nil,
            agreementNewcomer: agreementNewcomer)
    }

    func html(_ p: PageContext) -> HTML {
        var out: HTML = """
            <h1>\(name)</h1>
            <p>\(p("collective_your_role")) <span class="tag">\(role)</span></p>
            <p>\(p("collective_intro"))</p>

            """
        if let agreementHref {
            out += """
                <p class="notice" role="status">\(p(agreementNewcomer ? "agreement_pending_newcomer" : "agreement_pending")) \
                <a href="\(agreementHref)">\(p("agreement_pending_link"))</a></p>

                """
        }
        out += """
            <section class="panel" aria-labelledby="safety-heading">
            <h2 id="safety-heading">\(p("collective_safety_heading"))</h2>
            <ul>
            <li>\(p("collective_safety_exit"))</li>
            <li>\(p("collective_safety_titles")) <a href="\(accountHref)">\(p("collective_safety_account_link"))</a></li>
            <li>\(p("collective_safety_sessions"))</li>
            </ul>
            </section>

            """
        if !tools.isEmpty {
            out += "<h2>\(p("collective_tools_heading"))</h2>\n<ul class=\"cards\">\n"
            out += HTML.each(tools) { "<li><a href=\"\($0.href)\">\($0.label)</a><p>\($0.description)</p></li>\n" }
            out += "</ul>\n"
        }
        return out + """
            <details class="panel">
            <summary>\(p("collective_leave_heading"))</summary>
            <p>\(p("collective_leave_text"))</p>
            \(HTML.buttonForm(p, action: leaveAction, label: p("collective_leave_submit"), style: "button secondary"))
            </details>

            """
    }
}
