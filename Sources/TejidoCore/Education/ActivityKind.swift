/// What kind of gathering an activity is. The seed protocol puts these before any intervention:
/// continuous training, masculinity groups, listening among peers, spaces where children are heard.
public enum ActivityKind: String, CaseIterable, Codable, Sendable {
    case workshop
    case training
    case listeningCircle = "listening_circle"
    case masculinityGroup = "masculinity_group"
    case studyGroup = "study_group"
    case childrenSpace = "children_space"
    case practice
}

/// Who may come to an activity's sessions.
public enum ActivityJoining: String, CaseIterable, Codable, Sendable {
    /// Any member says they will come.
    case open
    /// A member asks first; the group (or, for a facilitated activity, its facilitators) decides.
    case byChoice = "by_choice"
}
