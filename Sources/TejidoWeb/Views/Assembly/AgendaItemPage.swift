import Foundation
import TejidoCore

/// One item before the assembly: what it says, how it is decided, each person's position (unless
/// the collective keeps them hidden until closing), taking one's own, scheduling and closing.
struct AgendaItemPage: PageView {
    struct Stand {
        let who: String
        let position: String
        let reason: String?
    }

    let row: AgendaRow
    let text: String?
    /// The response an item from a case asks the assembly to decide on, if any.
    let asks: String?
    /// For a protocol adoption: the version put to the assembly, and what changed.
    let versionHref: String?
    let diffHref: String?
    /// For a review of the agreement in force: where to read it.
    var agreementHref: String? = nil
    let method: String
    let methodHint: String
    let reasonLabel: String
    let reasonHint: String
    let quorum: String
    let taken: String
    /// Shown once closed, or while open when the collective does not hide positions.
    let stands: [Stand]?
    let mine: String?
    let choices: [Choice]
    let positionAction: String?
    let scheduleAction: String?
    let meetings: [Choice]
    let closeAction: String?
    /// The care team sees, instead of a button that would be refused, that an admin closes this.
    let adminCloses: Bool
    let form: FormState
    let backHref: String

    /// `names`: usernames of those who took positions, where they are shown. `mayClose`: the
    /// asker may close this item (an adoption of the protocol only by an admin).
    static func build(
        _ entry: AgendaEntry, row: AgendaRow, slug: String, settings: AssemblySettings, members: Int, me: UUID,
        names: [UUID: String], meetings: [(id: UUID, title: String)], mayManage: Bool, mayClose: Bool, form: FormState,
        _ p: PageContext
    ) -> AgendaItemPage {
        let tally = Tally([], members: members, settings: settings)
        let mine = entry.position(of: me)
        let checked = form.values["position"] ?? mine?.position
        var stands: [Stand]?
        if entry.showsPositions(hidingWhileOpen: settings.hidePositions) {
            stands = entry.positions.map {
                Stand(who: names[$0.userID] ?? p("former_member"), position: p("position_\($0.position)"), reason: $0.reason)
            }
        }
        let itemID = entry.id.text
        var shown = form
        if shown.values["reason"] == nil, let reason = mine?.reason { shown.values["reason"] = reason }
        var page = AgendaItemPage(
            row: row,
            text: entry.source == .protocolAdoption
                ? p("assembly_protocol_text")
                : entry.source == .agreementReview
                    ? p("assembly_review_text", ["number": "\(entry.reviewOf ?? 0)"])
                    : entry.locked ? p("assembly_item_locked_text") : entry.words?.text,
            asks: entry.words?.asks.map { ProtocolVocabulary.name(of: $0, in: p.language) },
            versionHref: entry.protocolVersion.map { SiteURL.protocolVersion(slug: slug, number: "\($0)").path },
            diffHref: entry.protocolVersion.flatMap {
                $0 > 1 ? SiteURL.protocolDiff(slug: slug).path + "?from=\($0 - 1)&to=\($0)" : nil
            },
            method: p("assembly_method_\(entry.method.rawValue)"), methodHint: p("assembly_method_\(entry.method.rawValue)_hint"),
            reasonLabel: p(entry.method == .consent ? "assembly_reason" : "assembly_reason_majority"),
            reasonHint: p(settings.hidePositions ? "assembly_reason_hint_hidden" : "assembly_reason_hint"),
            quorum: p("assembly_quorum_needs", ["count": "\(tally.quorum)", "members": "\(members)"]),
            taken: p("assembly_positions_taken", ["count": "\(entry.positions.count)"]), stands: stands,
            mine: mine.map { p("position_\($0.position)") },
            choices: Position.choices(for: entry.method).map {
                Choice(
                    value: $0.rawValue, label: p("position_\($0.rawValue)"), selected: checked == $0.rawValue,
                    hint: p("position_\($0.rawValue)_hint"))
            },
            positionAction: entry.isOpen ? SiteURL.assemblyPosition(slug: slug, itemID: itemID).path : nil,
            scheduleAction: mayManage && entry.isOpen ? SiteURL.assemblySchedule(slug: slug, itemID: itemID).path : nil,
            meetings: meetings.map {
                Choice(value: $0.id.text, label: $0.title, selected: entry.record.meetingID == $0.id)
            },
            closeAction: mayClose && entry.isOpen ? SiteURL.assemblyClose(slug: slug, itemID: itemID).path : nil,
            adminCloses: mayManage && !mayClose && entry.isOpen, form: shown, backHref: SiteURL.assembly(slug: slug).path)
        if entry.source == .agreementReview { page.agreementHref = SiteURL.protocolAgreement(slug: slug).path }
        return page
    }

    func html(_ p: PageContext) -> HTML {
        var out: HTML = """
            <p><a href="\(backHref)">\(p("assembly_back"))</a></p>
            <h1>\(row.title)</h1>
            <p><span class="tag">\(row.source)</span> <span class="tag">\(row.status)</span>\
            \(HTML.when(row.meeting != nil, " <span class=\"tag\">\(row.meeting ?? "")</span>"))</p>
            \(HTML.when(row.fromCase && text != nil, "<p class=\"hint\">\(p("assembly_from_case_note"))</p>\n"))\
            \(HTML.when(asks != nil, "<p><strong>\(p("assembly_item_asks"))</strong> \(asks ?? "")</p>\n"))\
            \(text.map { (text: String) -> HTML in "<div class=\"panel prose protocol-text\">\(text)</div>\n" }
                ?? "<p class=\"notice\">\(p("assembly_item_withdrawn_text"))</p>\n")
            """
        if let agreementHref { out += "<p><a href=\"\(agreementHref)\">\(p("assembly_review_read"))</a></p>\n" }
        if let versionHref {
            out += """
                <p><a href="\(versionHref)">\(p("assembly_protocol_read"))</a>\
                \(HTML.when(diffHref != nil, " · <a href=\"\(diffHref ?? "")\">\(p("assembly_protocol_diff"))</a>"))</p>

                """
        }
        if let outcome = row.outcome {
            out += """
                <div class="panel" role="status"><h2>\(p("assembly_outcome_heading"))</h2><p><strong>\(outcome)</strong></p>\
                \(HTML.when(row.counts != nil, "<p>\(row.counts ?? "")</p>"))</div>

                """
        }
        out += """
            <h2>\(p("assembly_how_heading"))</h2>
            <p><strong>\(method).</strong> \(methodHint)</p>
            <p class="hint">\(quorum) \(taken)</p>

            """
        if let positionAction { out += positionForm(positionAction, p) }
        out += "<h2>\(p("assembly_positions_heading"))</h2>\n"
        if let stands {
            out +=
                stands.isEmpty
                ? "<p>\(p("assembly_positions_none"))</p>\n"
                : "<ul class=\"cards\">\n\(HTML.each(stands) { stand($0) })</ul>\n"
        } else {
            out += "<p>\(p("assembly_positions_hidden"))</p>\n"
        }
        if let scheduleAction {
            out += """
                <h2>\(p("assembly_schedule_heading"))</h2>
                <form method="post" action="\(scheduleAction)" class="inline-form">
                \(HTML.csrf(p))
                <label for="meeting">\(p("assembly_schedule_label"))</label>
                <select id="meeting" name="meeting"><option value="">\(p("assembly_schedule_none"))</option>\
                \(HTML.each(meetings) { "<option value=\"\($0.value)\"\(HTML.when($0.selected, " selected"))>\($0.label)</option>" })</select>
                <button type="submit" class="button small">\(p("assembly_schedule_submit"))</button>
                </form>

                """
        }
        if let closeAction {
            out += """
                <h2>\(p("assembly_close_heading"))</h2>
                <p class="hint">\(p("assembly_close_hint"))</p>
                <p><a class="button" href="\(closeAction)">\(p("assembly_close_review"))</a></p>

                """
        }
        if adminCloses { out += "<p class=\"hint\">\(p("assembly_close_admin_only"))</p>\n" }
        return out
    }

    private func stand(_ stand: Stand) -> HTML {
        "<li><strong>\(stand.who)</strong>: \(stand.position)\(HTML.when(stand.reason != nil, "<p class=\"prose\">\(stand.reason ?? "")</p>"))</li>\n"
    }

    private func positionForm(_ action: String, _ p: PageContext) -> HTML {
        """
        <h2 id="take">\(p("assembly_your_position"))</h2>
        \(HTML.when(mine != nil, "<p>\(p("assembly_you_said")) <strong>\(mine ?? "")</strong>. \(p("assembly_change_until_close"))</p>\n"))\
        \(HTML.errorSummary(form, p))<form method="post" action="\(action)" class="stack" novalidate>
        \(HTML.csrf(p))
        \(RadioGroup(name: "position", legend: p("assembly_position_legend"), error: form.errors["position"], choices: choices, fieldsetClass: "field", anchor: "position").html(p))\
        \(FormField("reason", label: reasonLabel, hint: reasonHint, form: form, control: .textarea(rows: 3)).html(p))\
        <button type="submit" class="button">\(p("assembly_position_submit"))</button>
        </form>

        """
    }
}
