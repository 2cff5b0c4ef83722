import TejidoCore
import Vapor

/// "The person harmed agreed, and how": asked of anyone acting for her before an act that widens
/// who knows. Drawn by `partials/agreement-fields`; nil for the person harmed herself.
struct AgreementFields: Encodable {
    struct Manner: Encodable {
        let value: String
        let label: String
        let selected: Bool
    }
    let legend: String
    let label: String
    let manners: [Manner]

    /// The fields for `me`, or nil when `me` is the person harmed (her own act is her consent).
    static func make(_ req: Request, for me: CaseFile.Person, labelKey: String, values: [String: String]) -> Self? {
        guard me.role != .survivor else { return nil }
        return AgreementFields(
            legend: req.t("case_agreement_legend"), label: req.t(labelKey),
            manners: [CaseConsent.Manner.spoken, .inWriting].map {
                Manner(value: $0.rawValue, label: req.t("manner_\($0.rawValue)"), selected: values["manner"] == $0.rawValue)
            })
    }

    /// How the person harmed agreed, as the form says (its first choice, spoken, when none came);
    /// nil unless the box was ticked, and `CaseConsent.manner(recordedBy:agreement:)` then refuses
    /// the act for anyone acting for her.
    static func read(_ form: [String: String]) -> CaseConsent.Manner? {
        guard form["survivor_agreed"] == "1" else { return nil }
        return CaseConsent.Manner(rawValue: form["manner"] ?? "") ?? .spoken
    }
}
