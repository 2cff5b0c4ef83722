import TejidoCore

/// Removing someone, which is an expulsion in all but name: what the protocol says about when
/// someone stops belonging, which harms it leaves to the assembly, and the reason, which is kept.
struct MemberRemovePage: PageView {
    let heading: String
    let action: String
    let cancelHref: String
    let leavingRule: String?
    /// Harm types whose protocol reserves expulsion to an assembly decision.
    let needsAssembly: [String]
    let assemblyHref: String
    let form: FormState

    /// `action` is where the page was posted to (the member's removal address).
    static func build(
        collective: CollectiveRecord, username: String, document: ProtocolDocument?, action: String, form: FormState,
        _ p: PageContext
    ) -> MemberRemovePage {
        let language = p.language
        let needsAssembly = (document?.harmTypes ?? []).filter { harm in
            harm.levels.contains { $0.responses.needsAssembly.contains(.expulsion) }
        }.map { $0.name.text(in: language, fallbacks: document?.languages ?? Language.allCases) }
        return MemberRemovePage(
            heading: p("members_remove_confirm_heading", ["name": username, "collective": collective.name]), action: action,
            cancelHref: SiteURL.members(slug: collective.slug).path,
            leavingRule: document.map { $0.leavingRule.text(in: language) },
            needsAssembly: needsAssembly, assemblyHref: SiteURL.assembly(slug: collective.slug).path, form: form)
    }

    func html(_ p: PageContext) -> HTML {
        var out: HTML = """
            <h1>\(heading)</h1>
            <p><a href="\(cancelHref)">\(p("members_back"))</a></p>
            \(HTML.errorSummary(form, p))<p>\(p("members_remove_is_expulsion"))</p>
            <p>\(p("members_remove_cases"))</p>

            """
        if let leavingRule {
            out += """
                <section aria-labelledby="leaving-rule"><h2 id="leaving-rule">\(p("members_remove_protocol_heading"))</h2>
                <p class="prose">\(leavingRule)</p>

                """
            if !needsAssembly.isEmpty {
                out += """
                    <p>\(p("members_remove_needs_assembly"))</p>
                    <ul>\(HTML.each(needsAssembly) { "<li>\($0)</li>" })</ul>
                    <p><a href="\(assemblyHref)">\(p("members_remove_assembly_link"))</a></p>

                    """
            }
            out += "</section>\n"
        } else {
            out += "<p>\(p("members_remove_no_protocol"))</p>\n"
        }
        return out + """
            <form method="post" action="\(action)" class="stack" novalidate>
            \(HTML.csrf(p))
            \(HTML.hidden("confirm", "yes"))
            \(FormField(
                "reason", label: p("members_remove_reason"), hint: p("members_remove_reason_hint"), form: form,
                control: .textarea(rows: 5), attributes: "maxlength=\"2000\"").html(p))\
            <div class="actions-row"><button type="submit" class="button danger">\(p("members_remove_confirm_submit"))</button>
            <a href="\(cancelHref)">\(p("confirm_cancel"))</a></div>
            </form>

            """
    }
}
