import AsyncHTTPClient
@preconcurrency import Crypto
import Fluent
import Foundation
import SQLKit
import TejidoCore

/// Pairing two collectives on two instances. The inviter makes an invitation (an address with a
/// random path, its fingerprint, a one-time secret, an expiry); the joiner's admin pastes it; the
/// joiner fetches the inviter's signed document and checks its fingerprint, then asks to pair with
/// a proof of the secret; both admins compare the code; the inviter accepts.
struct PairingService: Sendable {
    let env: PeerEnvironment

    static func context(_ id: UUID) -> Data { Data("peer-invitation:\(id.uuidString.lowercased())".utf8) }

    private var identity: InstanceIdentity { env.keys.current.identity }
    private var allowPlainHTTP: Bool { env.config.peerPlainHTTP }

    // MARK: The inviting side

    /// A new invitation, shown once: the database keeps the token's hash and the secret sealed.
    func invite(collectiveID: UUID, hours: Int, by userID: UUID) async throws -> PairingInvitation? {
        guard let base = env.config.publicURL else { return nil }
        let id = UUID()
        let token = SecretToken.generate().value
        let secret = SecretToken.generate().value
        let record = PeerInvitationRecord()
        record.id = id
        record.$collective.id = collectiveID
        record.tokenHash = SecretToken.hash(token)
        record.secretSealed = try Sealing.seal(
            Data(secret.utf8), with: env.keys.current.current.derived(.peers), associatedData: Self.context(id))
        record.expiresAt = env.now.addingTimeInterval(TimeInterval(hours * 3600))
        record.createdBy = userID
        record.createdAt = env.now
        try await record.create(on: env.database)
        return PairingInvitation(
            base: base, token: token, fingerprint: identity.publicKeys.fingerprint, secret: secret,
            commitment: PairingCode.commitment(to: inviterNonce(id)), expires: record.expiresAt)
    }

    /// The inviter's part of the pairing code: derived from the instance key and the invitation,
    /// so nothing more is stored, and unknown to whoever holds the invitation until it answers.
    private func inviterNonce(_ invitationID: UUID) -> String {
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data("tejido.pairing-nonce.v1:\(invitationID.uuidString.lowercased())".utf8),
            using: env.keys.current.current.derived(.peers))
        return SecretToken.base64URL(Data(mac))
    }

    /// Invitations not yet used and not expired, to show (never their secret) and to withdraw.
    func openInvitations(in collectiveID: UUID) async throws -> [PeerInvitationRecord] {
        try await PeerInvitationRecord.query(on: env.database).filter(\.$collective.$id == collectiveID)
            .filter(\.$usedAt == nil).filter(\.$expiresAt > env.now).sort(\.$createdAt, .descending).all()
    }

    func withdraw(invitation id: UUID, in collectiveID: UUID) async throws {
        try await PeerInvitationRecord.query(on: env.database).filter(\.$id == id)
            .filter(\.$collective.$id == collectiveID).delete()
    }

    /// The invitation behind a token, if it can still be answered.
    func usableInvitation(token: String) async throws -> (PeerInvitationRecord, CollectiveRecord)? {
        guard (32...64).contains(token.count),
            let record = try await PeerInvitationRecord.query(on: env.database)
                .filter(\.$tokenHash == SecretToken.hash(token)).first(),
            record.usedAt == nil, record.expiresAt > env.now,
            let collective = try await CollectiveRecord.find(record.$collective.id, on: env.database)
        else { return nil }
        return (record, collective)
    }

    /// The inviter's document, for whoever holds the invitation's address.
    func document(token: String) async throws -> PeerDocument? {
        guard let (record, collective) = try await usableInvitation(token: token) else { return nil }
        return PeerDocument(keys: identity.publicKeys, collective: collective.name, expires: record.expiresAt)
    }

    /// Answers a pair request whose signature was checked against the keys it carries. Nil for
    /// anything wrong (unknown, used or expired invitation; wrong proof; unusable address):
    /// the asker learns only 404.
    func answer(token: String, request: PairRequest) async throws -> PairReply? {
        guard let (record, collective) = try await usableInvitation(token: token), let invitationID = record.id,
            let secretData = InstanceSealed.open(
                record.secretSealed, keys: env.keys.current.keys.map { $0.derived(.peers) }, context: Self.context(invitationID)),
            let secret = String(data: secretData, encoding: .utf8),
            (32...64).contains(request.nonce.count), request.nonce.allSatisfy(SecretToken.isTokenCharacter),
            PairingCode.proofMatches(
                request.proof, secret: secret, token: token, requester: request.keys.fingerprint, base: request.base,
                nonce: request.nonce),
            PeerBaseURL(request.base.value, allowPlainHTTP: allowPlainHTTP) != nil,
            let name = PeerText.checked(request.collective, maximum: 120),
            request.keys.fingerprint != identity.publicKeys.fingerprint
        else { return nil }
        // One use: whichever request marks it first pairs; any other finds it used.
        let claimed = try await env.database.sql().raw(
            """
            UPDATE peer_invitations SET used_at = \(bind: env.now), secret_sealed = \(bind: Data())
            WHERE id = \(bind: invitationID) AND used_at IS NULL RETURNING id
            """
        ).all()
        guard claimed.count == 1 else { return nil }
        let connection = PeerConnection(
            id: UUID(), collectiveID: try collective.requireID(), invited: true, state: .awaitingAcceptance,
            details: PeerDetails(
                base: request.base, keys: request.keys, previousKeys: nil, name: name,
                knownAs: identity.publicKeys.fingerprint,
                code: PairingCode.code(
                    inviter: identity.publicKeys.fingerprint, joiner: request.keys.fingerprint,
                    inviterNonce: inviterNonce(invitationID), joinerNonce: request.nonce)),
            sends: PeerScope.defaults, accepts: PeerScope.defaults, peerAccepts: Set(request.accepts),
            createdAt: env.now, changedAt: env.now)
        try await env.connections.insert(connection)
        return PairReply(connection: connection.id, collective: collective.name, reveal: inviterNonce(invitationID))
    }

    /// The inviter's admin compared the code and accepts.
    func accept(_ connection: PeerConnection) async throws {
        guard connection.state == .awaitingAcceptance else { return }
        var active = connection
        active.state = .active
        try await env.connections.save(active)
        try await env.outbox.enqueue(.accepted, to: connection.id)
        try await PeerHandlers.opened(active, in: env)
    }

    // MARK: The joining side

    enum JoinProblem: String, Error, Sendable {
        case noPublicURL = "network_problem_no_public_url"
        case malformed = "network_problem_malformed"
        case insecureAddress = "network_problem_insecure"
        case expired = "network_problem_expired"
        case tooLong = "network_problem_too_long"
        case ownInstance = "network_problem_own_instance"
        case unreachable = "network_problem_unreachable"
        /// The inviter answered 404: unknown, used or expired there, or a wrong proof.
        case refused = "network_problem_refused"
        case fingerprintMismatch = "network_problem_fingerprint"
        case badReply = "network_problem_bad_reply"
        /// This collective already has a live (or waiting) connection to that collective: ended
        /// first, or kept.
        case alreadyConnected = "network_problem_already_connected"
    }

    /// Reads a pasted invitation and pairs with it, leaving a connection that waits for the
    /// inviter to accept. Nothing is stored unless every check passed.
    func join(pasted: String, collective: CollectiveRecord, http: HTTPClient) async throws -> Result<PeerConnection, JoinProblem>
    {
        guard let ours = env.config.publicURL else { return .failure(.noPublicURL) }
        let invitation: PairingInvitation
        switch PairingInvitation.read(pasted, now: env.now, allowPlainHTTP: allowPlainHTTP) {
        case .success(let read): invitation = read
        case .failure(.malformed): return .failure(.malformed)
        case .failure(.insecureAddress): return .failure(.insecureAddress)
        case .failure(.expired): return .failure(.expired)
        case .failure(.tooLong): return .failure(.tooLong)
        }
        guard invitation.fingerprint != identity.publicKeys.fingerprint else { return .failure(.ownInstance) }
        let client = PeerClient(http: http, identity: identity, now: env.now)
        do {
            // The document first: is the instance at this address the one the invitation names?
            let helloURL = invitation.address + "/document"
            let reply = try await client.post(helloURL, body: try JSONEncoder().encode(PeerHello(keys: identity.publicKeys)))
            guard let signed = try? StrictJSON.decode(SignedReply.self, from: reply.body),
                let claimed = signed.unverifiedPayload(PeerDocument.self)
            else { return .failure(.badReply) }
            guard claimed.keys.fingerprint == invitation.fingerprint else { return .failure(.fingerprintMismatch) }
            guard
                let document = signed.open(PeerDocument.self, answering: helloURL, nonce: reply.nonce, key: claimed.keys.signing),
                let inviterName = PeerText.checked(document.collective, maximum: 120)
            else { return .failure(.badReply) }
            // One live connection to a collective: a second would share everything twice. (Another
            // collective on the same server is another connection.)
            let live = try await env.connections.all(in: try collective.requireID()).contains {
                $0.state != .ended && $0.details.keys.fingerprint == document.keys.fingerprint && $0.details.name == inviterName
            }
            guard !live else { return .failure(.alreadyConnected) }
            let nonce = SecretToken.generate().value
            let request = PairRequest(
                base: ours, keys: identity.publicKeys, collective: collective.name, accepts: PeerScope.defaults.sorted(),
                nonce: nonce,
                proof: PairingCode.proof(
                    secret: invitation.secret, token: invitation.token, requester: identity.publicKeys.fingerprint, base: ours,
                    nonce: nonce))
            let answer = try await client.exchange(
                invitation.address + "/pair", body: try JSONEncoder().encode(request), reply: PairReply.self,
                key: document.keys.signing)
            // The inviter must reveal the nonce its invitation committed to.
            guard PairingCode.commitment(to: answer.reveal) == invitation.commitment,
                try await PeerConnectionRecord.find(answer.connection, on: env.database) == nil
            else { return .failure(.badReply) }
            let connection = PeerConnection(
                id: answer.connection, collectiveID: try collective.requireID(), invited: false, state: .awaitingPeer,
                details: PeerDetails(
                    base: invitation.base, keys: document.keys, previousKeys: nil,
                    name: PeerText.checked(answer.collective, maximum: 120) ?? inviterName,
                    knownAs: identity.publicKeys.fingerprint,
                    code: PairingCode.code(
                        inviter: document.keys.fingerprint, joiner: identity.publicKeys.fingerprint,
                        inviterNonce: answer.reveal, joinerNonce: nonce)),
                sends: PeerScope.defaults, accepts: PeerScope.defaults, peerAccepts: [], createdAt: env.now, changedAt: env.now)
            try await env.connections.insert(connection)
            return .success(connection)
        } catch let problem as PeerClient.Problem {
            switch problem {
            case .unreachable: return .failure(.unreachable)
            case .refused: return .failure(.refused)
            case .badReply: return .failure(.badReply)
            }
        }
    }
}
