import Foundation
import TejidoCore

/// Recording the collective's decision on the version put forward: the outcome, the counts of
/// the round, and a note.
struct ProtocolDecisionPage: PageView {
    let number: Int
    let proposedBy: String
    let proposed: String
    let versionHref: String
    let diffHref: String?
    let newerDraft: Bool
    let outcomes: [Choice]
    let action: String
    let form: FormState

    /// `version` is the one put forward by `proposal`; `adopted` the number of the version in
    /// force, `latest` of the newest saved.
    static func build(
        slug: String, proposal: DecisionRecord, version: Int, adopted: Int?, latest: Int, form: FormState, _ p: PageContext
    ) -> ProtocolDecisionPage {
        ProtocolDecisionPage(
            number: version, proposedBy: proposal.proposedBy?.username ?? p("former_member"),
            proposed: p.dates.day(proposal.proposedAt),
            versionHref: SiteURL.protocolVersion(slug: slug, number: "\(version)").path,
            diffHref: adopted.map { SiteURL.protocolDiff(slug: slug).path + "?from=\($0)&to=\(version)" },
            newerDraft: latest > version,
            outcomes: DecisionOutcome.recordable.map {
                Choice(
                    value: $0.rawValue, label: p("decision_choice_\($0.rawValue)"),
                    selected: form.values["outcome"] == $0.rawValue)
            },
            action: SiteURL.protocolDecision(slug: slug).path, form: form)
    }

    func html(_ p: PageContext) -> HTML {
        let outcomeError = form.errors["outcome"]
        let counts = HTML.each(["agree", "disagree", "abstain", "block"]) {
            FormField(
                $0, label: p("decision_\($0)"), form: form, control: .input("number"), attributes: "min=\"0\"", narrow: true
            )
            .html(p)
        }
        return """
            <h1>\(p("protocol_decision_heading"))</h1>
            <p>\(p("protocol_col_version")) <a href="\(versionHref)">\(number)</a> — \(p("decision_proposed_by")) \
            \(proposedBy), \(proposed).\(HTML.when(diffHref != nil, " <a href=\"\(diffHref)\">\(p("protocol_draft_compare"))</a>"))</p>
            \(HTML.when(newerDraft, "<p class=\"notice\">\(p("protocol_decision_newer"))</p>\n"))\
            <p class="hint">\(p("protocol_decision_intro"))</p>
            \(HTML.errorSummary(form, p))<form method="post" action="\(action)" class="stack" novalidate>
            \(HTML.csrf(p))
            \(RadioGroup(
                name: "outcome", legend: p("decision_outcome_label"), error: outcomeError, choices: outcomes, fieldsetClass: nil,
                anchor: "outcome"
            ).html(p))\
            \(Fieldset(
                legend: p("decision_counts_label"), hint: p("decision_counts_hint"),
                content: "<div class=\"inline-fields\">\n\(counts)</div>"
            ).html(p))\
            \(FormField("note", label: p("decision_note"), form: form, attributes: "maxlength=\"500\"").html(p))\
            <button type="submit" class="button">\(p("decision_submit"))</button>
            </form>

            """
    }
}
