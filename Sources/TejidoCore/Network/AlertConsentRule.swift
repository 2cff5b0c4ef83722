import Foundation

/// When a case may send an alert at all, and to whom: its recorded outcome applies a limit, a
/// suspension or an expulsion, and the person harmed's consent to send it stands and names the
/// collective (the connection) it goes to.
public enum AlertConsentRule {
    public static func outcomeAllows(_ outcome: CaseOutcome.Kind?) -> Bool {
        outcome.flatMap(AlertFields.Response.init) != nil
    }

    /// Why no alert may be prepared or confirmed now; nil when one may. In order: the outcome must
    /// be one an alert carries; her wish that nothing leaves the collective must not stand; the
    /// adopted protocol must allow an alert for the case's harms and, where it says the assembly
    /// decides, an adopted decision on this case must ask for one; her consent must stand and name
    /// a connection that sends alerts.
    public enum Block: String, Sendable, Equatable {
        case needOutcome = "case_alerts_need_outcome"
        case keptInCollective = "case_alerts_kept_in_collective"
        case notInProtocol = "case_alerts_not_in_protocol"
        case needAssembly = "case_alerts_need_assembly"
        case needConsent = "case_alerts_need_consent"
        case noConnections = "case_alerts_no_connections"
    }

    public static func blocked(
        outcome: CaseOutcome.Kind?, keptInCollective: Bool, rules: ResponseRules?, assemblyDecided: Bool,
        consentStands: Bool, openConnections: Int
    ) -> Block? {
        guard outcomeAllows(outcome) else { return .needOutcome }
        if keptInCollective { return .keptInCollective }
        guard let rules, rules.allowed.contains(.alertOtherCollectives) else { return .notInProtocol }
        if rules.needsAssembly.contains(.alertOtherCollectives), !assemblyDecided { return .needAssembly }
        guard consentStands else { return .needConsent }
        return openConnections == 0 ? .noConnections : nil
    }

    /// The chosen recipients the consent does not name (empty when every one is named).
    public static func unnamed(_ chosen: Set<UUID>, consented: Set<UUID>) -> Set<UUID> {
        chosen.subtracting(consented)
    }
}
