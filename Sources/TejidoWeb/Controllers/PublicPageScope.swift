import TejidoCore
import Vapor

extension Request {
    /// The collective a public page (immediate help, worried about someone) is about — an unknown
    /// or implausible address is a 404 — and whose published entries it may show: that
    /// collective's, or without one the instance's only collective's. Entries published for one
    /// group's page are not for strangers on an instance that holds several.
    func publicPageScope(
        slug: String?
    ) async throws -> (
        collective: CollectiveRecord?, owner: CollectiveRecord?, directoryIDs: [UUID]
    ) {
        let service = CollectiveService(database: db, now: now)
        var collective: CollectiveRecord?
        if let slug {
            guard CollectiveName.isPlausibleSlug(slug), let found = try await service.find(slug: slug) else {
                throw TejidoError.notFound
            }
            collective = found
        }
        try authorize(.usePublicPages, .publicPages)
        var owner = collective
        if owner == nil { owner = try await service.sole() }
        return (collective, owner, try owner.map { [try $0.requireID()] } ?? [])
    }
}
