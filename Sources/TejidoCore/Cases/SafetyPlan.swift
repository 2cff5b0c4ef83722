import Foundation

/// The survivor's own plan for staying safe, in their words. Visible to the people they choose.
public struct SafetyPlan: Codable, Sendable, Equatable {
    public var safeContacts: String
    public var safePlaces: String
    public var signals: String
    public var ifThen: String
    public var thingsToCarry: String
    public var notes: String

    public init(
        safeContacts: String = "", safePlaces: String = "", signals: String = "", ifThen: String = "",
        thingsToCarry: String = "", notes: String = ""
    ) {
        self.safeContacts = safeContacts
        self.safePlaces = safePlaces
        self.signals = signals
        self.ifThen = ifThen
        self.thingsToCarry = thingsToCarry
        self.notes = notes
    }

    public static let fields = ["safe_contacts", "safe_places", "signals", "if_then", "things_to_carry", "notes"]

    public var values: [String: String] {
        [
            "safe_contacts": safeContacts, "safe_places": safePlaces, "signals": signals, "if_then": ifThen,
            "things_to_carry": thingsToCarry, "notes": notes,
        ]
    }

    public init(values: [String: String]) {
        func value(_ key: String) -> String { (values[key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        self.init(
            safeContacts: value("safe_contacts"), safePlaces: value("safe_places"), signals: value("signals"),
            ifThen: value("if_then"), thingsToCarry: value("things_to_carry"), notes: value("notes"))
    }

    public var isEmpty: Bool { values.values.allSatisfy(\.isEmpty) }

    public func validated() throws -> SafetyPlan {
        let problems = values.filter { $0.value.count > CaseWishes.textLimit }.keys.sorted()
            .map { FieldProblem(field: $0, messageKey: "error_text_long") }
        try problems.throwIfAny()
        return self
    }
}
