import Foundation
import TejidoCore

/// The collective's matching circles: each with its members and their roles, where it stands, and
/// what this admin may do (join or decline a proposal, leave); a key holder's counts for today;
/// and proposing a new circle among connections that take matching.
struct MatchingCirclesPage: PageView {
    struct Member {
        let name: String
        let roles: String
    }
    struct Circle {
        let id: String
        let name: String
        let state: String
        let problem: String?
        let members: [Member]
        let waitingFor: String?
        let invitedHint: String?
        let counts: [Member]
        /// What each key holder published for its last day: one line each.
        let reports: [String]
        let joinAction: String?
        let leaveAction: String?
        /// For a key holder of an active circle: replacing its key.
        let replaceKeyAction: String?
        /// Set from the second version on: the circle changed, and since when entries count.
        let versionNote: String?
        /// A change being agreed: what it is, in a sentence.
        let changeNote: String?
        /// What became of the last change, while no other is being agreed.
        let outcomeNote: String?
        /// For a member asked whether a collective may join: agreeing or refusing, naming the
        /// version asked about (`MatchingCircles.digest`).
        let decideAction: String?
        let decideDigest: String
        /// For the founder while an invitation is being agreed: withdrawing it.
        let withdrawAction: String?
        /// For the founder of a running circle with no change under way: inviting one more.
        let inviteAction: String?
        let invitable: [Candidate]
    }
    struct Candidate {
        let id: String
        let name: String
    }

    let circles: [Circle]
    let candidates: [Candidate]
    let proposeAction: String
    let networkHref: String
    let form: FormState

    static func build(
        slug: String, circles: [MatchingCircle], own: String, connections: [PeerConnection], counts: [UUID: [UUID: Int]],
        waiting: [UUID: [String]], form: FormState, _ p: PageContext
    ) -> MatchingCirclesPage {
        func name(_ fingerprint: String) -> String {
            fingerprint == own
                ? p("matching_circle_us")
                : connections.first { $0.details.keys.fingerprint.hex == fingerprint }?.details.name
                    ?? p("matching_circle_unknown")
        }
        // Named as the proposal form names them: every collective in a circle is a member.
        func roles(_ roles: [CircleManifest.Role]) -> String {
            p(
                roles.contains(.keyHolder)
                    ? "matching_choice_key_holder" : roles.contains(.board) ? "matching_choice_board" : "matching_choice_member")
        }
        return MatchingCirclesPage(
            circles: circles.map { circle in
                let id = circle.id.text
                return Circle(
                    id: id, name: circle.name, state: p(Self.stateKey(circle)),
                    problem: circle.record.problem.map { p($0) },
                    // The founder is the manifest's first member: it carries every change.
                    members: circle.members.enumerated().map { index, member in
                        Member(
                            name: name(member.fingerprint),
                            roles: roles(member.roles) + (index == 0 ? " " + p("matching_founder_mark") : ""))
                    },
                    // While only the invited collective is asked, the change note already names it.
                    waitingFor: (waiting[circle.id] ?? []).isEmpty
                        || (circle.state == .active && circle.pending?.manifest == nil && circle.pending?.invitee != nil)
                        ? nil
                        : p("matching_waiting_for", ["names": (waiting[circle.id] ?? []).map(name).joined(separator: ", ")]),
                    invitedHint: circle.state == .invited
                        ? p(
                            circle.roles(of: own).contains(.keyHolder)
                                ? "matching_invited_key_holder"
                                : circle.roles(of: own).contains(.board) ? "matching_invited_board" : "matching_invited_member")
                        : nil,
                    counts: (counts[circle.id] ?? [:]).compactMap { connection, count in
                        connections.first { $0.id == connection }.map {
                            Member(name: $0.details.name, roles: p("matching_counts_line", ["count": String(count)]))
                        }
                    }.sorted { $0.name < $1.name },
                    reports: circle.counts.reported.sorted { $0.key < $1.key }.map { holder, report in
                        p(
                            "matching_report_line",
                            [
                                "holder": name(holder),
                                "day": CalendarDay.parse(report.day).map { p.dates.day($0) } ?? report.day,
                                "limit": String(circle.manifest?.limits.evaluationsPerInstancePerDay ?? 0),
                                // In the reader's alphabetical order of names, not of fingerprints.
                                "counts": report.counts.map { (name: name($0.key), count: $0.value) }.sorted { $0.name < $1.name }
                                    .map { "\($0.name) \($0.count)" }.joined(separator: ", "),
                            ])
                    },
                    joinAction: circle.state == .invited ? SiteURL.network(slug: slug, .circleAnswer(id)).path : nil,
                    leaveAction: [.ended, .invited, .declined].contains(circle.state)
                        ? nil : SiteURL.network(slug: slug, .circleLeave(id)).path,
                    replaceKeyAction: circle.state == .active && circle.roles(of: own).contains(.keyHolder)
                        ? SiteURL.network(slug: slug, .circleReplaceKey(id)).path : nil,
                    versionNote: versionNote(circle, p),
                    changeNote: changeNote(circle, own: own, name: name, p),
                    outcomeNote: outcomeNote(circle, name: name, p),
                    decideAction: circle.state == .active && circle.pending?.signatures.isEmpty == true
                        && circle.pending?.refused == false && !circle.isFounder && circle.change != nil
                        && circle.change != .removed(own)
                        ? SiteURL.network(slug: slug, .circleChange(id)).path : nil,
                    decideDigest: circle.pending?.manifest.map(MatchingCircles.digest) ?? "",
                    withdrawAction: circle.isFounder && circle.state == .active && circle.pending?.invitee != nil
                        ? SiteURL.network(slug: slug, .circleChange(id)).path : nil,
                    inviteAction: circle.isFounder && circle.state == .active && circle.pending == nil
                        ? SiteURL.network(slug: slug, .circleInvite(id)).path : nil,
                    invitable: connections.filter {
                        $0.sends(.matching) && $0.accepts.contains(.matching)
                            && circle.manifest?.member($0.details.keys.fingerprint.hex) == nil
                    }.map { Candidate(id: $0.id.text, name: $0.details.name) })
            },
            candidates: connections.filter { $0.sends(.matching) && $0.accepts.contains(.matching) }.map {
                Candidate(id: $0.id.text, name: $0.details.name)
            },
            proposeAction: SiteURL.network(slug: slug, .matching).path, networkHref: SiteURL.network(slug: slug, .home).path,
            form: form)
    }

    /// The circle's state as this collective reads it: one that left or declined reads so, not
    /// that the circle ended (it goes on without it).
    static func stateKey(_ circle: MatchingCircle) -> String {
        switch circle.record.problem {
        case "matching_problem_left_here": "matching_circle_state_left"
        case "matching_problem_declined_here": "matching_circle_state_declined"
        default: "matching_circle_state_\(circle.state.rawValue)"
        }
    }

    /// From the second version on, in a circle this collective is in: its number, and — if the keys
    /// changed since the circle began — from which version entries count.
    static func versionNote(_ circle: MatchingCircle, _ p: PageContext) -> String? {
        guard let manifest = circle.manifest, manifest.version > 1, circle.state == .active else { return nil }
        return manifest.keysVersion > 1
            ? p("matching_version_note_keys", ["version": String(manifest.version), "keys": String(manifest.keysVersion)])
            : p("matching_version_note", ["version": String(manifest.version)])
    }

    /// What became of the last change, in a running circle with no other change under way.
    static func outcomeNote(_ circle: MatchingCircle, name: (String) -> String, _ p: PageContext) -> String? {
        guard circle.state == .active, circle.pending == nil, let outcome = circle.lastChange else { return nil }
        return p(
            "matching_outcome_\(outcome.kind.rawValue)",
            ["date": p.dates.day(outcome.at), "name": name(outcome.who), "by": outcome.by.map(name) ?? ""])
    }

    /// The change being agreed, as this collective sees it.
    static func changeNote(
        _ circle: MatchingCircle, own: String, name: (String) -> String, _ p: PageContext
    ) -> String? {
        guard circle.state == .active, let pending = circle.pending else { return nil }
        if pending.manifest == nil, let invitee = pending.invitee {
            return p("matching_change_invited", ["name": name(invitee.fingerprint)])
        }
        switch circle.change {
        case .added(let joining):
            let who = name(joining)
            if circle.isFounder { return p("matching_change_joining", ["name": who]) }
            if pending.refused { return p("matching_change_refused", ["name": who]) }
            if !pending.signatures.isEmpty { return p("matching_change_agreed", ["name": who]) }
            return p("matching_change_ask", ["name": who, "fingerprint": String(joining.prefix(16))])
        case .removed(let leaving): return p("matching_change_leaving", ["name": name(leaving)])
        default: return nil
        }
    }

    func html(_ p: PageContext) -> HTML {
        var out: HTML = """
            <h1>\(p("matching_circles_heading"))</h1>
            <p><a href="\(networkHref)">\(p("matching_back_to_network"))</a></p>
            <p>\(p("matching_circles_intro"))</p>
            <p>\(p("matching_circles_docs"))</p>
            \(HTML.errorSummary(form, p))
            """
        if circles.isEmpty { out += "<p>\(p("matching_circles_none"))</p>\n" }
        out += HTML.each(circles) { circle($0, p) }
        out += "<h2 id=\"propose-heading\">\(p("matching_propose_heading"))</h2>\n"
        guard !candidates.isEmpty else { return out + "<p>\(p("matching_propose_no_connections"))</p>\n" }
        let choices = ["", "member", "key_holder", "board"]
        func select(_ name: String, label: String, own: Bool) -> HTML {
            let options = choices.filter { !own || !$0.isEmpty }.map { value in
                Choice(
                    value: value, label: p(value.isEmpty ? "matching_role_none" : "matching_choice_\(value)"),
                    selected: (form.values[name] ?? (own ? "key_holder" : "")) == value)
            }
            return FormField(name, label: label, form: form, control: .select(options, blank: nil)).html(p)
        }
        out += """
            <p>\(p("matching_propose_intro"))</p>
            <form method="post" action="\(proposeAction)" class="stack" novalidate>
            \(HTML.csrf(p))
            \(FormField("name", label: p("matching_circle_name"), hint: p("matching_circle_name_hint"), form: form).html(p))\
            <fieldset class="field\(HTML.when(form.errors["members"] != nil, " field-has-error"))" id="members"><legend>\(p("matching_members_legend"))</legend>
            <p class="hint">\(p("matching_members_hint"))</p>
            \(HTML.when(form.errors["members"] != nil, "<p class=\"error-message\" id=\"members-error\"><span class=\"visually-hidden\">\(p("error_prefix"))</span> \(form.errors["members"] ?? "")</p>\n"))\
            \(select("own_role", label: p("matching_circle_us"), own: true))\
            \(HTML.each(candidates) { select("role_\($0.id)", label: $0.name, own: false) })</fieldset>
            <button type="submit" class="button">\(p("matching_propose"))</button>
            </form>

            """
        return out
    }

    /// The invite form's field: one per circle, so two circles' forms never share an id.
    static func inviteField(_ circle: String) -> String { "invite_\(circle)" }

    /// The founder's form to invite one more collective, when there is one to invite.
    private func invite(_ circle: Circle, _ p: PageContext) -> HTML {
        guard let action = circle.inviteAction, !circle.invitable.isEmpty else { return .empty }
        let field = Self.inviteField(circle.id)
        let options = circle.invitable.map {
            Choice(value: $0.id, label: $0.name, selected: form.values[field] == $0.id)
        }
        return """
            <h3>\(p("matching_invite_heading"))</h3>
            <p class="hint">\(p("matching_invite_hint"))</p>
            <form method="post" action="\(action)" class="stack" novalidate>
            \(HTML.csrf(p))
            \(FormField(field, label: p("matching_invite_label"), form: form, control: .select(options, blank: nil)).html(p))\
            <button type="submit" class="button">\(p("matching_invite"))</button>
            </form>

            """
    }

    private func circle(_ circle: Circle, _ p: PageContext) -> HTML {
        """
        <section class="panel" aria-labelledby="circle-\(circle.id)">
        <h2 id="circle-\(circle.id)">\(circle.name) <span class="tag">\(circle.state)</span></h2>
        \(HTML.when(circle.problem != nil, "<p class=\"notice\">\(circle.problem ?? "")</p>\n"))\
        <ul>
        \(HTML.each(circle.members) { "<li>\($0.name): \($0.roles)</li>\n" })</ul>
        \(HTML.when(circle.versionNote != nil, "<p>\(circle.versionNote ?? "")</p>\n"))\
        \(HTML.when(circle.waitingFor != nil, "<p class=\"hint\">\(circle.waitingFor ?? "")</p>\n"))\
        \(circle.joinAction.map { action in
            "<p>\(circle.invitedHint ?? "")</p>\n<div class=\"actions-row\">"
                + HTML.buttonForm(p, action: action, label: p("matching_join"), hidden: [("answer", "join")])
                + HTML.buttonForm(p, action: action, label: p("matching_decline"), style: "button secondary", hidden: [("answer", "decline")])
                + "</div>"
        } ?? .empty)\
        \(HTML.when(circle.outcomeNote != nil, "<p class=\"hint\">\(circle.outcomeNote ?? "")</p>\n"))\
        \(HTML.when(circle.changeNote != nil, "<p class=\"notice\">\(circle.changeNote ?? "")</p>\n"))\
        \(circle.decideAction.map { action in
            "<div class=\"actions-row\">"
                + HTML.buttonForm(
                    p, action: action, label: p("matching_change_agree"), hidden: [("answer", "agree"), ("next", circle.decideDigest)])
                + HTML.buttonForm(
                    p, action: action, label: p("matching_change_refuse"), style: "button secondary",
                    hidden: [("answer", "refuse"), ("next", circle.decideDigest)])
                + "</div>\n"
        } ?? .empty)\
        \(circle.withdrawAction.map {
            HTML.buttonForm(p, action: $0, label: p("matching_change_withdraw"), style: "button secondary", hidden: [("answer", "withdraw")])
        } ?? .empty)\
        \(invite(circle, p))\
        \(HTML.when(!circle.reports.isEmpty, "<h3>\(p("matching_reports_heading"))</h3>\n<ul>\n\(HTML.each(circle.reports) { "<li>\($0)</li>\n" })</ul>\n"))\
        \(HTML.when(!circle.counts.isEmpty, "<h3>\(p("matching_counts_heading"))</h3>\n<ul>\n\(HTML.each(circle.counts) { "<li>\($0.name): \($0.roles)</li>\n" })</ul>\n"))\
        \(circle.replaceKeyAction.map { "<p><a href=\"\($0)\">\(p("matching_replace_key"))</a></p>" } ?? .empty)\
        \(circle.leaveAction.map { "<p><a href=\"\($0)\">\(p("matching_leave"))</a></p>" } ?? .empty)
        </section>

        """
    }
}
