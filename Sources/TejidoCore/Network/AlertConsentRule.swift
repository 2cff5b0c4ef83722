import Foundation

/// When a case may send an alert at all, and to whom: its recorded outcome applies a limit, a
/// suspension or an expulsion, and the person harmed's consent to send it stands and names the
/// collective (the connection) it goes to.
public enum AlertConsentRule {
    public static func outcomeAllows(_ outcome: CaseOutcome.Kind?) -> Bool {
        outcome.flatMap(AlertFields.Response.init) != nil
    }

    /// The chosen recipients the consent does not name (empty when every one is named).
    public static func unnamed(_ chosen: Set<UUID>, consented: Set<UUID>) -> Set<UUID> {
        chosen.subtracting(consented)
    }
}
