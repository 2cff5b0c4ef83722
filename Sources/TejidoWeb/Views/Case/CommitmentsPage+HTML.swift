import TejidoCore

extension CommitmentsPage {
    func html(_ p: PageContext) -> HTML {
        var out: HTML = """
            <h1>\(p("case_commitments_heading"))</h1>
            <p><a href="\(backHref)">\(p("case_back"))</a> · <a href="\(proposalHref)">\(p("case_link_proposal"))</a></p>
            <p>\(p("commitments_intro"))</p>
            \(HTML.errorSummary(form, p))
            """
        if let viewAction {
            out += """
                <form method="post" action="\(viewAction)" class="panel stack" novalidate>
                \(HTML.csrf(p))
                \(RadioGroup(name: "progress_view", legend: p("progress_view_legend"), hint: p("progress_view_hint"), choices: viewChoices, fieldsetClass: "field", anchor: "progress_view").html(p))\
                <button type="submit" class="button secondary">\(p("progress_view_submit"))</button>
                </form>

                """
        }
        switch shownAs {
        case .nothing: out += "<p class=\"notice\">\(p("commitments_hidden"))</p>\n"
        case .summary: out += "<p class=\"notice\" role=\"status\">\(summary ?? "")</p>\n"
        case .all:
            out +=
                rows.isEmpty
                ? "<p>\(p("commitments_none"))</p>\n" : "<ul class=\"cards\">\n\(HTML.each(rows) { row($0, p) })</ul>\n"
        }
        out += "<h2 id=\"outcomes\">\(p("outcomes_heading"))</h2>\n"
        out +=
            outcomes.isEmpty
            ? "<p>\(p("outcomes_none"))</p>\n" : "<ul class=\"cards\">\n\(HTML.each(outcomes) { outcome($0, p) })</ul>\n"
        if let outcomeAction { out += outcomeForm(outcomeAction, p) }
        if let addAction { out += addForm(addAction, p) }
        return out
    }

    private func row(_ row: Row, _ p: PageContext) -> HTML {
        var out: HTML = """
            <li id="commitment-\(row.id)"\(HTML.when(row.missed, " class=\"overdue\""))><p><strong>\(row.title)</strong> \
            <span class="tag">\(row.kind)</span> <span class="tag">\(row.state)</span>\
            \(HTML.when(row.due != nil, " · \(p("task_due")) \(row.due ?? "")"))</p>

            """
        if !row.checkIns.isEmpty {
            out +=
                "<ul>\(HTML.each(row.checkIns) { checkIn in "<li>\(checkIn.when) · \(checkIn.who) · <strong>\(checkIn.progress)</strong>\(HTML.when(!checkIn.note.isEmpty, " — \(checkIn.note)"))</li>" })</ul>\n"
        }
        if let action = row.checkInAction {
            // Each commitment has its own check-in form, so ids carry the commitment's.
            let progress = CheckIn.Progress.allCases.map { Choice(value: $0.rawValue, label: p("progress_\($0.rawValue)")) }
            out += """
                <form method="post" action="\(action)" class="stack" novalidate>
                \(HTML.csrf(p))
                \(RadioGroup(name: "progress", legend: p("check_in_legend"), error: row.error, choices: progress, fieldsetClass: "field", anchor: "checkin-\(row.id)", idPrefix: "progress-\(row.id)").html(p))\
                <div class="field"><label for="note-\(row.id)">\(p("check_in_note"))</label>
                <textarea id="note-\(row.id)" name="note" rows="2">\(row.note)</textarea></div>
                <button type="submit" class="button secondary">\(p("check_in_submit"))</button>
                </form>

                """
        }
        return out + "</li>\n"
    }

    private func outcome(_ outcome: Outcome, _ p: PageContext) -> HTML {
        """
        <li><p><strong>\(outcome.kind)</strong> · \(outcome.when)\
        \(HTML.when(outcome.until != nil, " · \(p("outcome_until")) \(outcome.until ?? "")"))</p>
        <p class="prose">\(outcome.detail)</p>
        \(HTML.when(outcome.spaces != nil, "<p>\(p("outcome_spaces")): \(outcome.spaces ?? "")</p>"))
        \(HTML.when(outcome.returnPath != nil, "<p>\(p("outcome_return")): \(outcome.returnPath ?? "")</p>"))\
        \(HTML.when(outcome.decision != nil, "<p>\(p("outcome_rests_on")) \(outcome.decision ?? "")</p>"))</li>

        """
    }

    private func outcomeForm(_ action: String, _ p: PageContext) -> HTML {
        """
        <details class="panel"\(HTML.when(outcomeFormOpen, " open"))><summary>\(p("outcome_new"))</summary>
        <p class="hint">\(p("outcome_new_hint"))</p>
        \(HTML.when(assemblyBarred != nil, """
            <div class="notice"><p>\(p("outcome_assembly_barred_text"))</p>
            <p><a href="\(assemblyBarred ?? "")">\(p("outcome_assembly_barred_task"))</a></p></div>

            """))\
        <form method="post" action="\(action)" class="stack" novalidate>
        \(HTML.csrf(p))
        \(RadioGroup(name: "outcome_kind", legend: p("outcome_kind"), error: form.errors["outcome_kind"], choices: outcomeKinds, fieldsetClass: "field", anchor: "outcome_kind").html(p))\
        \(FormField("detail", label: p("outcome_detail"), form: form, control: .textarea(rows: 3)).html(p))\
        \(FormField("spaces", label: p("outcome_spaces"), hint: p("outcome_spaces_hint"), form: form).html(p))\
        \(FormField("until", label: p("outcome_until_label"), form: form, control: .input("date")).html(p))\
        \(FormField("return_path", label: p("outcome_return"), hint: p("outcome_return_hint"), form: form, control: .textarea(rows: 2)).html(p))\
        \(FormField("assembly_item", label: p("outcome_assembly"), hint: p("outcome_assembly_hint"), form: form, control: .select(decisions, blank: p("outcome_assembly_none"))).html(p))\
        <button type="submit" class="button">\(p("outcome_submit"))</button>
        </form>
        </details>

        """
    }

    private func addForm(_ action: String, _ p: PageContext) -> HTML {
        let kinds = Commitment.Kind.allCases.map {
            Choice(
                value: $0.rawValue, label: p("commitment_kind_\($0.rawValue)"),
                selected: form.values["commitment_kind"] == $0.rawValue)
        }
        return """
            <h2>\(p("commitment_new_heading"))</h2>
            <p class="hint">\(p("commitment_new_hint"))</p>
            <form method="post" action="\(action)" class="stack" novalidate>
            \(HTML.csrf(p))
            \(FormField("commitment_title", label: p("commitment_title"), form: form).html(p))\
            \(RadioGroup(name: "commitment_kind", legend: p("commitment_kind"), error: form.errors["commitment_kind"], choices: kinds, fieldsetClass: "field", anchor: "commitment_kind").html(p))\
            \(FormField("commitment_due", label: p("commitment_due"), form: form, control: .input("date")).html(p))\
            <button type="submit" class="button">\(p("commitment_submit"))</button>
            </form>

            """
    }
}
