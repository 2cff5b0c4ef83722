import Fluent
import TejidoCore
import Vapor

/// The directory of collectives (issue 18): our own entry, edited by admins and published to
/// connected collectives and, separately, on a public page; and the entries connected
/// collectives publish to us.
struct CollectivesDirectoryController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SharedPath.pattern(.collectives).pathComponents, use: list)
        routes.get(SharedPath.pattern(.ownEntry).pathComponents, use: showOwn)
        routes.post(SharedPath.pattern(.ownEntry).pathComponents, use: saveOwn)
        routes.get(SiteURL.publicCollective(slug: .placeholder(.slug)).pathComponents, use: publicPage)
    }

    func list(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .viewCollectivesDirectory)
        let collectiveID = try collective.requireID()
        let keys = req.services.keys
        let connections = try await PeerConnections(database: req.db, keys: keys, now: req.now).all(in: collectiveID)
        let names = Dictionary(connections.map { ($0.id, $0.details.name) }, uniquingKeysWith: { first, _ in first })
        let entries = try await PeerCollectiveProfileRecord.query(on: req.db).filter(\.$collectiveID == collectiveID).all()
            .compactMap { record -> (name: String, profile: CollectiveProfile)? in
                guard let id = record.id, let name = names[id],
                    let data = SharedData.open(record.profileSealed, context: SharedData.collectiveContext(id), keys: keys),
                    let profile = try? JSONDecoder().decode(CollectiveProfile.self, from: data)
                else { return nil }
                return (name, profile)
            }
            .sorted { $0.name.localizedCaseInsensitiveCompare($1.name) == .orderedAscending }
        let own = try await CollectiveProfiles(database: req.db).find(collectiveID)
        var page = CollectivesDirectoryPage.build(
            collective: collective, own: own?.profile, entries: entries,
            editHref: req.may(.editCollectiveEntry, in: collective) ? SiteURL.shared(slug: collective.slug, .ownEntry).path : nil,
            req.pageContext)
        page.saved = req.query[String.self, at: "saved"] == "1"
        return req.page(page, titleKey: "collectives_directory_title")
    }

    func showOwn(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .editCollectiveEntry)
        let own = try await CollectiveProfiles(database: req.db).find(collective.requireID())
        return render(req, collective, form: FormState(values: CollectiveEntryPage.values(of: own)))
    }

    private func render(_ req: Request, _ collective: CollectiveRecord, form: FormState, status: HTTPStatus = .ok) -> Response {
        let page = CollectiveEntryPage(
            action: req.url.path, form: form, backHref: SiteURL.shared(slug: collective.slug, .collectives).path,
            publicHref: SiteURL.publicCollective(slug: collective.slug).path)
        return req.page(page, titleKey: "collective_entry_title", status: status)
    }

    func saveOwn(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .editCollectiveEntry)
        let fields = req.plainForm()
        let profile = CollectiveProfile(
            about: fields["about"] ?? "", place: fields["place"] ?? "",
            languages: DirectoryValidator.languages(from: fields["languages"] ?? ""),
            offers: CollectiveOffer.allCases.filter { fields["offer_\($0.rawValue)"] == "1" }, contact: fields["contact"] ?? "")
        let problems = profile.problems()
        guard problems.isEmpty else {
            var values = fields.filter { !$0.key.hasPrefix("_") }
            values["languages"] = String((fields["languages"] ?? "").prefix(200))
            return render(
                req, collective, form: FormState(values: values, problems: problems, request: req), status: .unprocessableEntity)
        }
        let trimmed = CollectiveProfile(
            about: profile.about.trimmingCharacters(in: .whitespacesAndNewlines),
            place: profile.place.trimmingCharacters(in: .whitespacesAndNewlines), languages: profile.languages,
            offers: profile.offers, contact: profile.contact.trimmingCharacters(in: .whitespacesAndNewlines))
        try await CollectiveProfiles(database: req.db).save(
            .init(profile: trimmed, toPeers: fields["to_peers"] == "1", onPublicPage: fields["on_public_page"] == "1"),
            for: collective.requireID(), now: req.now)
        req.application.peerDelivery.kick()
        return req.redirect(
            to: SiteURL.shared(slug: collective.slug, .collectives).path + "?saved=1", redirectType: .normal)
    }

    /// The entry on a public page, only while the collective chooses so; otherwise 404.
    func publicPage(_ req: Request) async throws -> Response {
        let collective = try await req.publicCollective()
        guard let own = try await CollectiveProfiles(database: req.db).find(collective.requireID()), own.onPublicPage else {
            throw TejidoError.notFound
        }
        let p = req.pageContext
        return req.page(
            PublicCollectivePage(card: CollectiveCard(name: collective.name, profile: own.profile, p)),
            titleKey: "collectives_directory_title")
    }
}
