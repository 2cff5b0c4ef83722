import Fluent
import TejidoCore
import Vapor

/// Our directory entries shared with connected collectives, and theirs copied into ours (issue 18).
struct SharedDirectoryController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post(SharedPath.pattern(SharedPath.shareEntry).pathComponents, use: share)
        routes.post(SharedPath.pattern(SharedPath.copyEntry).pathComponents, use: copy)
    }

    struct ShareForm: Content, EmptyInitializable { var shared: String? }

    /// Shares one of our entries with the connections that receive our directory, or stops.
    func share(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .shareDirectoryEntries)
        guard
            let record = try await DirectoryQueries(database: req.db).find(
                try req.uuidParameter(.itemID), in: collective.requireID())
        else { throw TejidoError.notFound }
        try await PeerDirectory(database: req.db).setShared(record, req.form(ShareForm.self).shared == "1", now: req.now)
        req.application.peerDelivery.kick()
        return req.redirect(.directoryEntry(slug: collective.slug, entryID: try record.requireID().text))
    }

    /// A connected collective's entry becomes one of ours, with the same details: not public and
    /// not checked by us until someone here checks it.
    func copy(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .shareDirectoryEntries)
        guard
            let record = try await PeerDirectory(database: req.db).find(
                try req.uuidParameter(.itemID), in: collective.requireID()),
            var entry = record.shared
        else { throw TejidoError.notFound }
        entry.lastVerified = nil
        entry.verifiedBy = ""
        entry.isPublic = false
        let copied = try await DirectoryService(database: req.db, now: req.now).create(entry, in: collective.requireID())
        return req.redirect(.directoryEntry(slug: collective.slug, entryID: try copied.requireID().text))
    }
}
