import Foundation

/// Single-use invitations that expire. An invite is good only if it has not been used, has not
/// been revoked and has not expired; callers answer every failure the same way.
public enum InviteRules {
    public static let lifetimeRange = 1...30

    public static func isUsable(expiresAt: Date, usedAt: Date?, revokedAt: Date?, now: Date) -> Bool {
        usedAt == nil && revokedAt == nil && now < expiresAt
    }

    /// An optional label: trimmed, at most 60 characters, no control or direction-override characters.
    public static func validatedLabel(_ raw: String?) throws -> String? {
        let label = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !label.isEmpty else { return nil }
        guard label.count <= 60, !label.unicodeScalars.contains(where: CollectiveName.isDisallowed) else {
            throw TejidoError.invalid([FieldProblem(field: "label", messageKey: "error_invite_label")])
        }
        return label
    }

    public static func validatedLifetime(days raw: String?, default fallback: Int) throws -> Int {
        guard let raw, !raw.isEmpty else { return fallback }
        guard let days = Int(raw), lifetimeRange.contains(days) else {
            throw TejidoError.invalid([FieldProblem(field: "days", messageKey: "error_invite_days")])
        }
        return days
    }
}
