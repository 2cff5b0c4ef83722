import Foundation

/// Single-use invitations that expire. An invite is good only if it has not been used, has not
/// been revoked and has not expired; callers answer every failure the same way.
public enum InviteRules {
    public static let lifetimeRange = 1...30

    public static func isUsable(expiresAt: Date, usedAt: Date?, revokedAt: Date?, now: Date) -> Bool {
        usedAt == nil && revokedAt == nil && now < expiresAt
    }

    public static func validatedLifetime(days raw: String?, default fallback: Int) throws -> Int {
        guard let raw, !raw.isEmpty else { return fallback }
        guard let days = Int(raw), lifetimeRange.contains(days) else {
            throw TejidoError.invalid([FieldProblem(field: "days", messageKey: "error_invite_days")])
        }
        return days
    }
}
