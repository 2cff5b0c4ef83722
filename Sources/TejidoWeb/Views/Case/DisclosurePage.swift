import TejidoCore

/// Opening a case, or finishing a draft: what happened, who reads it, and the wishes. Someone
/// writing for another person says who and what that person agreed to.
struct DisclosurePage: PageView {
    let action: String
    let isDraft: Bool
    let forSomeoneElse: Bool
    let form: FormState
    let manners: [Choice]
    let readers: [Choice]

    static func build(action: String, isDraft: Bool, form: FormState, _ p: PageContext) -> DisclosurePage {
        let manner = form.values["manner"] ?? CaseConsent.Manner.spoken.rawValue
        let readers = form.values["narrative_visibility"] ?? EntryVisibility.survivorSide.rawValue
        return DisclosurePage(
            action: action, isDraft: isDraft, forSomeoneElse: form.values["for"] == "other", form: form,
            manners: [CaseConsent.Manner.spoken, .inWriting].map {
                Choice(value: $0.rawValue, label: p("manner_\($0.rawValue)"), selected: $0.rawValue == manner)
            },
            readers: Disclosure.visibilityChoices.map {
                Choice(value: $0.rawValue, label: p("visibility_\($0.rawValue)"), selected: $0.rawValue == readers)
            })
    }

    func html(_ p: PageContext) -> HTML {
        """
        <h1>\(p(isDraft ? "case_draft_heading" : "case_open_heading"))</h1>
        <p>\(p("case_open_intro"))</p>
        <p class="notice">\(p("case_open_danger")) <a href="\(SiteURL.help(language: p.language, slug: nil).path)">\(p("help_link"))</a></p>
        <p class="hint">\(p("case_open_keys")) <a href="\(SiteURL.account.path)#recovery-heading">\(p("case_keys_make_code"))</a></p>
        \(HTML.errorSummary(form, p))<form method="post" action="\(action)" class="stack" novalidate>
        \(HTML.csrf(p))
        \(isDraft ? .empty : forWhom(p))\
        \(FormField("narrative", label: p("case_open_narrative"), hint: p("case_open_narrative_hint"), form: form, control: .textarea(rows: 8)).html(p))\
        \(RadioGroup(name: "narrative_visibility", legend: p("case_open_readers"), hint: p("case_open_readers_hint"), choices: readers).html(p))\
        \(WishesFields.html(form, p))
        <div class="actions-row">
        <button type="submit" name="finish" value="1" class="button">\(p("case_open_submit"))</button>
        <button type="submit" name="finish" value="0" class="button secondary">\(p("case_open_save_later"))</button>
        </div>
        <p class="hint">\(p("case_open_after"))</p>
        </form>

        """
    }

    /// For whom the case is opened; when for someone else, who they are and what they agreed to.
    private func forWhom(_ p: PageContext) -> HTML {
        """
        \(RadioGroup(name: "for", legend: p("case_open_for_legend"), choices: [
            Choice(value: "self", label: p("case_open_for_self"), selected: !forSomeoneElse),
            Choice(value: "other", label: p("case_open_for_other"), selected: forSomeoneElse),
        ]).html(p))\
        <fieldset class="stack">
        <legend>\(p("case_open_other_legend"))</legend>
        <p class="hint">\(p("case_open_other_hint"))</p>
        \(FormField("survivor_name", label: p("case_open_survivor_name"), hint: p("case_open_survivor_name_hint"), form: form).html(p))\
        \(FormField("agreed_to", label: p("case_open_agreed_to"), hint: p("case_open_agreed_to_hint"), form: form, control: .textarea(rows: 3)).html(p))\
        \(FormField("manner", label: p("case_open_manner"), form: FormState(), control: .select(manners, blank: nil)).html(p))\
        </fieldset>

        """
    }
}
