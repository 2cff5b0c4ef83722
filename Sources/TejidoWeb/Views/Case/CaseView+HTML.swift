/// The case page's markup: the page people return to most and the one with the longest lists
/// (see `bench/case_page.py`). The frame around it is `PageChrome.frame`, as for every page.
extension CaseView: PageView {
    func html(_ t: PageContext) -> HTML {
        let token = HTML.csrf(t)
        var out: HTML = """
            <h1>\(t("case_heading")) <span class="tag">\(stage)</span></h1>
            <p>\(t("case_opened_on")) \(opened) · \(t("case_your_role")) \(role)</p>

            """
        if isPaused { out += "<p class=\"notice\" role=\"status\">\(t("case_paused_notice"))</p>\n" }
        if readsWishes { out += wishesSection(t) }
        if let narrative {
            out += """
                <section aria-labelledby="narrative-heading">
                <h2 id="narrative-heading">\(t("case_narrative_heading"))</h2>
                <p class="prose">\(narrative)</p>
                </section>

                """
        }
        out += "<p>\(stageHint)</p>\n"
        if !links.isEmpty {
            out += "<nav aria-label=\"\(t("case_tools"))\"><ul class=\"actions-row plain\">\n"
            out += HTML.each(links) { "<li><a href=\"\($0.href)\">\($0.label)</a></li>\n" }
            out += "</ul></nav>\n"
        }
        if let pauseAction {
            out += """
                <form method="post" action="\(pauseAction)">\(token)<button type="submit" class="button secondary">\
                \(t("case_pause"))</button> <span class="hint">\(t("case_pause_hint"))</span></form>

                """
        }
        if let resumeAction {
            out += """
                <form method="post" action="\(resumeAction)">\(token)<button type="submit" class="button">\
                \(t("case_resume"))</button></form>

                """
        }
        out += HTML.errorSummary(form, t)
        if let classification { out += classificationSection(classification, t) }
        if let stageAction { out += stageSection(stageAction, token, t) }
        out += """
            <section aria-labelledby="people-heading">
            <h2 id="people-heading">\(t("case_people_heading"))</h2>
            <ul>\(HTML.each(people) { "<li>\($0.name) <span class=\"tag\">\($0.role)</span>\(HTML.when($0.note != nil, " <span class=\"hint\">\($0.note)</span>"))</li>" })</ul>
            </section>

            """
        if !keys.isEmpty { out += keysSection(token, t) }
        if let taskAction { out += tasksSection(taskAction, token, t) }
        out += timelineSection(token, t)
        return out
    }

    private func wishesSection(_ t: PageContext) -> HTML {
        func detail(_ wish: Wish) -> HTML { wish.detail.map { " — \($0)" } ?? .empty }
        var out: HTML = """
            <section class="panel wishes" aria-labelledby="wishes-heading">
            <h2 id="wishes-heading">\(t("case_wishes_heading"))</h2>

            """
        if !wants.isEmpty {
            out += "<h3>\(t("case_wants_heading"))</h3>\n"
            out += "<ul>\(HTML.each(wants) { "<li>\($0.label)\(detail($0))</li>" })</ul>\n"
        }
        if !limits.isEmpty {
            out += "<h3>\(t("case_limits_heading"))</h3>\n"
            out += "<ul class=\"limits\">\(HTML.each(limits) { "<li><strong>\($0.label)</strong>\(detail($0))</li>" })</ul>\n"
        }
        if let ownWords {
            let heading = t(ownWordsAreMine ? "wishes_own_words" : "case_own_words_theirs")
            out += "<h3>\(heading)</h3>\n<p class=\"prose\">\(ownWords)</p>\n"
        }
        out += "</section>\n"
        return out
    }

    private func classificationSection(_ classified: Classified, _ t: PageContext) -> HTML {
        """
        <section aria-labelledby="classification-heading">
        <h2 id="classification-heading">\(t("case_classification_heading"))</h2>
        \(HTML.each(classified.harms) { "<p><strong>\($0.harm)</strong> · \($0.level)</p>" })\
        <p class="hint">\(t("case_protocol_version")) \(classified.version)</p>
        <p class="prose">\(classified.reason)</p>
        <h3>\(t("case_responses_heading"))</h3>
        <ul>\(HTML.each(classified.responses) { "<li>\($0)</li>" })</ul>
        </section>

        """
    }

    private func keysSection(_ token: HTML, _ t: PageContext) -> HTML {
        """
        <section aria-labelledby="keys-heading">
        <h2 id="keys-heading">\(t("case_keys_heading"))</h2>
        \(HTML.when(keys.status != nil, "<p>\(keys.status)</p>"))\
        \(HTML.when(keys.onlyReader && keys.hasRecoveryCode, "<p class=\"notice\">\(t("case_keys_only_reader_coded"))</p>"))\
        \(HTML.when(keys.onlyReader && !keys.hasRecoveryCode, "<p class=\"notice\">\(t("case_keys_only_reader")) <a href=\"\(keys.accountHref)#recovery-heading\">\(t("case_keys_make_code"))</a></p>"))\
        \(HTML.each(keys.restore) { person in
            """
            <form method="post" action="\(person.action)" class="inline-form">\(token)<p>\(t("case_keys_needs_restoring", ["name": person.name]))
            <button type="submit" class="button secondary small">\(t("case_keys_restore")) <span class="visually-hidden">(\(person.name))</span></button></p></form>
            """
        })\
        \(HTML.when(!keys.waiting.isEmpty, "<p class=\"hint\">\(t("case_keys_waiting", ["names": keys.waiting.joined(separator: ", ")]))</p>"))
        </section>

        """
    }

    private func stageSection(_ action: String, _ token: HTML, _ t: PageContext) -> HTML {
        """
        <section aria-labelledby="stage-heading">
        <h2 id="stage-heading">\(t("case_stage_heading"))</h2>
        <form method="post" action="\(action)" class="stack" novalidate>
        \(token)
        \(FormField("stage_stage", name: "stage", label: t("case_stage_to"), form: form, control: .select(stages, blank: nil)).html(t))\
        \(FormField("stage_reason", label: t("case_stage_reason"), form: form, control: .textarea(rows: 2)).html(t))\
        <button type="submit" class="button secondary">\(t("case_stage_submit"))</button>
        </form>
        </section>

        """
    }

    private func tasksSection(_ action: String, _ token: HTML, _ t: PageContext) -> HTML {
        var out: HTML = """
            <section id="tasks" aria-labelledby="tasks-heading">
            <h2 id="tasks-heading">\(t("case_tasks_heading"))</h2>

            """
        let tasks = tasks ?? []
        if tasks.isEmpty {
            out += "<p>\(t("case_tasks_none"))</p>\n"
        } else {
            out += "<ul class=\"tasks\">\n"
            for task in tasks {
                out += task.done ? "<li><s>\(task.title)</s>" : "<li>\(task.title)"
                out += .when(task.isCheckIn, " <span class=\"tag\">\(t("task_check_in"))</span>")
                if let assignee = task.assignee { out += " · \(assignee)" }
                if let due = task.due { out += " · \(t("task_due")) \(due)" }
                out += "\n"
                if let done = task.doneAction {
                    out += """
                         <form method="post" action="\(done)" class="inline">\(token)<button type="submit" \
                        class="button secondary small">\(t("task_done"))</button></form>
                        """
                }
                out += "</li>\n"
            }
            out += "</ul>\n"
        }
        out += """
            <details class="panel"\(HTML.when(taskFormOpen, " open"))><summary>\(t("task_add"))</summary>
            <form method="post" action="\(action)" class="stack" novalidate>
            \(token)
            \(FormField("title", label: t("task_title"), form: form).html(t))\
            \(Checkbox(id: "check_in", label: t("task_is_check_in"), checked: false).html(t))\
            \(FormField("assignee", label: t("task_assignee"), form: form, control: .select(assignees, blank: "—")).html(t))\
            \(FormField("due", label: t("task_due"), form: form, control: .input("date")).html(t))\
            \(FormField("task_visibility", label: t("task_readers"), form: form, control: .select(taskVisibilities, blank: nil)).html(t))\
            <button type="submit" class="button secondary">\(t("task_add"))</button>
            </form></details>
            </section>

            """
        return out
    }

    private func timelineSection(_ token: HTML, _ t: PageContext) -> HTML {
        var out: HTML = """
            <section id="timeline" aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">\(t("case_timeline_heading"))</h2>

            """
        if entries.isEmpty {
            out += "<p>\(t("case_timeline_empty"))</p>\n"
        } else {
            // Looked up once: the same few words appear beside every entry.
            let redacted = t("entry_redacted"), corrects = t("entry_corrects"), correct = t("entry_correct")
            let redact = t("entry_redact")
            out += "<ol class=\"timeline\">\n"
            for entry in entries {
                out += """
                    <li id="entry-\(entry.id)" class="entry\(HTML.when(entry.isRecord, " record"))">
                    <p class="entry-meta"><strong>\(entry.author)</strong> · \(entry.kind) · \(entry.when)
                    """
                if let visibility = entry.visibility { out += " · <span class=\"tag\">\(visibility)</span>" }
                out += "</p>\n"
                if entry.redacted {
                    out += "<p class=\"hint\">\(redacted)</p>"
                } else {
                    if let anchor = entry.correctsAnchor { out += "<p class=\"hint\"><a href=\"\(anchor)\">\(corrects)</a></p>" }
                    out += "<p class=\"prose\">\(entry.text)</p>"
                }
                out += "\n"
                if let href = entry.correctHref { out += "<a href=\"\(href)\">\(correct)</a>" }
                out += "\n"
                if let action = entry.redactAction {
                    out += """
                        <form method="post" action="\(action)" class="inline">\(token)<button type="submit" \
                        class="button secondary small">\(redact)</button></form>
                        """
                }
                out += "\n</li>\n"
            }
            out += "</ol>\n"
        }
        out += """
            <h3 id="new-entry">\(t("entry_new_heading"))</h3>
            <form method="post" action="\(entryAction)" class="stack" novalidate>
            \(token)

            """
        if let correcting {
            out += """
                <input type="hidden" name="corrects" value="\(correcting)"><p class="notice">\(t("entry_correcting")) \
                <a href="#entry-\(correcting)">\(t("entry_correcting_link"))</a></p>
                """
        }
        out += """

            \(FormField("kind", label: t("entry_kind"), form: FormState(), control: .select(kinds, blank: nil)).html(t))\
            \(RadioGroup(name: "visibility", legend: t("entry_visibility"), error: form.errors["visibility"], choices: visibilities).html(t))\
            \(FormField("text", label: t("entry_text"), form: form, control: .textarea(rows: 5)).html(t))\
            <button type="submit" class="button">\(t("entry_submit"))</button>
            </form>
            </section>

            """
        return out
    }
}
