import TejidoCore

/// "The person harmed agreed, and how": asked of anyone acting for her before an act that widens
/// who knows. Absent for the person harmed herself (her own act is her consent).
struct AgreementFields {
    let label: String
    let manners: [Choice]

    /// The fields for someone in `role`, or nil when they are the person harmed.
    static func make(for role: CaseRole, label: String, values: [String: String], _ p: PageContext) -> Self? {
        guard role != .survivor else { return nil }
        return AgreementFields(
            label: label,
            manners: [CaseConsent.Manner.spoken, .inWriting].map {
                Choice(value: $0.rawValue, label: p("manner_\($0.rawValue)"), selected: values["manner"] == $0.rawValue)
            })
    }

    /// How the person harmed agreed, as the form says (its first choice, spoken, when none came);
    /// nil unless the box was ticked, and `CaseConsent.manner(recordedBy:agreement:)` then refuses
    /// the act for anyone acting for her.
    static func read(_ form: [String: String]) -> CaseConsent.Manner? {
        guard form["survivor_agreed"] == "1" else { return nil }
        return CaseConsent.Manner(rawValue: form["manner"] ?? "") ?? .spoken
    }

    func html(_ form: FormState, _ p: PageContext) -> HTML {
        let error = form.errors["survivor_agreed"]
        return """
            <fieldset class="field\(HTML.when(error != nil, " field-has-error"))"><legend>\(p("case_agreement_legend"))</legend>
            \(HTML.when(error != nil, "<p class=\"error-message\" id=\"survivor_agreed-error\"><span class=\"visually-hidden\">\(p("error_prefix"))</span> \(error ?? "")</p>\n"))\
            \(Checkbox(id: "survivor_agreed", label: label, checked: form.values["survivor_agreed"] == "1", error: error).html(p))\
            \(FormField("manner", label: p("case_open_manner"), form: FormState(), control: .select(manners, blank: nil)).html(p))\
            </fieldset>

            """
    }
}
