import Foundation

/// What describes an activity: its kind, title and description, who may join, whether it governs
/// itself, and (for a children's space) whether every adult on a session must be covered by a
/// current child-safeguarding skill. Read from a form and checked here, beside each field.
public struct ActivityDetails: Sendable, Equatable {
    public var kind: ActivityKind
    public var title: String
    public var description: String
    public var joining: ActivityJoining
    /// The group decides its own membership and keeps its own notes; nobody runs it from outside.
    public var selfOrganised: Bool
    /// Every adult on a session must hold a current child-safeguarding training: always, and only,
    /// for a children's or young people's space.
    public var requiresSafeguarding: Bool { kind == .childrenSpace }

    public init(
        kind: ActivityKind, title: String, description: String, joining: ActivityJoining, selfOrganised: Bool
    ) {
        self.kind = kind
        self.title = title
        self.description = description
        self.joining = joining
        self.selfOrganised = selfOrganised
    }

    public static let titleLimit = 200
    public static let descriptionLimit = 8_000

    /// Reads the form's raw values. A self-organised group always joins by its own choice; a
    /// children's or young people's space is never self-organised.
    public static func validated(
        kind rawKind: String, title rawTitle: String, description rawDescription: String, joining rawJoining: String,
        selfOrganised: Bool
    ) throws -> ActivityDetails {
        let title = rawTitle.trimmingCharacters(in: .whitespacesAndNewlines)
        let description = rawDescription.trimmingCharacters(in: .whitespacesAndNewlines)
        var problems: [FieldProblem] = []
        let kind = ActivityKind(rawValue: rawKind)
        if kind == nil { problems.append(FieldProblem(field: "kind", messageKey: "error_activity_kind")) }
        if title.isEmpty { problems.append(FieldProblem(field: "title", messageKey: "error_activity_title")) }
        if title.count > titleLimit { problems.append(FieldProblem(field: "title", messageKey: "error_text_long")) }
        if description.count > descriptionLimit {
            problems.append(FieldProblem(field: "description", messageKey: "error_text_long"))
        }
        // Children are never in a group that answers to nobody: a children's space is run by people
        // the care team names, and every adult on a session must hold a current safeguarding training.
        if kind == .childrenSpace && selfOrganised {
            problems.append(FieldProblem(field: "kind", messageKey: "error_activity_children_self_organised"))
        }
        let joining = selfOrganised ? .byChoice : ActivityJoining(rawValue: rawJoining)
        if joining == nil { problems.append(FieldProblem(field: "joining", messageKey: "error_activity_joining")) }
        try problems.throwIfAny()
        return ActivityDetails(
            kind: kind!, title: title, description: description, joining: joining!, selfOrganised: selfOrganised)
    }
}
