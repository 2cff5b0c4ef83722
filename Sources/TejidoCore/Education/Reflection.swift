import Foundation

/// A short reflection someone who took part in a case may give once it has ended. Only choices,
/// never free text: in a small collective a sentence in someone's own words can tell everyone
/// who wrote it and about which case, and these answers are meant to be counted, not read.
public struct Reflection: Codable, Sendable, Equatable {
    /// An answer on a short scale, with a way not to answer.
    public enum Scale: String, Codable, Sendable, CaseIterable {
        case yes
        case partly
        case no
        case preferNotToSay = "prefer_not"
    }

    /// What the person would change about the process.
    public enum Change: String, Codable, Sendable, CaseIterable {
        case moreTime = "more_time"
        case clearerSteps = "clearer_steps"
        case moreSay = "more_say"
        case faster
        case moreCare = "more_care"
        case nothing
        case other
    }

    /// Which side of the case the person was on. Only this, never their role: a role such as
    /// "the survivor" or "the respondent" is one person, and would name them inside a case.
    public enum Side: String, Codable, Sendable, CaseIterable {
        case survivorSide = "survivor_side"
        case respondentSide = "respondent_side"
        case team

        /// The survivor and their supporters; the respondent; the facilitators and the
        /// accountability pod who held the process around them.
        public init(_ role: CaseRole) {
            switch role {
            case .survivor, .supporter: self = .survivorSide
            case .respondent: self = .respondentSide
            case .facilitator, .accountability: self = .team
            }
        }
    }

    public var heard: Scale
    public var clear: Scale
    public var changes: Set<Change>

    public init(heard: Scale, clear: Scale, changes: Set<Change>) {
        self.heard = heard
        self.clear = clear
        self.changes = changes
    }

    /// Reads the form's values: one choice for each scale, any of the changes. Anything else is
    /// refused beside its field.
    public static func validated(heard: String?, clear: String?, changes: [String]) throws -> Reflection {
        var problems: [FieldProblem] = []
        let heardValue = heard.flatMap(Scale.init(rawValue:))
        if heardValue == nil { problems.append(FieldProblem(field: "heard", messageKey: "error_reflection_scale")) }
        let clearValue = clear.flatMap(Scale.init(rawValue:))
        if clearValue == nil { problems.append(FieldProblem(field: "clear", messageKey: "error_reflection_scale")) }
        let chosen = changes.map(Change.init(rawValue:))
        if chosen.contains(nil) {
            problems.append(FieldProblem(field: "changes", messageKey: "error_reflection_change"))
        } else if chosen.contains(.nothing) && Set(chosen).count > 1 {
            problems.append(FieldProblem(field: "changes", messageKey: "error_reflection_nothing"))
        }
        try problems.throwIfAny()
        return Reflection(heard: heardValue!, clear: clearValue!, changes: Set(chosen.compactMap { $0 }))
    }
}
