import Fluent
import Foundation
import TejidoCore
import Testing
import VaporTesting

@testable import TejidoWeb

/// The receiving side on one instance (and so on PostgreSQL too): what a verified peer shares is
/// applied and shown, and forgotten when the connection ends.
@Suite("What connected collectives share, received")
struct SharedDataTests {
    /// An active connection of `collective` to a peer that exists only as keys.
    static func connection(
        _ app: Application, _ collective: Fixtures.Collective, name: String
    ) async throws -> (
        PeerConnection, PeerEnvironment
    ) {
        let now = app.tejido.clock.now()
        let env = PeerEnvironment(
            database: app.db, keys: app.tejido.keys, config: app.tejido.config, now: now, logger: app.logger)
        let peer = InstanceIdentity(instanceKey: .generate())
        let connection = PeerConnection(
            id: UUID(), collectiveID: collective.id, invited: true, state: .active,
            details: PeerDetails(
                // Nothing answers there: a delivery a request asks for fails at once.
                base: PeerBaseURL("https://127.0.0.1:1", allowPlainHTTP: true)!, keys: peer.publicKeys,
                previousKeys: nil, name: name, knownAs: app.tejido.keys.current.identity.publicKeys.fingerprint,
                code: "0000 0000"),
            sends: PeerScope.defaults, accepts: PeerScope.defaults, peerAccepts: PeerScope.defaults, createdAt: now,
            changedAt: now)
        try await env.connections.insert(connection)
        return (connection, env)
    }

    @Test("received entries, protocol and collective entry are applied and shown; ending forgets them all")
    func receiveAndForget() async throws {
        try await withTejido { app, clock in
            let (casa, ana) = try await Fixtures.casaWithAdmin(app)
            let (connection, env) = try await Self.connection(app, casa, name: "Nido")
            let entries = DirectoryShare(entries: [
                SharedDirectoryEntry(
                    id: UUID(),
                    entry: DirectoryEntry(
                        kind: .counselling, name: "Terapia Ceiba", city: "Mérida", languages: ["es", "yua"],
                        safety: SafetyNotes(mayInvolvePolice: .no), lastVerified: clock.now)),
                SharedDirectoryEntry(id: UUID(), entry: DirectoryEntry(kind: .legal, name: "Abogadas Juntas", city: "Mérida")),
            ])
            _ = try await DirectoryShareHandler().receive(JSONEncoder().encode(entries), on: connection, in: env)
            let file = try ProtocolExchange.export(
                ProtocolTemplate.document, source: .init(collective: "Nido", version: 4, status: "adopted", savedAt: clock.now))
            _ = try await ProtocolShareHandler().receive(
                JSONEncoder().encode(
                    ProtocolShare(version: 4, adoptedAt: clock.now, file: String(decoding: file, as: UTF8.self))),
                on: connection, in: env)
            let profile = CollectiveProfile(
                about: "Colectiva de Mérida.", place: "Mérida", languages: ["es", "yua"], offers: [.mediation],
                contact: "nido@example.org")
            _ = try await CollectiveShareHandler().receive(
                JSONEncoder().encode(CollectiveShare(name: "Nido", entry: profile)), on: connection, in: env)

            var page = try await ana.get(SiteURL.directory(slug: "casa").path + "?q=terapia&nopolice=1").body.string
            #expect(page.contains("Terapia Ceiba") && page.contains("Shared by Nido") && !page.contains("Abogadas Juntas"))
            page = try await ana.get(SiteURL.directory(slug: "casa").path + "?lang=yua").body.string
            #expect(page.contains("Terapia Ceiba") && !page.contains("Abogadas Juntas"))
            page = try await ana.get(SiteURL.directory(slug: "casa").path + "?region=merida&kind=legal").body.string
            #expect(page.contains("Abogadas Juntas") && page.contains("They have never checked these details."))
            page = try await ana.get(SiteURL.shared(slug: "casa", .protocols).path).body.string
            #expect(page.contains("Nido") && page.contains("<td data-label=\"Version\">4</td>"))
            page = try await ana.get(SiteURL.shared(slug: "casa", .collectives).path).body.string
            #expect(page.contains("Colectiva de Mérida.") && page.contains("Outside mediation"))
            // Sealed at rest: the peer's name is not in the stored protocol.
            let stored = try #require(try await PeerProtocolRecord.query(on: app.db).first())
            #expect(!String(decoding: stored.fileSealed, as: UTF8.self).contains("Nido"))

            // In Spanish too.
            let lena = TestBrowser(app, headers: ["Accept-Language": "es"])
            try await Fixtures.member(app, casa, "lena", role: .careTeam)
            try await lena.signIn("lena")
            page = try await lena.get(SiteURL.directory(slug: "casa").path + "?q=terapia").body.string
            #expect(page.contains("Compartida por Nido") && page.contains("Datos comprobados por ellos el"))
            page = try await lena.get(SiteURL.shared(slug: "casa", .collectives).path).body.string
            #expect(page.contains("Directorio de colectivos") && page.contains("Mediación externa"))
            // A member of Casa sees the shared entries in search, not the shared protocols.
            try await Fixtures.member(app, casa, "memo")
            let memo = TestBrowser(app)
            try await memo.signIn("memo")
            #expect(try await memo.get(SiteURL.directory(slug: "casa").path).body.string.contains("Terapia Ceiba"))
            #expect(try await memo.get(SiteURL.shared(slug: "casa", .protocols).path).status == .forbidden)

            try await PeerConnectionChanges(env: env).end(connection, notify: false)
            #expect(try await PeerDirectoryEntryRecord.query(on: app.db).count() == 0)
            #expect(try await PeerProtocolRecord.query(on: app.db).count() == 0)
            #expect(try await PeerCollectiveProfileRecord.query(on: app.db).count() == 0)
            page = try await ana.get(SiteURL.directory(slug: "casa").path + "?q=terapia").body.string
            #expect(!page.contains("Terapia Ceiba"))
        }
    }

    @Test("our side: shared entries go out, a change or removal asks to send again, and our entry saves over itself")
    func sending() async throws {
        try await withTejido { app, clock in
            let (casa, ana) = try await Fixtures.casaWithAdmin(app)
            let (connection, env) = try await Self.connection(app, casa, name: "Nido")
            let service = DirectoryService(database: app.db, now: clock.now)
            let shared = try await service.create(DirectoryEntry(kind: .shelter, name: "Refugio Luna"), in: casa.id)
            _ = try await service.create(DirectoryEntry(kind: .shelter, name: "Casa Reservada"), in: casa.id)
            // (Through the services here: a request would ask for a delivery that may outlive this
            // test's server. The pages' buttons are tried between two instances.)
            let directory = PeerDirectory(database: app.db)
            try await directory.setShared(shared, true, now: clock.now)
            #expect(
                try await ana.get(SiteURL.directoryEntry(slug: "casa", entryID: try shared.requireID().text).path)
                    .body.string.contains("Stop sharing"))
            let body = try #require(try await DirectoryShareHandler().message(subject: "", for: connection, in: env))
            let sent = try StrictJSON.decode(DirectoryShare.self, from: body)
            #expect(sent.entries.map(\.name) == ["Refugio Luna"])
            // Changing it asks for the directory to be sent again.
            try await env.outbox.clear(connection: connection.id)
            var changed = shared.entry
            changed.phone = "+52 951 000"
            try await service.update(shared, to: changed)
            #expect(try await env.outbox.waiting(for: connection.id).map(\.kind) == ["directory"])
            // Our own entry in the directory of collectives saves over itself.
            for about in ["First words.", "Second words."] {
                try await CollectiveProfiles(database: app.db).save(
                    .init(
                        profile: CollectiveProfile(
                            about: about, place: "", languages: [], offers: [], contact: "casa@example.org"),
                        toPeers: true, onPublicPage: false), for: casa.id, now: clock.now)
            }
            let own = try await CollectiveProfiles(database: app.db).find(casa.id)
            #expect(own?.profile.about == "Second words." && own?.toPeers == true && own?.onPublicPage == false)
            // Unsharing empties what goes out.
            try await directory.setShared(shared, false, now: clock.now)
            let none = try #require(try await DirectoryShareHandler().message(subject: "", for: connection, in: env))
            #expect(try StrictJSON.decode(DirectoryShare.self, from: none).entries.isEmpty)
        }
    }
}
