import FluentSQL
import TejidoCore
import Vapor

extension Request {
    /// Loads the collective named in the address and asks the policy whether the actor may do
    /// `action` there. Another collective's slug fails exactly like a slug that does not exist.
    func collective(for action: AccessAction) async throws -> CollectiveRecord {
        let collective = try await collectiveInAddress()
        let collectiveID = try collective.requireID()
        try authorize(action, .collective(id: collectiveID))
        try await SessionStore.remember(collectiveID: collectiveID, on: self)
        return collective
    }

    /// The collective named in the address, asking nothing yet: for a case, whose own policy
    /// decides (the person harmed keeps her case after leaving its collective).
    func collectiveInAddress() async throws -> CollectiveRecord {
        // A visitor is sent to sign in before anything is looked up.
        _ = try requireUser()
        guard let slug = parameters.get(.slug), CollectiveName.isPlausibleSlug(slug) else {
            throw TejidoError.notFound
        }
        // A member's own collectives came with their session; anyone else's is looked up (and
        // then refused by the policy, like a slug that does not exist).
        if let stored = context.memberships.first(where: { $0.slug == slug })?.stored { return try stored.record() }
        guard let found = try await CollectiveService(database: db, now: now).find(slug: slug) else {
            throw TejidoError.notFound
        }
        return found
    }

    /// Loads a membership of `collective` named in the address, then asks the policy about it.
    func membership(in collective: CollectiveRecord, for action: AccessAction) async throws -> MembershipRecord {
        let collectiveID = try collective.requireID()
        let membershipID = try uuidParameter(.membershipID)
        guard let membership = try await MembershipQueries(database: db).find(membershipID, in: collectiveID) else {
            throw TejidoError.notFound
        }
        try authorize(action, .membership(collectiveID: collectiveID, userID: membership.$user.id))
        return membership
    }
}
