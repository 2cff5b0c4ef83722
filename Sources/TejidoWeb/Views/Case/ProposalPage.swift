import Foundation
import TejidoCore

/// The respondent's proposal for change: written by him, commented on by the pod and the
/// facilitators, accepted by a facilitator. What each reader sees of it is `CaseReading`'s to say:
/// the survivor's side reads versions only when they ask to, and never the comments.
struct ProposalPage: PageView {
    struct Section {
        let heading: String
        let text: String
    }
    struct Comment {
        let who: String
        let when: String
        let text: String
    }
    struct Version {
        let number: Int
        let when: String
        let accepted: Bool
        let sections: [Section]
        let supportEntries: [String]
        let comments: [Comment]
        let commentAction: String?
        /// Each version's comment box is its own field, so a problem and what was typed return to it.
        let commentField: String
        let acceptAction: String?
    }

    let backHref: String
    let versions: [Version]
    /// The survivor's side has a proposal waiting and has not asked to read it.
    let readHref: String?
    let forSurvivorSide: Bool
    let action: String?
    let picks: [Choice]
    let form: FormState
    let commitmentsHref: String

    static func commentField(_ versionID: UUID) -> String { "comment-\(versionID.text)" }

    /// `asked`: the reader asked to read the proposal. `offered`: directory entries he may pick
    /// as support. `may`: review (comment), accept, write.
    static func build(
        versions all: [CaseService.ProposalVersion], reading: CaseReading, asked: Bool, people: (UUID?) -> String?,
        offered: [(id: UUID, name: String)], may: (review: Bool, accept: Bool, write: Bool), survivorSide: Bool,
        links: CaseLinks, form: FormState?, _ p: PageContext
    ) -> ProposalPage {
        let names = Dictionary(offered.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let noneAccepted = all.allSatisfy { $0.acceptedAt == nil }
        var state = form ?? FormState()
        let shown = reading.readsProposal(asked: asked) ? all : []
        let versions = shown.map { version in
            Version(
                number: version.number, when: p.dates.dayAndTime(version.createdAt), accepted: version.acceptedAt != nil,
                sections: ChangeProposal.fields.compactMap { field in
                    let text = version.proposal.text(field)
                    // Readers see the parts named in the third person; the form speaks to the writer.
                    return text.isEmpty ? nil : Section(heading: p("proposal_read_\(field)"), text: text)
                },
                supportEntries: version.proposal.supportEntries.compactMap { names[$0] },
                comments: !reading.readsProposalComments
                    ? []
                    : version.comments.map {
                        Comment(
                            who: people($0.comment.author) ?? p("case_log_someone_gone"), when: p.dates.dayAndTime($0.at),
                            text: $0.comment.text)
                    },
                commentAction: may.review ? links.href(.proposalComment(version.id.text)) : nil,
                commentField: commentField(version.id),
                acceptAction: may.accept && version.acceptedAt == nil && noneAccepted
                    ? links.href(.proposalAccept(version.id.text)) : nil)
        }
        // The writer's form starts from the latest version.
        if form == nil, may.write, let latest = all.first?.proposal {
            for field in ChangeProposal.fields { state.values[field] = latest.text(field) }
            for id in latest.supportEntries { state.values["entry_\(id.text)"] = "1" }
        }
        return ProposalPage(
            backHref: links.href(.home), versions: versions,
            readHref: !reading.readsProposal(asked: asked) && !all.isEmpty ? links.href(.proposal) + "?read=1" : nil,
            forSurvivorSide: survivorSide, action: may.write ? links.href(.proposal) : nil,
            picks: may.write
                ? offered.map {
                    Choice(value: $0.id.text, label: $0.name, selected: state.values["entry_\($0.id.text)"] == "1")
                } : [], form: state, commitmentsHref: links.href(.commitments))
    }

    func html(_ p: PageContext) -> HTML {
        var out: HTML = """
            <h1>\(p("case_proposal_heading"))</h1>
            <p><a href="\(backHref)">\(p("case_back"))</a> · <a href="\(commitmentsHref)">\(p("case_link_commitments"))</a></p>

            """
        if forSurvivorSide {
            out += "<p>\(p("proposal_survivor_intro"))</p>\n"
            if let readHref {
                out += "<p class=\"notice\">\(p("proposal_waiting")) <a href=\"\(readHref)\">\(p("proposal_read_now"))</a></p>\n"
            }
        } else {
            out += "<p>\(p("proposal_intro"))</p>\n"
        }
        out += HTML.errorSummary(form, p)
        if let action { out += writeForm(action, p) }
        out += "<h2 id=\"versions\">\(p("proposal_versions"))</h2>\n"
        guard !versions.isEmpty else {
            return out + "<p>\(p(readHref != nil ? "proposal_not_shown" : "proposal_none"))</p>\n"
        }
        return out + HTML.each(versions) { version($0, p) }
    }

    private func writeForm(_ action: String, _ p: PageContext) -> HTML {
        """
        <h2>\(p("proposal_write_heading"))</h2>
        <p class="hint">\(p("proposal_write_hint"))</p>
        <form method="post" action="\(action)" class="stack" novalidate>
        \(HTML.csrf(p))
        \(HTML.each(ChangeProposal.fields) { field in
            FormField(
                field, label: p("proposal_\(field)"), hint: p("proposal_\(field)_hint"), form: form, control: .textarea(rows: 5),
                labelNote: ChangeProposal.required.contains(field) ? p("field_required") : nil
            ).html(p)
        })\
        \(HTML.when(!picks.isEmpty, """
            <fieldset class="field"><legend>\(p("proposal_picks"))</legend>
            <p class="hint">\(p("proposal_picks_hint"))</p>
            \(HTML.each(picks) { Checkbox(id: "entry_\($0.value)", label: $0.label, checked: $0.selected, amongChoices: true).html(p) })</fieldset>

            """))\
        <button type="submit" class="button">\(p("proposal_submit"))</button>
        </form>

        """
    }

    private func version(_ version: Version, _ p: PageContext) -> HTML {
        var out: HTML = """
            <section class="panel" aria-labelledby="version-\(version.number)">
            <h3 id="version-\(version.number)">\(p("proposal_version")) \(version.number) <span class="hint">\(version.when)</span>\
            \(HTML.when(version.accepted, " <span class=\"tag\">\(p("proposal_accepted"))</span>"))</h3>
            \(HTML.each(version.sections) { "<h4>\($0.heading)</h4>\n<p class=\"prose protocol-text\">\($0.text)</p>\n" })
            """
        if !version.supportEntries.isEmpty {
            out += "<h4>\(p("proposal_picks"))</h4>\n<ul>\(HTML.each(version.supportEntries) { "<li>\($0)</li>" })</ul>\n"
        }
        if !version.comments.isEmpty {
            out += """
                <h4>\(p("proposal_comments"))</h4>
                <ul class="cards">\(HTML.each(version.comments) {
                    "<li><strong>\($0.who)</strong> · \($0.when)<p class=\"prose\">\($0.text)</p></li>"
                })</ul>

                """
        }
        if let commentAction = version.commentAction {
            out += """
                <form method="post" action="\(commentAction)" class="stack" novalidate>
                \(HTML.csrf(p))
                \(FormField(version.commentField, name: "comment", label: p("proposal_comment_label"), form: form, control: .textarea(rows: 3), value: form.values[version.commentField]).html(p))\
                <button type="submit" class="button secondary">\(p("proposal_comment_submit"))</button>
                </form>

                """
        }
        if let acceptAction = version.acceptAction {
            out += """
                <form method="post" action="\(acceptAction)">
                \(HTML.csrf(p))
                <p class="hint">\(p("proposal_accept_hint"))</p>
                <button type="submit" class="button">\(p("proposal_accept"))</button>
                </form>

                """
        }
        return out + "</section>\n"
    }
}
