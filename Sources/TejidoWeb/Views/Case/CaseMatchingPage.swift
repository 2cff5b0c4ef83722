import Foundation
import TejidoCore

/// A case's entries for repeat-harm matching: what they are (kinds of identifier, never the
/// identifiers), whether they reached the board, withdrawing one; for the care-team facilitators,
/// the vouch and any match; and the form, once her consent stands and someone vouched — or why not.
/// `rekeyed`: circles not ended whose key holders' keys changed since they began (one replaced its
/// key or left), whose older entries must be made again.
struct CaseMatchingPage: PageView {
    struct Row {
        let title: String
        let state: String
        let matches: [Match]
        let withdrawAction: String?
    }

    /// One match of an entry's record, as its care team reads it: the notice, and whether the care
    /// teams are in touch (her agreement recorded, the other sides' names, the notes).
    struct Match {
        let record: String
        let line: String
        let contact: MatchContacts.View?
        let agreeAction: String?
        let noteAction: String?
        let takeBackAction: String?
        /// Her entry was withdrawn: its side of the match is gone here.
        let withdrawn: Bool
    }

    let backHref: String
    let rows: [Row]
    /// Why no entry may be filed now, as text; nil when the form is shown.
    let blocked: String?
    let vouchAction: String?
    /// For a case opened for someone without an account here: who opened it, said before vouching.
    let openedFor: String?
    let vouchNote: String?
    let fileAction: String
    let circles: [Choice]
    let consentsHref: String?
    /// While her wish keeps everything in the collective: where that wish is changed.
    let wishesHref: String?
    /// Only a vouch is missing and what she typed was refused: the form stays, with what was
    /// typed and why, to be sent again once a facilitator has vouched (a refused try spends it).
    let keepsForm: Bool
    let form: FormState

    static func build(
        entries: [MatchingEntries.Entry], contacts: [UUID: MatchContacts.View], circles: [MatchingCircle],
        rekeyed: Set<UUID> = [], consent: Bool,
        vouched: Bool, keptInCollective: Bool, openedBy: String? = nil, now: Date, may: (AccessAction) -> Bool,
        links: CaseLinks, form: FormState, _ p: PageContext
    ) -> CaseMatchingPage {
        let seesMatches = may(.viewCaseMatches)
        let rows = entries.reversed().map { entry in
            let kinds = entry.body.kinds.map { p("matching_kind_\($0)") }.joined(separator: ", ")
            let state: String =
                if let withdrawn = entry.withdrawnAt {
                    p("matching_entry_withdrawn", ["date": p.dates.day(withdrawn)])
                } else if entry.until <= now {
                    p("matching_entry_lapsed")
                } else if !circles.contains(where: {
                    $0.id == entry.circleID && $0.manifest?.keeps(entryOf: entry.circleVersion) == true
                }) {
                    p(rekeyed.contains(entry.circleID) ? "matching_entry_rekeyed" : "matching_entry_reenter")
                } else if entry.waiting {
                    p("matching_entry_waiting")
                } else {
                    p("matching_entry_on_board", ["date": p.dates.day(entry.until)])
                }
            return Row(
                title: p("matching_entry_title", ["date": p.dates.day(entry.createdAt), "kinds": kinds]), state: state,
                matches: seesMatches
                    ? entry.matches.map { notice in
                        let contact = contacts[notice.recordID]
                        // Only while her entry stands on a board that is still there.
                        let acts =
                            entry.withdrawnAt == nil && may(.contactMatchedCareTeam)
                            && circles.contains {
                                $0.id == entry.circleID && $0.manifest?.keeps(entryOf: entry.circleVersion) == true
                            }
                        return Match(
                            record: notice.recordID.text,
                            line: p(
                                "matching_match_line",
                                ["date": p.dates.day(notice.receivedAt), "count": String(notice.survivors)]),
                            contact: contact,
                            agreeAction: acts && contact == nil ? links.href(.matchingAgree(notice.recordID.text)) : nil,
                            noteAction: acts && !(contact?.peers.isEmpty ?? true)
                                ? links.href(.matchingNote(notice.recordID.text)) : nil,
                            takeBackAction: contact != nil && entry.withdrawnAt == nil && may(.viewCaseMatches)
                                ? links.href(.matchingTakeBack(notice.recordID.text)) : nil,
                            withdrawn: entry.withdrawnAt != nil)
                    } : [],
                withdrawAction: entry.withdrawnAt == nil && may(.manageCaseConsents)
                    ? links.href(.matchingWithdraw(entry.id.text)) : nil)
        }
        // What stands in the way, first things first, as both the survivor's side and the
        // facilitator read it: the facilitator is told her consent is missing before vouching.
        let blocked: String? =
            if keptInCollective {
                p("matching_blocked_kept")
            } else if !may(.fileMatchingEntry) && may(.manageCaseConsents) {
                p("matching_blocked_paused")
            } else if circles.isEmpty {
                p("matching_blocked_no_circle")
            } else if !consent {
                p("matching_blocked_consent")
            } else if !vouched {
                p("matching_blocked_vouch")
            } else if !may(.fileMatchingEntry) {
                p("matching_blocked_not_yours")
            } else { nil }
        // All that an entry needs but the vouch: a facilitator vouches only then, and a refused
        // form stays only when the vouch is all that is missing.
        let readyButVouch = !keptInCollective && !circles.isEmpty && consent && !vouched
        return CaseMatchingPage(
            backHref: links.href(.home), rows: rows, blocked: blocked,
            vouchAction: may(.vouchMatchingEntry) && readyButVouch ? links.href(.matchingVouch) : nil,
            openedFor: openedBy.map { p("matching_vouch_opened_for", ["name": $0]) },
            vouchNote: may(.vouchMatchingEntry) && vouched ? p("matching_vouched") : nil, fileAction: links.href(.matching),
            circles: circles.map { Choice(value: $0.id.text, label: $0.name, selected: form.values["circle"] == $0.id.text) },
            consentsHref: may(.manageCaseConsents) && !consent && !keptInCollective ? links.href(.consents) : nil,
            wishesHref: keptInCollective && may(.editCaseWishes) ? links.href(.wishes) : nil,
            keepsForm: may(.fileMatchingEntry) && readyButVouch && form.hasErrors, form: form)
    }

    /// A match, and what its care team may do about it: record her agreement to put the care teams
    /// in touch; once another side agreed too, read and write notes; take her agreement back.
    func matchHTML(_ match: Match, _ p: PageContext) -> HTML {
        let agreeID = "agrees-\(match.record)"
        let noteID = "note-\(match.record)"
        var out: HTML =
            "<div class=\"notice match\" role=\"status\"><h3>\(p("matching_matches_heading"))</h3>\n<p>\(match.line)</p>\n"
        if match.withdrawn {
            return out + "<p>\(p("matching_match_withdrawn"))</p>\n</div>\n"
        }
        guard let contact = match.contact else {
            out += "<p>\(p("matching_matches_next"))</p>\n"
            if let action = match.agreeAction {
                let error = form.errors[agreeID]
                out += """
                    <form method="post" action="\(action)" class="stack">\(HTML.csrf(p))
                    \(HTML.when(error != nil, "<p class=\"error-message\" id=\"\(agreeID)-error\"><span class=\"visually-hidden\">\(p("error_prefix"))</span> \(error ?? "")</p>\n"))\
                    \(Checkbox(id: agreeID, name: "agrees", label: p("matching_agree_box"), hint: p("matching_agree_hint"), checked: false, value: "yes", error: error).html(p))\
                    <button type="submit" class="button">\(p("matching_agree"))</button>
                    </form>

                    """
            }
            return out + "</div>\n"
        }
        let agreed = p(
            contact.agreedBy == nil ? "matching_contact_agreed" : "matching_contact_agreed_by",
            ["date": p.dates.day(contact.agreedAt), "name": contact.agreedBy ?? ""])
        if contact.peers.isEmpty {
            out += "<p>\(agreed) \(p("matching_contact_waiting"))</p>\n"
        } else {
            out += "<p>\(agreed)</p>\n"
            let present = contact.peers.filter { !$0.gone }.map(\.name)
            let gone = contact.peers.filter(\.gone).map(\.name)
            if !present.isEmpty {
                out += "<p>\(p("matching_contact_with", ["names": present.joined(separator: ", ")]))</p>\n"
            }
            if !gone.isEmpty {
                out += "<p>\(p("matching_contact_gone", ["names": gone.joined(separator: ", ")]))</p>\n"
            }
        }
        if !contact.notes.isEmpty {
            out += "<ul class=\"cards notes\">\n"
            out += HTML.each(contact.notes) { note in
                let who =
                    note.from.map { p("matching_note_from", ["name": $0]) }
                    ?? (note.author.map { p("matching_note_from_us_by", ["name": $0]) } ?? p("matching_note_from_us"))
                return
                    "<li><p><strong>\(who)</strong>, \(p.dates.dayAndTime(note.at))</p><p class=\"note-text\">\(note.text)</p></li>\n"
            }
            out += "</ul>\n"
            out += "<p class=\"hint\">\(p("matching_notes_kept"))</p>\n"
        }
        if let action = match.noteAction, contact.reachable {
            var field = FormField(
                noteID, name: "note", label: p("matching_note"), hint: p("matching_note_hint"), form: form,
                control: .textarea(rows: 4))
            if form.values["record"] == match.record { field.value = form.values["note"] }
            out += """
                <form method="post" action="\(action)" class="stack">\(HTML.csrf(p))
                \(field.html(p))<button type="submit" class="button">\(p("matching_note_send"))</button>
                </form>

                """
        }
        if let action = match.takeBackAction {
            out += "<p class=\"hint\">\(p("matching_take_back_hint"))</p>\n"
            out += HTML.buttonForm(p, action: action, label: p("matching_take_back"), style: "button secondary small")
        }
        return out + "</div>\n"
    }

    func html(_ p: PageContext) -> HTML {
        // A problem with a match's form is summed up at the top, linking down to that form.
        var out: HTML = """
            <h1>\(p("case_matching_heading"))</h1>
            \(HTML.when(form.values["record"] != nil, HTML.errorSummary(form, p, id: "match")))\
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
                \(HTML.each(row.matches) { matchHTML($0, p) })\
                \(row.withdrawAction.map { HTML.buttonForm(p, action: $0, label: p("matching_withdraw"), style: "button danger small") } ?? .empty)</li>

                """
            }
            out += "</ul>\n"
        }
        if let vouchAction {
            out += """
                <h2>\(p("matching_vouch_heading"))</h2>
                <p>\(p("matching_vouch_intro"))</p>
                \(HTML.when(openedFor != nil, "<p>\(openedFor ?? "")</p>\n"))\
                \(HTML.buttonForm(p, action: vouchAction, label: p("matching_vouch")))

                """
        }
        if let vouchNote { out += "<p class=\"hint\">\(vouchNote)</p>\n" }
        out += "<h2>\(p("matching_new_heading"))</h2>\n"
        // With the form kept after a refusal, its errors say what is missing; the notice would repeat it.
        if let blocked, !keepsForm {
            out += "<p class=\"notice\">\(blocked)</p>\n"
            if let wishesHref { out += "<p><a href=\"\(wishesHref)\">\(p("matching_go_wishes"))</a></p>\n" }
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
