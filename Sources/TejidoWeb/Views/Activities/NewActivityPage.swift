import Foundation
import TejidoCore

/// Creating an activity (the care team, who name who runs it) or starting a self-organised group
/// (any member, who becomes its first member).
struct NewActivityPage: PageView {
    let action: String
    let mayCreate: Bool
    let members: [(id: UUID, name: String)]
    let form: FormState

    static func build(
        slug: String, mayCreate: Bool, members: [(id: UUID, name: String)], form: FormState, _ p: PageContext
    ) -> NewActivityPage {
        NewActivityPage(action: SiteURL.activities(slug: slug, .new).path, mayCreate: mayCreate, members: members, form: form)
    }

    func html(_ p: PageContext) -> HTML {
        // A member starts only self-organised groups, which a children's space never is.
        let kinds = ActivityKind.allCases.filter { mayCreate || $0 != .childrenSpace }.map {
            Choice(value: $0.rawValue, label: p("activity_kind_\($0.rawValue)"), selected: form.values["kind"] == $0.rawValue)
        }
        var fields: HTML = """
            \(FormField("kind", label: p("activity_field_kind"), form: form, control: .select(kinds, blank: p("activity_kind_choose"))).html(p))\
            \(FormField("title", label: p("activity_field_title"), form: form).html(p))\
            \(FormField("description", label: p("activity_field_description"), hint: p("activity_field_description_hint"), form: form, control: .textarea(rows: 6)).html(p))
            """
        if mayCreate {
            let joining = form.values["joining"] ?? ActivityJoining.open.rawValue
            fields += Checkbox(
                id: "self_organised", label: p("activity_field_self_organised"), hint: p("activity_field_self_organised_hint"),
                checked: form.values["self_organised"] == "1"
            ).html(p)
            fields += RadioGroup(
                name: "joining", legend: p("activity_field_joining"), error: form.errors["joining"],
                choices: ActivityJoining.allCases.map {
                    Choice(value: $0.rawValue, label: p("activity_joining_\($0.rawValue)"), selected: joining == $0.rawValue)
                }
            ).html(p)
            let boxes = HTML.each(members) { member in
                Checkbox(
                    id: "facilitator_\(member.id.text)", label: member.name,
                    checked: form.values["facilitator_\(member.id.text)"] == "1"
                ).html(p)
            }
            fields += Fieldset(
                id: "facilitators", classes: form.errors["facilitators"] != nil ? "stack field-has-error" : "stack",
                legend: p("activity_field_facilitators"), hint: p("activity_field_facilitators_hint"),
                error: form.errors["facilitators"], content: boxes
            ).html(p)
            fields += "<p class=\"hint\">\(p("activity_field_safeguarding_hint"))</p>\n"
        } else {
            fields += "<p class=\"hint\">\(p("activity_new_group_hint"))</p>\n"
        }
        return """
            <h1>\(p(mayCreate ? "activity_new_heading" : "activity_new_group_heading"))</h1>
            <p>\(p("activity_new_intro"))</p>
            \(HTML.errorSummary(form, p))<form method="post" action="\(action)" class="stack" novalidate>
            \(HTML.csrf(p))
            \(fields)
            <button type="submit" class="button">\(p("activity_new_submit"))</button>
            </form>

            """
    }
}
