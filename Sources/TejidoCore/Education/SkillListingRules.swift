import Foundation

/// What a person's entry on the skills roster must say: the training's date, an optional renewal
/// date after it, whether they are willing to be asked to help in a case — and that they agreed
/// to be listed at all, without which nobody appears.
public struct SkillListingInput: Sendable, Equatable {
    public let trainedOn: Date
    public let renewBy: Date?
    public let willing: Bool

    public init(trainedOn: Date, renewBy: Date?, willing: Bool) {
        self.trainedOn = trainedOn
        self.renewBy = renewBy
        self.willing = willing
    }

    /// Trainings older than this are not believable typing (a year typed as 0024).
    static let earliestYear = 1950
    /// A renewal date further away than this is refused as a slip of the keyboard.
    static let renewalYearsAhead = 10

    public static func validated(
        trainedOn rawTrained: String, renewBy rawRenew: String, willing: Bool, agreed: Bool, today: Date
    ) throws -> SkillListingInput {
        var problems: [FieldProblem] = []
        let trained = CalendarDay.parse(rawTrained)
        if rawTrained.trimmingCharacters(in: .whitespaces).isEmpty {
            problems.append(FieldProblem(field: "trained_on", messageKey: "error_skill_trained_missing"))
        } else if let trained {
            let year = SkillStanding.calendar.component(.year, from: trained)
            if year < earliestYear || SkillStanding.startOfDay(trained) > SkillStanding.startOfDay(today) {
                problems.append(FieldProblem(field: "trained_on", messageKey: "error_skill_trained_range"))
            }
        } else {
            problems.append(FieldProblem(field: "trained_on", messageKey: "error_date_invalid"))
        }
        var renew: Date?
        if !rawRenew.trimmingCharacters(in: .whitespaces).isEmpty {
            if let parsed = CalendarDay.parse(rawRenew) {
                let limit = SkillStanding.calendar.date(byAdding: .year, value: renewalYearsAhead, to: today) ?? today
                if let trained, parsed <= trained {
                    problems.append(FieldProblem(field: "renew_by", messageKey: "error_skill_renew_before"))
                } else if parsed > limit {
                    problems.append(FieldProblem(field: "renew_by", messageKey: "error_skill_renew_range"))
                }
                renew = parsed
            } else {
                problems.append(FieldProblem(field: "renew_by", messageKey: "error_date_invalid"))
            }
        }
        if !agreed { problems.append(FieldProblem(field: "agree", messageKey: "error_skill_agree")) }
        guard problems.isEmpty, let trained else { throw TejidoError.invalid(problems) }
        return SkillListingInput(trainedOn: trained, renewBy: renew, willing: willing)
    }
}

/// A skill a collective names for itself: short, one line, no control characters.
public enum SkillName {
    public static let limit = 80

    public static func validated(_ raw: String) throws -> String {
        let name = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty { throw TejidoError.invalid([FieldProblem(field: "name", messageKey: "error_skill_name_missing")]) }
        if name.count > limit || name.contains(where: { $0.isNewline }) {
            throw TejidoError.invalid([FieldProblem(field: "name", messageKey: "error_skill_name_long")])
        }
        return name
    }
}
