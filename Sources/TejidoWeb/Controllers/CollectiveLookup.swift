import FluentSQL
import TejidoCore
import Vapor

extension Request {
    /// Loads the collective named in the address and asks the policy whether the actor may do
    /// `action` there. Another collective's slug fails exactly like a slug that does not exist.
    func collective(for action: AccessAction) async throws -> CollectiveRecord {
        // A visitor is sent to sign in before anything is looked up.
        _ = try requireUser()
        guard let slug = parameters.get(SiteURL.slugParameter), CollectiveName.isPlausibleSlug(slug) else {
            throw TejidoError.notFound
        }
        // A member's own collectives came with their session; anyone else's is looked up (and
        // then refused by the policy, like a slug that does not exist).
        let collective: CollectiveRecord
        if let row = context.memberships.first(where: { $0.slug == slug })?.row {
            collective = try row.decode(fluentModel: CollectiveRecord.self)
        } else if let found = try await CollectiveService(database: db, now: now).find(slug: slug) {
            collective = found
        } else {
            throw TejidoError.notFound
        }
        let collectiveID = try collective.requireID()
        try authorize(action, .collective(id: collectiveID))
        try await SessionStore.remember(collectiveID: collectiveID, on: self)
        return collective
    }

    /// Loads a membership of `collective` named in the address, then asks the policy about it.
    func membership(in collective: CollectiveRecord, for action: AccessAction) async throws -> MembershipRecord {
        let collectiveID = try collective.requireID()
        let membershipID = try uuidParameter(SiteURL.membershipParameter)
        guard let membership = try await MembershipQueries.find(membershipID, in: collectiveID, on: db) else {
            throw TejidoError.notFound
        }
        try authorize(action, .membership(collectiveID: collectiveID, userID: membership.$user.id))
        return membership
    }
}
