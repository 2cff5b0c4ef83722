import Fluent
import Foundation
import TejidoCore
import Testing
import Vapor
import VaporTesting

@testable import TejidoWeb

@Suite("Pairing: invitations that are wrong, late, used or not what they claim")
struct PairingTests {
    func join(
        _ node: PeerInstance, _ collective: Fixtures.Collective, _ text: String
    ) async throws
        -> Result<PeerConnection, PairingService.JoinProblem>
    {
        let record = try #require(try await CollectiveRecord.find(collective.id, on: node.app.db))
        return try await PairingService(env: node.env).join(pasted: text, collective: record, http: node.app.http.client.shared)
    }

    func problem(_ result: Result<PeerConnection, PairingService.JoinProblem>) -> PairingService.JoinProblem? {
        if case .failure(let problem) = result { return problem }
        return nil
    }

    @Test("malformed, expired, used twice, another fingerprint, one's own: refused, nothing stored")
    func refusals() async throws {
        try await withPeerNetwork(3) { nodes in
            let casa = try await Fixtures.collective(nodes[0].app, "Casa", admin: "ana")
            let nido = try await Fixtures.collective(nodes[1].app, "Nido", admin: "nora")
            let otro = try await Fixtures.collective(nodes[2].app, "Otro", admin: "olga")
            let invite = {
                try #require(
                    try await PairingService(env: nodes[0].env).invite(collectiveID: casa.id, hours: 1, by: casa.adminID))
            }

            #expect(problem(try await join(nodes[1], nido, "tejido-pair-1:bm90IGpzb24")) == .malformed)
            #expect(problem(try await join(nodes[1], nido, "hello")) == .malformed)
            let cut = try await invite().text
            #expect(problem(try await join(nodes[1], nido, String(cut.dropLast(9)))) == .malformed)

            // Another fingerprint in the text: the server at the address is not the one named.
            let honest = try await invite()
            let forged = PairingInvitation(
                base: honest.base, token: honest.token, fingerprint: nodes[2].fingerprint, secret: honest.secret,
                commitment: honest.commitment,
                expires: honest.expires)
            #expect(problem(try await join(nodes[1], nido, forged.text)) == .fingerprintMismatch)

            // Used once, then again from elsewhere.
            let once = try await invite()
            guard case .success = try await join(nodes[1], nido, once.text) else {
                Issue.record("the first use failed")
                return
            }
            #expect(problem(try await join(nodes[2], otro, once.text)) == .refused)
            // A second connection to the same instance's collective, while the first is live.
            #expect(problem(try await join(nodes[1], nido, try await invite().text)) == .alreadyConnected)

            // A wrong secret is a refused proof.
            let secretless = try await invite()
            let wrongSecret = PairingInvitation(
                base: secretless.base, token: secretless.token, fingerprint: secretless.fingerprint,
                secret: SecretToken.generate().value, commitment: secretless.commitment, expires: secretless.expires)
            #expect(problem(try await join(nodes[2], otro, wrongSecret.text)) == .refused)
            #expect(problem(try await join(nodes[2], otro, secretless.text)) != .refused, "the right secret still works")

            // Expired: an hour and a minute later.
            let late = try await invite()
            nodes[1].clock.advance(minutes: 61)
            #expect(problem(try await join(nodes[1], nido, late.text)) == .expired)

            // One's own instance.
            let own = try await invite()
            let casaRecord = try #require(try await CollectiveRecord.find(casa.id, on: nodes[0].app.db))
            let ownResult = try await PairingService(env: nodes[0].env).join(
                pasted: own.text, collective: casaRecord, http: nodes[0].app.http.client.shared)
            #expect(problem(ownResult) == .ownInstance)

            #expect(try await PeerConnectionRecord.query(on: nodes[1].app.db).count() == 1, "only the one good pairing")
            #expect(try await PeerConnectionRecord.query(on: nodes[2].app.db).count() == 1)
            #expect(try await nodes[0].refusals(.invitation) == 2, "the second use and the wrong proof")
        }
    }

    @Test("the paste form explains what is wrong and keeps what was typed")
    func pasteForm() async throws {
        try await withPeerNetwork(1) { nodes in
            _ = try await Fixtures.collective(nodes[0].app, "Casa", admin: "ana")
            let ana = TestBrowser(nodes[0].app)
            try await ana.signIn("ana")
            let response = try await ana.post(SiteURL.network(slug: "casa", .join).path, ["invitation": "tejido-pair-1:abc"])
            #expect(response.status == .unprocessableEntity)
            let page = response.body.string
            #expect(page.contains("This is not a whole Tejido invitation"))
            #expect(page.contains("tejido-pair-1:abc</textarea>"))
            let hours = try await ana.post(SiteURL.network(slug: "casa", .invitations).path, ["hours": "73"])
            #expect(hours.status == .unprocessableEntity)
            #expect(hours.body.string.contains("from 1 to 72"))
            let made = try await ana.post(SiteURL.network(slug: "casa", .invitations).path, ["hours": "2"])
            // After a redirect, so a reload of the page makes no second invitation.
            #expect(made.status == .seeOther)
            let location = try #require(made.headers.first(name: .location))
            #expect(location == SiteURL.network(slug: "casa", .home).path + "#new-invitation-heading")
            let landed = try await ana.get(SiteURL.network(slug: "casa", .home).path)
            let shown = try #require(
                landed.body.string.firstMatch(of: /readonly>(tejido-pair-1:[A-Za-z0-9_-]+)</).map { String($0.1) })
            #expect(PairingInvitation.read(shown, now: nodes[0].clock.now, allowPlainHTTP: true).isSuccess)
            #expect(landed.body.string.contains("It stops working on"))
            #expect(try await PeerInvitationRecord.query(on: nodes[0].app.db).count() == 1)
            // Shown once: the page read again shows the open invitation, never its text.
            let again = try await ana.get(SiteURL.network(slug: "casa", .home).path)
            #expect(!again.body.string.contains(shown))
            #expect(again.body.string.contains("Invitations not used yet"))
        }
    }

    @Test("a member or the care team cannot see or change the network; another collective's admin gets 404")
    func access() async throws {
        try await withPeerNetwork(1) { nodes in
            let casa = try await Fixtures.collective(nodes[0].app, "Casa", admin: "ana")
            try await Fixtures.member(nodes[0].app, casa, "cami", role: .careTeam)
            _ = try await Fixtures.collective(nodes[0].app, "Otra", admin: "olga")
            let cami = TestBrowser(nodes[0].app)
            try await cami.signIn("cami")
            #expect(try await cami.get(SiteURL.network(slug: "casa", .home).path).status == .forbidden)
            #expect(try await cami.post(SiteURL.network(slug: "casa", .invitations).path, ["hours": "2"]).status == .forbidden)
            let olga = TestBrowser(nodes[0].app)
            try await olga.signIn("olga")
            #expect(try await olga.get(SiteURL.network(slug: "casa", .home).path).status == .notFound)
            #expect(try await PeerInvitationRecord.query(on: nodes[0].app.db).count() == 0)
        }
    }

    @Test("an invitation's address that redirects is not followed")
    func noRedirects() async throws {
        try await withPeerNetwork(2) { nodes in
            let casa = try await Fixtures.collective(nodes[0].app, "Casa", admin: "ana")
            let nido = try await Fixtures.collective(nodes[1].app, "Nido", admin: "nora")
            let real = try #require(
                try await PairingService(env: nodes[0].env).invite(collectiveID: casa.id, hours: 2, by: casa.adminID))
            // A path on B that answers every pairing call with a redirect to A's real invitation.
            nodes[1].app.post("detour", "peer", "v1", "invitations", ":token", ":step") { req -> Response in
                req.context.policyConsulted = true
                return req.redirect(to: real.address + "/" + (req.parameters.get("step") ?? ""), redirectType: .temporary)
            }
            let detour = PairingInvitation(
                base: PeerBaseURL(nodes[1].base.value + "/detour", allowPlainHTTP: true)!, token: real.token,
                fingerprint: real.fingerprint, secret: real.secret, commitment: real.commitment, expires: real.expires)
            let result = try await join(nodes[1], nido, detour.text)
            #expect(problem(result) == .refused)
            // A never heard of it: the invitation is still unused.
            #expect(try await PeerInvitationRecord.query(on: nodes[0].app.db).filter(\.$usedAt != nil).count() == 0)
        }
    }
}

extension Result {
    var isSuccess: Bool {
        if case .success = self { return true }
        return false
    }
}
