import Foundation
import TejidoCore

/// A case's entries for repeat-harm matching: what they are (kinds of identifier, never the
/// identifiers), whether they reached the board, withdrawing one; for the care-team facilitators,
/// the vouch and any match; and the form, once her consent stands and someone vouched — or why not.
struct CaseMatchingPage: PageView {
    struct Row {
        let title: String
        let state: String
        let matches: [String]
        let withdrawAction: String?
    }

    let backHref: String
    let rows: [Row]
    /// Why no entry may be filed now, as text; nil when the form is shown.
    let blocked: String?
    let vouchAction: String?
    let vouchNote: String?
    let fileAction: String
    let circles: [Choice]
    let consentsHref: String?
    let form: FormState

    static func build(
        entries: [MatchingEntries.Entry], circles: [MatchingCircle], consent: Bool, vouched: Bool, keptInCollective: Bool,
        now: Date, may: (AccessAction) -> Bool, links: CaseLinks, form: FormState, _ p: PageContext
    ) -> CaseMatchingPage {
        let seesMatches = may(.viewCaseMatches)
        let rows = entries.reversed().map { entry in
            let kinds = entry.body.kinds.map { p("matching_kind_\($0)") }.joined(separator: ", ")
            let state: String =
                if let withdrawn = entry.withdrawnAt {
                    p("matching_entry_withdrawn", ["date": p.dates.day(withdrawn)])
                } else if entry.until <= now {
                    p("matching_entry_lapsed")
                } else if !circles.contains(where: { $0.id == entry.circleID && $0.manifest?.version == entry.circleVersion }) {
                    p("matching_entry_reenter")
                } else if entry.waiting {
                    p("matching_entry_waiting")
                } else {
                    p("matching_entry_on_board", ["date": p.dates.day(entry.until)])
                }
            return Row(
                title: p("matching_entry_title", ["date": p.dates.day(entry.createdAt), "kinds": kinds]), state: state,
                matches: seesMatches
                    ? entry.matches.map {
                        p("matching_match_line", ["date": p.dates.day($0.receivedAt), "count": String($0.survivors)])
                    } : [],
                withdrawAction: entry.withdrawnAt == nil && may(.manageCaseConsents)
                    ? links.href(.matchingWithdraw(entry.id.text)) : nil)
        }
        let blocked: String? =
            if !may(.fileMatchingEntry) {
                keptInCollective
                    ? p("matching_blocked_kept")
                    : p(may(.manageCaseConsents) ? "matching_blocked_paused" : "matching_blocked_not_yours")
            } else if circles.isEmpty {
                p("matching_blocked_no_circle")
            } else if !consent {
                p("matching_blocked_consent")
            } else if !vouched {
                p("matching_blocked_vouch")
            } else { nil }
        return CaseMatchingPage(
            backHref: links.href(.home), rows: rows, blocked: blocked,
            vouchAction: may(.vouchMatchingEntry) && !vouched && !circles.isEmpty ? links.href(.matchingVouch) : nil,
            vouchNote: may(.vouchMatchingEntry) && vouched ? p("matching_vouched") : nil, fileAction: links.href(.matching),
            circles: circles.map { Choice(value: $0.id.text, label: $0.name, selected: form.values["circle"] == $0.id.text) },
            consentsHref: may(.manageCaseConsents) && !consent ? links.href(.consents) : nil, form: form)
    }

    func html(_ p: PageContext) -> HTML {
        var out: HTML = """
            <h1>\(p("case_matching_heading"))</h1>
            <p><a href="\(backHref)">\(p("case_back"))</a></p>
            <p>\(p("case_matching_intro"))</p>
            <p>\(p("case_matching_who_learns"))</p>

            """
        if !rows.isEmpty {
            out += "<h2>\(p("matching_entries_heading"))</h2>\n<ul class=\"cards\">\n"
            out += HTML.each(rows) { row in
                """
                <li class="panel"><p><strong>\(row.title)</strong></p>
                <p>\(row.state)</p>
                \(HTML.when(!row.matches.isEmpty, "<div class=\"notice\" role=\"status\"><h3>\(p("matching_matches_heading"))</h3><ul>\n\(HTML.each(row.matches) { "<li>\($0)</li>\n" })</ul><p>\(p("matching_matches_next"))</p></div>\n"))\
                \(row.withdrawAction.map { HTML.buttonForm(p, action: $0, label: p("matching_withdraw"), style: "button danger small") } ?? .empty)</li>

                """
            }
            out += "</ul>\n"
        }
        if let vouchAction {
            out += """
                <h2>\(p("matching_vouch_heading"))</h2>
                <p>\(p("matching_vouch_intro"))</p>
                \(HTML.buttonForm(p, action: vouchAction, label: p("matching_vouch")))

                """
        }
        if let vouchNote { out += "<p class=\"hint\">\(vouchNote)</p>\n" }
        out += "<h2>\(p("matching_new_heading"))</h2>\n"
        if let blocked {
            out += "<p class=\"notice\">\(blocked)</p>\n"
            if let consentsHref { out += "<p><a href=\"\(consentsHref)\">\(p("matching_go_consents"))</a></p>\n" }
            return out
        }
        let countries = CallingCodes.all.keys.sorted().map {
            Choice(value: $0, label: "\($0) (+\(CallingCodes.all[$0]!))", selected: form.values["phone_country"] == $0)
        }
        let platforms = MatchingIdentifier.Platform.allCases.map {
            Choice(
                value: $0.rawValue, label: p("matching_platform_\($0.rawValue)"), selected: form.values["platform"] == $0.rawValue
            )
        }
        let threshold = form.values["threshold"] ?? "2"
        out += """
            <p>\(p("matching_new_intro"))</p>
            \(HTML.errorSummary(form, p))<form method="post" action="\(fileAction)" class="stack" novalidate autocomplete="off">
            \(HTML.csrf(p))
            \(HTML.when(circles.count > 1, FormField("circle", label: p("matching_circle_field"), form: form, control: .select(circles, blank: nil)).html(p)))\
            \(HTML.when(form.errors["form"] != nil, "<p class=\"error-message\" id=\"form-error\"><span class=\"visually-hidden\">\(p("error_prefix"))</span> \(form.errors["form"] ?? "")</p>\n"))\
            \(FormField("email", label: p("matching_email"), hint: p("matching_email_hint"), form: form, control: .input("email"), attributes: "spellcheck=\"false\"", labelNote: p("alert_optional")).html(p))\
            \(FormField("phone", label: p("matching_phone"), hint: p("matching_phone_hint"), form: form, control: .input("tel"), labelNote: p("alert_optional")).html(p))\
            \(FormField("phone_country", label: p("matching_phone_country"), form: form, control: .select(countries, blank: "—")).html(p))\
            \(FormField("handle", label: p("matching_handle"), hint: p("matching_handle_hint"), form: form, attributes: "spellcheck=\"false\"", labelNote: p("alert_optional")).html(p))\
            \(FormField("platform", label: p("matching_platform"), form: form, control: .select(platforms, blank: nil)).html(p))\
            \(FormField("name", label: p("matching_name"), hint: p("matching_name_hint"), form: form, labelNote: p("alert_optional")).html(p))\
            \(FormField("year", label: p("matching_year"), form: form, control: .input("number"), attributes: "inputmode=\"numeric\"", narrow: true).html(p))\
            \(RadioGroup(name: "threshold", legend: p("matching_threshold"), hint: p("matching_threshold_hint"), choices: [
                Choice(value: "2", label: p("matching_threshold_2"), selected: threshold == "2"),
                Choice(value: "3", label: p("matching_threshold_3"), selected: threshold == "3"),
            ]).html(p))\
            <p class="hint">\(p("matching_new_kept"))</p>
            <button type="submit" class="button">\(p("matching_file"))</button>
            </form>

            """
        return out
    }
}
