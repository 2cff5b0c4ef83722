/// Rules that keep a collective governable: it always has at least one admin.
public enum MembershipRules {
    /// Throws when removing or demoting this member would leave the collective with no admin.
    public static func checkAdminRemains(currentRole: CollectiveRole, newRole: CollectiveRole?, adminCount: Int) throws {
        if currentRole == .admin, newRole != .admin, adminCount <= 1 {
            throw TejidoError.conflict(messageKey: "error_members_last_admin")
        }
    }
}
