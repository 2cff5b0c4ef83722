@preconcurrency import Crypto
import Foundation
import TejidoCore
import Vapor

/// The peer API: what other instances call, under `/peer/v1`. Everything wrong — unsigned, an
/// unknown connection or key, a replay, a stale or future signature, a body that does not match
/// its digest, a scope this side does not take, a paused or ended connection — is answered 404,
/// exactly as an address that does not exist, and counted for the admins (counts only).
struct PeerController: RouteCollection {
    static let pairingBodyLimit = 16 * 1024

    func boot(routes: any RoutesBuilder) throws {
        routes.on(
            .POST, SiteURL.peer(.invitationDocument(token: .placeholder(.token))).pathComponents, body: .stream, use: document)
        routes.on(.POST, SiteURL.peer(.invitationPair(token: .placeholder(.token))).pathComponents, body: .stream, use: pair)
        routes.on(
            .POST, SiteURL.peer(.message(connection: .placeholder(.connectionID), kind: .placeholder(.kind))).pathComponents,
            body: .stream, use: message)
    }

    // MARK: Pairing (the invitation's address is the permission, as an invite link is)

    func document(_ req: Request) async throws -> Response {
        try req.authorize(.usePublicPages, .publicPages)
        let inbox = PeerInbox(req)
        let token = req.parameters.get(.token) ?? ""
        // The token first, before any signature or nonce work: junk to a random address is cheap.
        guard try await PairingService(env: inbox.env).usableInvitation(token: token) != nil else {
            throw await inbox.refuse(.invitation, connection: nil)
        }
        let (_, verified) = try await inbox.selfSigned(PeerHello.self, limit: Self.pairingBodyLimit) { $0.keys }
        guard let document = try await PairingService(env: inbox.env).document(token: token) else {
            throw await inbox.refuse(.invitation, connection: nil)
        }
        return try inbox.signedReply(document, verified: verified)
    }

    func pair(_ req: Request) async throws -> Response {
        try req.authorize(.usePublicPages, .publicPages)
        let inbox = PeerInbox(req)
        let token = req.parameters.get(.token) ?? ""
        guard try await PairingService(env: inbox.env).usableInvitation(token: token) != nil else {
            throw await inbox.refuse(.invitation, connection: nil)
        }
        let (request, verified) = try await inbox.selfSigned(PairRequest.self, limit: Self.pairingBodyLimit) { $0.keys }
        guard let reply = try await PairingService(env: inbox.env).answer(token: token, request: request) else {
            throw await inbox.refuse(.invitation, connection: nil)
        }
        return try inbox.signedReply(reply, verified: verified)
    }

    // MARK: Messages on a connection

    func message(_ req: Request) async throws -> Response {
        let inbox = PeerInbox(req)
        guard let kind = req.parameters.get(.kind).flatMap(PeerMessageKind.init(rawValue:)),
            let handler = PeerHandlers.handler(for: kind),
            let id = req.parameters.get(.connectionID).flatMap(UUID.init(uuidString:)),
            let connection = try await inbox.env.connections.find(id)
        else {
            req.context.policyConsulted = true
            throw await inbox.refuse(.unknownConnection, connection: nil)
        }
        // A flood is cut off before any signature work, and so is a connection that takes
        // nothing now (paused or ended here): neither costs a verification or a nonce.
        guard req.application.peerThrottle.allow(connection.id.uuidString, now: inbox.env.now) else {
            req.context.policyConsulted = true
            throw await inbox.refuse(.flood, connection: connection.id)
        }
        if !kind.isReceived(in: connection.state) {
            req.context.policyConsulted = true
            throw await inbox.refuse(.notActive, connection: connection.id)
        }
        let (body, keyID) = try await inbox.verified(limit: handler.bodyLimit, connection: connection) { keyID in
            connection.signingKey(for: keyID)?.signing
        }
        // Read again now that the body is in: an admin may have paused or ended the connection
        // while a slow peer was still sending, and the decision is taken on the row as it is now.
        guard var current = try await inbox.env.connections.find(connection.id) else {
            req.context.policyConsulted = true
            throw await inbox.refuse(.unknownConnection, connection: nil)
        }
        var env = PeerInbox(req).env
        env.verifiedKeyID = keyID
        req.context.actor = Actor(userID: nil, peerConnection: current.id)
        let facts = current.facts(for: kind)
        if let refusal = facts.refusal { _ = await inbox.refuse(refusal, connection: current.id) }
        try req.authorize(.receivePeerMessage, .peerMessage(facts))
        // A message under the peer's current keys ends the grace of its previous ones.
        if current.details.previousKeys != nil, keyID == current.details.keys.fingerprint.hex {
            current.details.previousKeys = nil
            guard try await env.connections.save(current) else { throw await inbox.refuse(.notActive, connection: current.id) }
            current.readState = current.state
        }
        do {
            let reply = try await handler.receive(body, on: current, in: env)
            return inbox.json(reply, status: .ok)
        } catch let problem as StrictJSON.Problem {
            // The sender is a verified peer: it is told what was wrong, so its admins can see it.
            await inbox.ledger.refused(.invalidBody, connection: current.id)
            let detail: [String: String] =
                switch problem {
                case .invalid: ["error": "invalid"]
                case .unknownField(let field): ["error": "unknown_field", "field": field]
                }
            return inbox.json(try JSONEncoder().encode(detail), status: .unprocessableEntity)
        }
    }
}
