import Foundation
import TejidoCore

/// Who is in the case, adding someone, the link that hands a case to the person it is about, and
/// the pod map: people the person harmed could turn to. For the survivor's side.
struct PeoplePage: PageView {
    struct Row {
        /// Their place in the case, for the ids of their row's boxes.
        let id: String
        let name: String
        let role: String
        let isSurvivor: Bool
        let isSupporter: Bool
        let hasAccount: Bool
        /// Their account no longer belongs to the collective.
        let outsideCollective: Bool
        let actsForSurvivor: Bool
        let seesSafetyPlan: Bool
        let changeAction: String?
        let removeHref: String?
    }
    struct PodPerson {
        let name: String
        let note: String
        let addHref: String?
        let removeAction: String
    }

    let backHref: String
    let rows: [Row]
    let addAction: String
    let roles: [Choice]
    let agreement: AgreementFields?
    let respondentBlockedReason: String?
    let form: FormState
    let solid: [PodPerson]
    let maybe: [PodPerson]
    let podAction: String
    let claimAction: String?
    /// A claim link just made, shown this once.
    let claimLink: String?
    /// Who in the collective is prepared and willing, for whoever chooses the case's people.
    var preparedHref: String? = nil

    /// `mayTell`: whether the policy lets the asker tell the respondent now. `asked`: a username
    /// and role the pod map's "add to the case" link put in the address.
    static func build(
        _ file: CaseFile, me: CaseFile.Person, mayTell: Bool, asked: (username: String?, role: String?), links: CaseLinks,
        form: FormState, claimLink: String?, _ p: PageContext
    ) -> PeoplePage {
        let rows = file.activePeople.map { person in
            Row(
                id: person.id.text, name: person.name, role: p("case_role_\(person.role.rawValue)"),
                isSurvivor: person.role == .survivor,
                isSupporter: person.role == .supporter, hasAccount: person.userID != nil, outsideCollective: !person.inCollective,
                actsForSurvivor: person.participation.actsForSurvivor, seesSafetyPlan: person.participation.seesSafetyPlan,
                changeAction: person.role == .survivor || person.role == .respondent
                    ? nil : links.href(.person(person.id.text)),
                removeHref: person.role == .survivor || person.id == me.id ? nil : links.href(.personRemove(person.id.text))
            )
        }
        let chosenRole = form.values["role"] ?? asked.role ?? CaseRole.supporter.rawValue
        let blocked: String? =
            mayTell
            ? nil
            : p(
                file.wishes.limits.contains(.doNotTellRespondent)
                    ? "case_respondent_blocked_wish" : "case_respondent_blocked_consent")
        let pod = file.podMap.people.map { person in
            // Someone on the map with an account not yet in the case can be added from here.
            let addHref =
                person.username.isEmpty || file.activePeople.contains { $0.username == person.username.lowercased() }
                ? nil
                : links.href(.people)
                    + "?username=\(person.username.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")#add"
            return (
                person.ring,
                PodPerson(
                    name: person.name, note: person.note, addHref: addHref,
                    removeAction: links.href(.podRemove(person.id.text)))
            )
        }
        var shown = form
        if shown.values["username"] == nil { shown.values["username"] = asked.username ?? "" }
        return PeoplePage(
            backHref: links.href(.home), rows: rows, addAction: links.href(.people),
            roles: CaseReading.rolesToAdd(limits: file.wishes.limits, mayTellRespondent: mayTell).map {
                Choice(value: $0.rawValue, label: p("case_role_\($0.rawValue)"), selected: $0.rawValue == chosenRole)
            },
            agreement: AgreementFields.make(for: me.role, label: p("case_add_survivor_agreed"), values: shown.values, p),
            respondentBlockedReason: blocked, form: shown, solid: pod.filter { $0.0 == .solid }.map(\.1),
            maybe: pod.filter { $0.0 == .maybe }.map(\.1), podAction: links.href(.pod),
            claimAction: file.survivor?.userID == nil ? links.href(.claimLink) : nil, claimLink: claimLink)
    }

    func html(_ p: PageContext) -> HTML {
        var out: HTML = """
            <h1>\(p("case_people_heading"))</h1>
            <p><a href="\(backHref)">\(p("case_back"))</a></p>
            \(HTML.errorSummary(form, p))<ul class="people">
            \(HTML.each(rows) { row($0, p) })</ul>

            """
        if let claimLink {
            out += "<div class=\"notice\" role=\"status\"><p>\(p("case_claim_made"))</p><p><code>\(claimLink)</code></p></div>\n"
        }
        if let claimAction {
            out += """
                <form method="post" action="\(claimAction)">\(HTML.csrf(p))<p class="hint">\(p("case_claim_hint"))</p>\
                <button type="submit" class="button secondary">\(p("case_claim_make"))</button></form>

                """
        }
        out += """
            <h2 id="add">\(p("case_add_heading"))</h2>
            <p>\(p("case_add_intro"))</p>
            \(HTML.when(preparedHref != nil, "<p><a href=\"\(preparedHref ?? "")\">\(p("case_prepared_link"))</a></p>\n"))\
            \(HTML.when(respondentBlockedReason != nil, "<p class=\"hint\">\(respondentBlockedReason ?? "")</p>\n"))\
            <form method="post" action="\(addAction)" class="stack" novalidate>
            \(HTML.csrf(p))
            \(FormField("username", label: p("case_add_username"), form: form, attributes: "autocomplete=\"off\"").html(p))\
            \(FormField("role", label: p("case_add_role"), form: form, control: .select(roles, blank: nil)).html(p))\
            \(agreement?.html(form, p) ?? .empty)<button type="submit" class="button">\(p("case_add_submit"))</button>
            </form>

            """
        return out + podMap(p)
    }

    private func row(_ row: Row, _ p: PageContext) -> HTML {
        let who: HTML = " <span class=\"visually-hidden\">(\(row.name))</span>"
        var out: HTML = "<li><strong>\(row.name)</strong> <span class=\"tag\">\(row.role)</span>"
        if !row.hasAccount { out += " <span class=\"hint\">\(p("case_no_account"))</span>" }
        if row.outsideCollective {
            out +=
                " <span class=\"hint\">\(p(row.isSurvivor ? "case_outside_collective_kept" : "case_outside_collective"))</span>"
        }
        out += "\n"
        if let action = row.changeAction {
            func box(_ id: String, _ name: String, _ key: String, _ checked: Bool) -> HTML {
                """
                <span class="field checkbox"><input type="checkbox" id="\(id)-\(row.id)" name="\(name)" value="1"\
                \(HTML.when(checked, " checked"))><label for="\(id)-\(row.id)">\(p(key))\(who)</label></span>
                """
            }
            out += """
                <form method="post" action="\(action)" class="inline-form">
                \(HTML.csrf(p))
                \(HTML.when(row.isSupporter, box("acts", "acts_for_survivor", "case_acts_for_survivor", row.actsForSurvivor)))
                \(box("sees", "sees_safety_plan", "case_sees_safety_plan", row.seesSafetyPlan))
                <button type="submit" class="button secondary small">\(p("case_person_save"))\(who)</button>
                </form>
                """
        }
        out += "\n"
        if let href = row.removeHref { out += "<a href=\"\(href)\">\(p("case_remove_link"))\(who)</a>" }
        return out + "</li>\n"
    }

    private func podMap(_ p: PageContext) -> HTML {
        func ring(_ key: String, _ people: [PodPerson]) -> HTML {
            guard !people.isEmpty else { return "<h3>\(p(key))</h3>\n<p class=\"hint\">\(p("pod_empty"))</p>\n" }
            let items = HTML.each(people) { person in
                """
                <li>\(person.name)\(HTML.when(!person.note.isEmpty, " — \(person.note)"))\
                \(HTML.when(person.addHref != nil, " <a href=\"\(person.addHref ?? "")\">\(p("pod_add_to_case"))</a>")) \
                \(HTML.buttonForm(p, action: person.removeAction, label: p("pod_remove"), style: "button secondary small", formClass: "inline"))</li>
                """
            }
            return "<h3>\(p(key))</h3>\n<ul>\(items)</ul>\n"
        }
        return """
            <section id="pod" aria-labelledby="pod-heading">
            <h2 id="pod-heading">\(p("pod_heading"))</h2>
            <p>\(p("pod_intro"))</p>
            \(ring("pod_solid", solid))\(ring("pod_maybe", maybe))\
            <form method="post" action="\(podAction)" class="stack" novalidate>
            \(HTML.csrf(p))
            \(FormField("pod_name", label: p("pod_name"), form: form).html(p))\
            <fieldset><legend>\(p("pod_ring"))</legend>
            <div class="field radio"><input type="radio" id="ring-solid" name="ring" value="solid" checked><label for="ring-solid">\(p("pod_solid"))</label></div>
            <div class="field radio"><input type="radio" id="ring-maybe" name="ring" value="maybe"><label for="ring-maybe">\(p("pod_maybe"))</label></div>
            </fieldset>
            \(FormField("pod_username", label: p("pod_username"), hint: p("pod_username_hint"), form: form, attributes: "autocomplete=\"off\"").html(p))\
            \(FormField("pod_note", label: p("pod_note"), form: form).html(p))\
            <button type="submit" class="button secondary">\(p("pod_add"))</button>
            </form>
            </section>

            """
    }
}
