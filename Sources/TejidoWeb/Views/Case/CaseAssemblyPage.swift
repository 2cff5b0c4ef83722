import TejidoCore

/// A case at the assembly: the items raised from it, and raising one, only with the standing
/// consent of the person harmed and as the summary her side writes and approves. When it cannot be
/// raised, the page says why, to her as "you", and links to where that can be changed.
struct CaseAssemblyPage: PageView {
    let items: [AgendaRow]
    let action: String?
    /// Why no item can be raised now, when that is so.
    let blockedBy: String?
    /// Where what blocks it can be changed (the wishes, or the consents), for those who may.
    let fixHref: String?
    let fixLabel: String
    /// Someone acting for her says she read and approved the words.
    let needsApproval: Bool
    /// The responses the protocol reserves to the assembly for this harm, one of which an item may ask for.
    let asks: [Choice]
    let form: FormState
    let backHref: String

    /// `inCollective`: whether the asker still belongs to the collective (she may keep her case
    /// after leaving it; its assembly is then no longer hers).
    static func build(
        items: [AgendaRow], me: CaseParticipation, wishes: CaseWishes, mayRaise: Bool, inCollective: Bool,
        reserved: [ResponseKind], links: CaseLinks, form: FormState, _ p: PageContext
    ) -> CaseAssemblyPage {
        let ownCase = me.role == .survivor
        let byWish = wishes.limits.contains(.notToAssembly)
        var blockedBy: String?
        var fixHref: String?
        if !mayRaise {
            blockedBy =
                if !inCollective {
                    p("case_assembly_blocked_outside")
                } else if byWish {
                    p(ownCase ? "case_assembly_blocked_wish_yours" : "case_assembly_blocked_wish")
                } else if me.speaksForSurvivor {
                    p(ownCase ? "case_assembly_blocked_consent_yours" : "case_assembly_blocked_consent")
                } else {
                    p("case_assembly_blocked_not_yours")
                }
            if me.speaksForSurvivor, inCollective { fixHref = links.href(byWish ? .wishes : .consents) }
        }
        return CaseAssemblyPage(
            items: items, action: mayRaise ? links.href(.assembly) : nil, blockedBy: blockedBy, fixHref: fixHref,
            fixLabel: p(byWish ? "case_link_wishes" : "case_link_consents"), needsApproval: !ownCase,
            asks: reserved.map {
                Choice(
                    value: $0.rawValue, label: ProtocolVocabulary.name(of: $0, in: p.language),
                    selected: form.values["asks"] == $0.rawValue)
            }, form: form, backHref: links.href(.home))
    }

    func html(_ p: PageContext) -> HTML {
        var out: HTML = """
            <h1>\(p("case_assembly_heading"))</h1>
            <p><a href="\(backHref)">\(p("case_back"))</a></p>
            <p>\(p("case_assembly_intro"))</p>

            """
        if !items.isEmpty {
            out += """
                <h2>\(p("case_assembly_items"))</h2>
                <ul class="cards">
                \(HTML.each(items) { $0.decidedItem(p, showingSource: false) })</ul>

                """
        }
        if let blockedBy {
            out += """
                <p class="notice">\(blockedBy)\(HTML.when(fixHref != nil, " <a href=\"\(fixHref ?? "")\">\(fixLabel)</a>"))</p>

                """
        }
        guard let action else { return out }
        let approvedError = form.errors["approved"]
        out += """
            <h2>\(p("case_assembly_new"))</h2>
            <p class="hint">\(p("case_assembly_new_hint"))</p>
            \(HTML.errorSummary(form, p))<form method="post" action="\(action)" class="stack" novalidate>
            \(HTML.csrf(p))
            \(FormField("title", label: p("assembly_field_title"), form: form).html(p))\
            \(FormField("text", label: p("case_assembly_summary"), hint: p("case_assembly_summary_hint"), form: form, control: .textarea(rows: 8)).html(p))\
            \(HTML.when(!asks.isEmpty, FormField("asks", label: p("case_assembly_asks"), hint: p("case_assembly_asks_hint"), form: FormState(), control: .select(asks, blank: p("case_assembly_asks_none"))).html(p)))\
            \(Checkbox(
                id: "names_agreed", label: p("case_assembly_names_agreed"), hint: p("case_assembly_names_agreed_hint"),
                checked: form.values["names_agreed"] == "1", amongChoices: true).html(p))

            """
        if needsApproval {
            out += """
                <div class="field radio\(HTML.when(approvedError != nil, " field-has-error"))"><input type="checkbox" id="approved" \
                name="approved" value="1"\(HTML.when(form.values["approved"] == "1", " checked"))\
                \(HTML.when(approvedError != nil, " aria-invalid=\"true\" aria-describedby=\"approved-error\""))>\
                <label for="approved">\(p("case_assembly_approved"))</label>
                \(HTML.when(approvedError != nil, "<p class=\"error-message\" id=\"approved-error\"><span class=\"visually-hidden\">\(p("error_prefix"))</span> \(approvedError ?? "")</p>"))</div>

                """
        }
        return out + """
            <button type="submit" class="button">\(p("case_assembly_submit"))</button>
            </form>

            """
    }
}
