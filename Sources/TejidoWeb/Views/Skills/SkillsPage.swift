import Foundation
import TejidoCore

/// A member's page on the skills roster: what the collective needs, their own entries, trainings
/// the care team recorded waiting for their answer, and (for the care team) naming skills and
/// recording trainings. Nobody's page lists anyone else.
struct SkillsPage: PageView {
    struct Own {
        let skill: String
        let trained: String
        let renew: String
        let standing: String
        let standingKey: String
        let willing: String
        let removeAction: String
    }
    struct Offer {
        let id: String
        let skill: String
        let trained: String
        let renew: String
        let answerAction: String
    }
    struct Named {
        let name: String
        let retireAction: String
    }
    struct Manage {
        let named: [Named]
        let nameAction: String
        let trainingAction: String
        let members: [Choice]
        let skills: [Choice]
        let nameForm: FormState
        let trainingForm: FormState
    }

    let needed: [String]
    let own: [Own]
    let offers: [Offer]
    let action: String
    let skills: [Choice]
    let form: FormState
    let manage: Manage?

    /// A skill's name in the reader's language: Tejido's own by key, the collective's as written.
    static func label(_ skill: SkillRecord, _ p: PageContext) -> String {
        skill.key.map { p("skill_\($0)") } ?? skill.name ?? ""
    }

    static func build(
        slug: String, skills: [SkillRecord], listings: [SkillListingRecord], today: Date, form: FormState,
        manage: (members: [(id: UUID, username: String)], nameForm: FormState, trainingForm: FormState)?, _ p: PageContext
    ) -> SkillsPage {
        func choices(_ chosen: String?) -> [Choice] {
            skills.compactMap { skill in
                skill.id.map { Choice(value: $0.text, label: label(skill, p), selected: $0.text == chosen) }
            }
        }
        let agreed = listings.filter { $0.agreedAt != nil }, waiting = listings.filter { $0.agreedAt == nil }
        return SkillsPage(
            needed: skills.map { label($0, p) },
            own: agreed.map { row in
                let standing = SkillStanding.on(today, renewBy: row.renewBy)
                return Own(
                    skill: label(row.skill, p), trained: p.dates.day(row.trainedOn),
                    renew: row.renewBy.map { p.dates.day($0) } ?? p("skills_no_renewal"),
                    standing: p("skill_standing_\(standing.rawValue)"), standingKey: standing.rawValue,
                    willing: p(row.willing ? "skills_willing_yes" : "skills_willing_no"),
                    removeAction: SiteURL.skillRemove(slug: slug, skillID: row.$skill.id.text).path)
            },
            offers: waiting.compactMap { row in
                guard let id = row.id else { return nil }
                return Offer(
                    id: id.text, skill: label(row.skill, p), trained: p.dates.day(row.trainedOn),
                    renew: row.renewBy.map { p.dates.day($0) } ?? p("skills_no_renewal"),
                    answerAction: SiteURL.skillOffer(slug: slug, listingID: id.text).path)
            },
            action: SiteURL.skills(slug: slug).path, skills: choices(form.values["skill"]), form: form,
            manage: manage.map { manage in
                Manage(
                    // Only those the collective named itself can be removed; Tejido's own stay.
                    named: skills.filter { $0.key == nil }.compactMap { skill in
                        skill.id.map {
                            Named(name: label(skill, p), retireAction: SiteURL.skillRetire(slug: slug, skillID: $0.text).path)
                        }
                    },
                    nameAction: SiteURL.skillsNamed(slug: slug).path, trainingAction: SiteURL.skillsTraining(slug: slug).path,
                    members: manage.members.map {
                        Choice(
                            value: $0.id.text, label: $0.username, selected: manage.trainingForm.values["member"] == $0.id.text)
                    },
                    skills: choices(manage.trainingForm.values["offer_skill"]), nameForm: manage.nameForm,
                    trainingForm: manage.trainingForm)
            })
    }

    func html(_ p: PageContext) -> HTML {
        var out: HTML = """
            <h1>\(p("skills_heading"))</h1>
            <p>\(p("skills_intro"))</p>
            <p>\(p("skills_who_sees"))</p>
            <p>\(p("skills_safeguarding_note"))</p>

            """
        if !offers.isEmpty { out += offersHTML(p) }
        out += ownHTML(p) + addHTML(p)
        if let manage { out += manageHTML(manage, p) }
        return out
    }

    private func offersHTML(_ p: PageContext) -> HTML {
        """
        <section class="panel notice" aria-labelledby="offers-heading">
        <h2 id="offers-heading">\(p("skills_offers_heading"))</h2>
        <p>\(p("skills_offers_intro"))</p>
        \(HTML.each(offers) { offer in
            """
            <form method="post" action="\(offer.answerAction)" class="stack">
            \(HTML.csrf(p))
            <p><strong>\(offer.skill)</strong> — \(p("skills_col_trained")): \(offer.trained); \(p("skills_col_renew")): \(offer.renew)</p>
            \(Checkbox(id: "willing-\(offer.id)", name: "willing", label: p("field_skill_willing"), hint: p("hint_skill_willing"), checked: false).html(p))\
            <div class="actions"><button type="submit" name="answer" value="agree" class="button">\(p("skills_offer_agree"))</button>
            <button type="submit" name="answer" value="decline" class="button secondary">\(p("skills_offer_decline"))</button></div>
            </form>

            """
        })</section>

        """
    }

    private func ownHTML(_ p: PageContext) -> HTML {
        var out: HTML = "<h2>\(p("skills_own_heading"))</h2>\n"
        guard !own.isEmpty else { return out + "<p>\(p("skills_own_none"))</p>\n" }
        let trained = p("skills_col_trained"), renew = p("skills_col_renew"), standing = p("skills_col_standing")
        let willing = p("skills_col_willing")
        out += """
            <table>
            <thead><tr><th scope="col">\(p("skills_col_skill"))</th><th scope="col">\(trained)</th><th scope="col">\(renew)</th>\
            <th scope="col">\(standing)</th><th scope="col">\(willing)</th><th scope="col">\(p("members_col_actions"))</th></tr></thead>
            <tbody>
            \(HTML.each(own) { row in
                """
                <tr><th scope="row">\(row.skill)</th><td data-label="\(trained)">\(row.trained)</td>\
                <td data-label="\(renew)">\(row.renew)</td><td data-label="\(standing)"><span class="tag skill-\(row.standingKey)">\(row.standing)</span></td>\
                <td data-label="\(willing)">\(row.willing)</td>
                <td>\(HTML.buttonForm(p, action: row.removeAction, label: p("skills_remove"), style: "button small secondary", formClass: "inline-form"))</td></tr>

                """
            })</tbody>
            </table>

            """
        return out
    }

    private func addHTML(_ p: PageContext) -> HTML {
        guard !skills.isEmpty else { return .empty }
        return """
            <section class="panel" aria-labelledby="add-heading">
            <h2 id="add-heading">\(p("skills_add_heading"))</h2>
            <p>\(p("skills_add_intro"))</p>
            \(HTML.errorSummary(form, p))<form method="post" action="\(action)" class="stack" novalidate>
            \(HTML.csrf(p))
            \(FormField("skill", label: p("field_skill"), form: form, control: .select(skills, blank: p("field_skill_choose"))).html(p))\
            \(FormField("trained_on", label: p("field_skill_trained"), hint: p("hint_skill_trained"), form: form, control: .input("date")).html(p))\
            \(FormField("renew_by", label: p("field_skill_renew"), hint: p("hint_skill_renew"), form: form, control: .input("date")).html(p))\
            \(Checkbox(id: "willing", label: p("field_skill_willing"), hint: p("hint_skill_willing"), checked: form.values["willing"] == "1").html(p))\
            \(HTML.when(form.errors["agree"] != nil, "<p class=\"error-message\" id=\"agree-error\"><span class=\"visually-hidden\">\(p("error_prefix"))</span> \(form.errors["agree"] ?? "")</p>\n"))\
            \(Checkbox(id: "agree", label: p("field_skill_agree"), checked: form.values["agree"] == "1", error: form.errors["agree"]).html(p))\
            <button type="submit" class="button">\(p("skills_add_submit"))</button>
            </form>
            </section>

            """
    }

    private func manageHTML(_ manage: Manage, _ p: PageContext) -> HTML {
        """
        <section class="panel" aria-labelledby="needed-heading">
        <h2 id="needed-heading">\(p("skills_needed_heading"))</h2>
        <p>\(p("skills_needed_intro"))</p>
        <ul>
        \(HTML.each(manage.named) { named in
            "<li>\(named.name) \(HTML.buttonForm(p, action: named.retireAction, label: p("skills_retire"), style: "button small secondary", formClass: "inline-form"))</li>\n"
        })</ul>
        \(HTML.errorSummary(manage.nameForm, p, id: "name-form"))<form method="post" action="\(manage.nameAction)" class="stack" novalidate>
        \(HTML.csrf(p))
        \(FormField("name", label: p("field_skill_name"), hint: p("hint_skill_name"), form: manage.nameForm, attributes: "maxlength=\"80\"").html(p))\
        <button type="submit" class="button secondary">\(p("skills_name_submit"))</button>
        </form>
        </section>
        <section class="panel" aria-labelledby="training-heading">
        <h2 id="training-heading">\(p("skills_training_heading"))</h2>
        <p>\(p("skills_training_intro"))</p>
        \(HTML.errorSummary(manage.trainingForm, p, id: "training-form"))<form method="post" action="\(manage.trainingAction)" class="stack" novalidate>
        \(HTML.csrf(p))
        \(FormField("member", label: p("field_skill_member"), form: manage.trainingForm, control: .select(manage.members, blank: p("field_skill_choose"))).html(p))\
        \(FormField("offer_skill", label: p("field_skill"), form: manage.trainingForm, control: .select(manage.skills, blank: p("field_skill_choose"))).html(p))\
        \(FormField("offer_trained_on", label: p("field_skill_trained"), form: manage.trainingForm, control: .input("date")).html(p))\
        \(FormField("offer_renew_by", label: p("field_skill_renew"), form: manage.trainingForm, control: .input("date")).html(p))\
        <button type="submit" class="button secondary">\(p("skills_training_submit"))</button>
        </form>
        </section>

        """
    }
}
