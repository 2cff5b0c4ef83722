/// The skills every collective starts with, named by Tejido so other parts can ask for one (a
/// children's space needs child safeguarding; a case looking for a supporter, accompaniment).
/// A collective may name more of its own; those have no key, only the name it gave them.
public enum SkillKey: String, CaseIterable, Sendable {
    case deEscalation = "de_escalation"
    case accompaniment
    case accountabilityFacilitation = "accountability_facilitation"
    case supportingRespondent = "supporting_respondent"
    case childSafeguarding = "child_safeguarding"
}
