import Foundation
import TejidoCore

/// Writing a lesson: its parts in general terms, a season and a year, the harm types and
/// responses to keep, its language, and when members may first read it. Names the case knows
/// are listed so the author can see what Tejido looks for.
struct LessonEditPage: PageView {
    let action: String
    let backHref: String
    let form: FormState
    let seasons: [Choice]
    let languages: [Choice]
    let delays: [Choice]
    let harms: [Choice]
    let responses: [Choice]
    let knownNames: [String]
    let isSurvivor: Bool
    let wasApproved: Bool

    static let textFields = ["happened", "collective_did", "helped", "did_not_help", "differently"]

    /// The form's values from a stored draft (or, shown again, what was typed).
    static func values(_ draft: LessonDraft, now: Date) -> [String: String] {
        var values = [
            "delay": String(draft.delay.rawValue), "names_agreed": draft.namesAgreed ? "1" : "",
            // Asked again on every edit: a date written since the last check must be checked too.
            "dates_checked": "", "remove_with_case": draft.removeWithCase == true ? "1" : "",
        ]
        guard let text = draft.text else {
            for harm in draft.offeredHarms { values["harm_\(harm)"] = "1" }
            for response in draft.offeredResponses { values["response_\(response.rawValue)"] = "1" }
            let year = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: draft.endedAt).year
            values["year"] = year.map(String.init) ?? ""
            return values
        }
        for (field, part) in text.parts { values[field] = part }
        values["season"] = text.season.rawValue
        values["year"] = String(text.year)
        values["language"] = text.language.rawValue
        for harm in text.harmTypes { values["harm_\(harm)"] = "1" }
        for response in text.responses { values["response_\(response.rawValue)"] = "1" }
        return values
    }

    static func build(
        id: UUID, slug: String, draft: LessonDraft, names: LessonNames, isSurvivor: Bool, form: FormState, _ p: PageContext
    ) -> LessonEditPage {
        let values = form.values
        return LessonEditPage(
            action: SiteURL.lessonEdit(slug: slug, lessonID: id.text).path,
            backHref: SiteURL.lesson(slug: slug, lessonID: id.text).path, form: form,
            seasons: LessonText.Season.allCases.map {
                Choice(value: $0.rawValue, label: p("lesson_season_\($0.rawValue)"), selected: values["season"] == $0.rawValue)
            },
            languages: Language.allCases.map {
                Choice(
                    value: $0.rawValue, label: p("language_name_\($0.rawValue)"),
                    selected: (values["language"] ?? p.language.rawValue) == $0.rawValue)
            },
            delays: LessonSchedule.Delay.allCases.map {
                Choice(
                    value: String($0.rawValue), label: p("lesson_delay_\($0.rawValue)"),
                    selected: values["delay"] == String($0.rawValue))
            },
            harms: draft.offeredHarms.map {
                Choice(value: $0, label: names.harm($0), selected: values["harm_\($0)"] == "1")
            },
            responses: draft.offeredResponses.map {
                Choice(
                    value: $0.rawValue, label: ProtocolVocabulary.name(of: $0, in: p.language),
                    selected: values["response_\($0.rawValue)"] == "1")
            },
            knownNames: draft.knownNames, isSurvivor: isSurvivor, wasApproved: draft.approvedDigest != nil)
    }

    func html(_ p: PageContext) -> HTML {
        """
        <p><a href="\(backHref)">\(p("lesson_back"))</a></p>
        <h1>\(p("lesson_edit_heading"))</h1>
        <p>\(p("lesson_edit_intro"))</p>
        \(HTML.when(wasApproved, "<p class=\"notice\">\(p("lesson_edit_cancels_approval"))</p>\n"))\
        \(HTML.when(!knownNames.isEmpty, """
            <details><summary>\(p("lesson_known_names"))</summary>
            <ul>\(HTML.each(knownNames) { "<li>\($0)</li>" })</ul></details>

            """))\
        \(HTML.errorSummary(form, p))<form method="post" action="\(action)" class="stack" novalidate>
        \(HTML.csrf(p))
        \(FormField("title", label: p("lesson_field_title"), hint: p("lesson_field_title_hint"), form: form, attributes: "maxlength=\"200\"").html(p))\
        \(HTML.each(Self.textFields) { field in
            FormField(field, label: p("lesson_field_\(field)"), hint: p("lesson_field_\(field)_hint"), form: form, control: .textarea(rows: 5)).html(p)
        })\
        \(FormField("season", label: p("lesson_field_season"), hint: p("lesson_field_season_hint"), form: form, control: .select(seasons, blank: p("lesson_season_choose"))).html(p))\
        \(FormField("year", label: p("lesson_field_year"), form: form, control: .input("number"), attributes: "inputmode=\"numeric\" min=\"1990\" max=\"2100\"", narrow: true).html(p))\
        \(boxes("harm_types", "harm_", p("lesson_harms"), p("lesson_harms_hint"), harms, p))\
        \(boxes("responses", "response_", p("lesson_responses"), nil, responses, p))\
        \(FormField("language", label: p("lesson_field_language"), form: form, control: .select(languages, blank: nil)).html(p))\
        \(RadioGroup(name: "delay", legend: p("lesson_field_delay"), hint: p("lesson_field_delay_hint"), error: form.errors["delay"], choices: delays, anchor: "delay").html(p))\
        \(Checkbox(id: "dates_checked", label: p("lesson_dates_checked"), hint: p("lesson_dates_checked_hint"), checked: form.values["dates_checked"] == "1").html(p))\
        \(HTML.when(isSurvivor, Checkbox(id: "names_agreed", label: p("lesson_names_agreed"), hint: p("lesson_names_agreed_hint"), checked: form.values["names_agreed"] == "1").html(p)))\
        \(Checkbox(id: "remove_with_case", label: p("lesson_remove_with_case"), hint: p("lesson_remove_with_case_hint"), checked: form.values["remove_with_case"] == "1").html(p))\
        <button type="submit" class="button">\(p("lesson_save"))</button>
        </form>

        """
    }

    private func boxes(
        _ id: String, _ prefix: String, _ legend: String, _ hint: String?, _ choices: [Choice], _ p: PageContext
    ) -> HTML {
        guard !choices.isEmpty else { return .empty }
        return Fieldset(
            id: id, classes: "stack" + (form.errors[id] != nil ? " field-has-error" : ""), legend: legend, hint: hint,
            error: form.errors[id],
            content: HTML.each(choices) {
                Checkbox(id: prefix + $0.value, label: $0.label, checked: $0.selected).html(p)
            }
        ).html(p)
    }
}
