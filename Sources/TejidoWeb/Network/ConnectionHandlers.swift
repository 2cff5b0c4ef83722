@preconcurrency import Crypto
import Foundation
import TejidoCore
import Vapor

// The messages that keep a connection itself: accepted, what each side takes, ended, new keys.

/// The inviter accepted: the joining side becomes active and learns what the inviter takes.
struct AcceptedHandler: PeerMessageHandler {
    let kind = PeerMessageKind.accepted

    func message(subject: String, for connection: PeerConnection, in env: PeerEnvironment) async throws -> Data? {
        try JSONEncoder().encode(ScopesNotice(accepts: connection.accepts))
    }

    func receive(_ body: Data, on connection: PeerConnection, in env: PeerEnvironment) async throws -> Data {
        let notice = try StrictJSON.decode(ScopesNotice.self, from: body)
        // Already active: our acknowledgement was lost. Acknowledge again, change nothing.
        guard connection.state == .awaitingPeer else { return try acknowledged() }
        var accepted = connection
        accepted.state = .active
        accepted.peerAccepts = Set(notice.accepts)
        guard try await env.connections.save(accepted) else { throw TejidoError.notFound }
        // What this side chose to take while it waited goes to the inviter now.
        try await env.outbox.enqueue(.scopes, to: connection.id)
        try await PeerHandlers.opened(accepted, in: env)
        return try acknowledged()
    }
}

/// What the sender takes from now on. Whatever it newly takes is sent in full.
struct ScopesHandler: PeerMessageHandler {
    let kind = PeerMessageKind.scopes

    func message(subject: String, for connection: PeerConnection, in env: PeerEnvironment) async throws -> Data? {
        try JSONEncoder().encode(ScopesNotice(accepts: connection.accepts))
    }

    func receive(_ body: Data, on connection: PeerConnection, in env: PeerEnvironment) async throws -> Data {
        let notice = try StrictJSON.decode(ScopesNotice.self, from: body)
        var changed = connection
        changed.peerAccepts = Set(notice.accepts)
        guard try await env.connections.save(changed) else { throw TejidoError.notFound }
        try await PeerHandlers.opened(changed, in: env)
        return try acknowledged()
    }
}

/// The peer ended the connection: it ends here too, and what it shared is forgotten.
struct EndedHandler: PeerMessageHandler {
    let kind = PeerMessageKind.ended

    func message(subject: String, for connection: PeerConnection, in env: PeerEnvironment) async throws -> Data? {
        try JSONEncoder().encode(EndedNotice())
    }

    func receive(_ body: Data, on connection: PeerConnection, in env: PeerEnvironment) async throws -> Data {
        _ = try StrictJSON.decode(EndedNotice.self, from: body)
        try await PeerConnectionChanges(env: env).end(connection, notify: false)
        return try acknowledged()
    }
}

/// The peer rotated its instance key. The request is signed by the key we know; the new signing
/// key proves itself by signing the connection and the old fingerprint.
struct KeysHandler: PeerMessageHandler {
    let kind = PeerMessageKind.keys

    func message(subject: String, for connection: PeerConnection, in env: PeerEnvironment) async throws -> Data? {
        let current = env.keys.current.identity
        guard current.publicKeys.fingerprint != connection.details.knownAs else { return nil }
        let proof = try current.signingKey.signature(
            for: KeysNotice.provenBytes(connection: connection.id, previous: connection.details.knownAs))
        return try JSONEncoder().encode(KeysNotice(keys: current.publicKeys, proof: proof.base64EncodedString()))
    }

    func receive(_ body: Data, on connection: PeerConnection, in env: PeerEnvironment) async throws -> Data {
        let notice = try StrictJSON.decode(KeysNotice.self, from: body)
        // The same keys again (our acknowledgement was lost): acknowledge, change nothing.
        if notice.keys == connection.details.keys {
            guard let previous = connection.details.previousKeys,
                Self.proven(notice, connection: connection.id, previous: previous)
            else { throw StrictJSON.Problem.invalid }
            return try acknowledged()
        }
        // A change of keys must be signed by the current ones: a retired key, perhaps copied from
        // an old key file, can never name a successor.
        guard env.verifiedKeyID == connection.details.keys.fingerprint.hex,
            Self.proven(notice, connection: connection.id, previous: connection.details.keys)
        else { throw StrictJSON.Problem.invalid }
        var changed = connection
        changed.details.previousKeys = connection.details.keys
        changed.details.keys = notice.keys
        guard try await env.connections.save(changed) else { throw TejidoError.notFound }
        return try acknowledged()
    }

    static func proven(_ notice: KeysNotice, connection: UUID, previous: PeerPublicKeys) -> Bool {
        guard let proof = Data(base64Encoded: notice.proof) else { return false }
        return notice.keys.signing.isValidSignature(
            proof, for: KeysNotice.provenBytes(connection: connection, previous: previous.fingerprint))
    }
}

/// Pausing, resuming and ending, from either an admin here or a notice from the peer.
struct PeerConnectionChanges: Sendable {
    let env: PeerEnvironment

    func end(_ connection: PeerConnection, notify: Bool) async throws {
        guard connection.state != .ended else { return }
        var ended = connection
        ended.state = .ended
        guard try await env.connections.save(ended) else { return }
        try await env.outbox.clear(connection: connection.id)
        try await PeerHandlers.ended(ended, in: env)
        // Best effort: the peer may be down, or may already have ended its side. A request
        // declined before acceptance is not answered: its address was never confirmed by the
        // code, and Tejido calls only addresses its admins paired with.
        if notify, connection.state != .awaitingAcceptance { try await env.outbox.enqueue(.ended, to: connection.id) }
    }

    func pause(_ connection: PeerConnection) async throws {
        guard connection.state == .active else { return }
        var paused = connection
        paused.state = .paused
        try await env.connections.save(paused)
    }

    func resume(_ connection: PeerConnection) async throws {
        guard connection.state == .paused else { return }
        var active = connection
        active.state = .active
        guard try await env.connections.save(active) else { return }
        // Whatever changed while paused is sent in full, both ways: the peer's messages met 404
        // meanwhile, and telling it what we take makes it send everything again.
        try await env.outbox.enqueue(.scopes, to: connection.id)
        try await PeerHandlers.opened(active, in: env)
    }

    /// What this side sends and takes. The peer is told what it may now send.
    func choose(_ connection: PeerConnection, sends: Set<PeerScope>, accepts: Set<PeerScope>) async throws {
        var changed = connection
        changed.sends = sends
        changed.accepts = accepts
        guard try await env.connections.save(changed) else { return }
        if changed.state == .active {
            if accepts != connection.accepts { try await env.outbox.enqueue(.scopes, to: connection.id) }
            try await PeerHandlers.opened(changed, in: env)
        }
    }
}
