import TejidoCore

/// Classifying the harm by the adopted protocol: one group of levels per harm type, so several
/// can be named, and the reason. The facilitator is told when the account of what happened is kept
/// from them.
struct ClassifyPage: PageView {
    struct Harm {
        let id: String
        let name: String
        let notThis: Bool
        let levels: [Choice]
        /// The radio group's name: one group per harm type, so several can be chosen.
        var field: String { "level_\(id)" }
    }

    let action: String
    let backHref: String
    let version: Int
    let harms: [Harm]
    let form: FormState
    let narrativeHidden: Bool
    /// Published lessons about the same harm, for the facilitator (at most three).
    var lessons: [LessonCard] = []

    static func build(
        document: ProtocolDocument, version: Int, in language: Language, narrativeHidden: Bool, links: CaseLinks,
        form: FormState, lessons: [LessonCard] = []
    ) -> ClassifyPage {
        let harms = document.harmTypes.map { harm in
            let chosen = form.values["level_\(harm.id)"] ?? ""
            return Harm(
                id: harm.id, name: harm.name.text(in: language), notThis: chosen.isEmpty,
                levels: harm.levels.map { level in
                    Choice(
                        value: level.id, label: level.name.text(in: language), selected: chosen == level.id,
                        hint: level.description.text(in: language))
                })
        }
        return ClassifyPage(
            action: links.href(.classify), backHref: links.href(.home), version: version, harms: harms, form: form,
            narrativeHidden: narrativeHidden, lessons: lessons)
    }

    func html(_ p: PageContext) -> HTML {
        let error = form.errors["choice"]
        return """
            <h1>\(p("case_classify_heading"))</h1>
            <p><a href="\(backHref)">\(p("case_back"))</a></p>
            <p>\(p("case_classify_intro")) \(p("case_protocol_version")) \(version).</p>
            \(HTML.when(narrativeHidden, "<p class=\"notice\">\(p("case_classify_narrative_hidden"))</p>\n"))\
            \(HTML.errorSummary(form, p))<form method="post" action="\(action)" class="stack" novalidate>
            \(HTML.csrf(p))
            <fieldset id="choice" class="stack\(HTML.when(error != nil, " field-has-error"))"\
            \(HTML.when(error != nil, " aria-describedby=\"choice-error\""))><legend>\(p("case_classify_choice"))</legend>
            \(HTML.when(error != nil, "<p class=\"error-message\" id=\"choice-error\"><span class=\"visually-hidden\">\(p("error_prefix"))</span> \(error ?? "")</p>\n"))\
            <p class="hint">\(p("case_classify_several"))</p>
            \(HTML.each(harms) { harm($0, p) })</fieldset>
            \(FormField("reason", label: p("case_classify_reason"), hint: p("case_classify_reason_hint"), form: form, control: .textarea(rows: 4)).html(p))\
            <button type="submit" class="button">\(p("case_classify_submit"))</button>
            </form>
            \(HTML.when(!lessons.isEmpty, """
                <h2>\(p("case_lessons_heading"))</h2>
                <p>\(p("case_lessons_intro"))</p>
                <ul class="cards">
                \(HTML.each(lessons) { $0.html(p) })</ul>

                """))
            """
    }

    /// A harm type's levels, and "not this one"; ids use "/" so a level id never meets another harm's.
    private func harm(_ harm: Harm, _ p: PageContext) -> HTML {
        """
        <fieldset class="stack"><legend>\(harm.name)</legend>
        <div class="field radio"><input type="radio" id="c-\(harm.id)-none" name="\(harm.field)" value=""\
        \(HTML.when(harm.notThis, " checked"))><label for="c-\(harm.id)-none">\(p("case_classify_not_this"))</label></div>
        \(HTML.each(harm.levels) { level in
            """
            <div class="field radio"><input type="radio" id="c-\(harm.id)/\(level.value)" name="\(harm.field)" value="\(level.value)"\
            \(HTML.when(level.selected, " checked"))><label for="c-\(harm.id)/\(level.value)">\(level.label)</label>\
            \(HTML.when(level.hint?.isEmpty == false, "<p class=\"hint\">\(level.hint ?? "")</p>"))</div>

            """
        })</fieldset>

        """
    }
}
