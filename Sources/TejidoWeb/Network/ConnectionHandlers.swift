@preconcurrency import Crypto
import Foundation
import TejidoCore

// The messages that keep a connection itself: accepted, what each side takes, ended, new keys.

/// The inviter accepted: the joining side becomes active and learns what the inviter takes.
struct AcceptedHandler: PeerMessageHandler {
    let kind = PeerMessageKind.accepted

    func message(subject: String, for connection: PeerConnection, in env: PeerEnvironment) async throws -> Data? {
        try JSONEncoder().encode(ScopesNotice(accepts: connection.accepts))
    }

    func receive(_ body: Data, on connection: PeerConnection, in env: PeerEnvironment) async throws -> Data {
        let notice = try StrictJSON.decode(ScopesNotice.self, from: body)
        var accepted = connection
        accepted.state = .active
        accepted.peerAccepts = Set(notice.accepts)
        try await env.connections.save(accepted)
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
        try await env.connections.save(changed)
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
        guard let proof = Data(base64Encoded: notice.proof),
            notice.keys.signing.isValidSignature(
                proof, for: KeysNotice.provenBytes(connection: connection.id, previous: connection.details.keys.fingerprint))
        else { throw StrictJSON.Problem.invalid }
        var changed = connection
        if notice.keys != connection.details.keys {
            changed.details.previousKeys = connection.details.keys
            changed.details.keys = notice.keys
            try await env.connections.save(changed)
        }
        return try acknowledged()
    }
}

/// Pausing, resuming and ending, from either an admin here or a notice from the peer.
struct PeerConnectionChanges: Sendable {
    let env: PeerEnvironment

    func end(_ connection: PeerConnection, notify: Bool) async throws {
        guard connection.state != .ended else { return }
        var ended = connection
        ended.state = .ended
        try await env.connections.save(ended)
        try await env.outbox.clear(connection: connection.id)
        try await PeerHandlers.ended(ended, in: env)
        // Best effort: the peer may be down, or may already have ended its side.
        if notify { try await env.outbox.enqueue(.ended, to: connection.id) }
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
        try await env.connections.save(active)
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
        try await env.connections.save(changed)
        if changed.state == .active {
            if accepts != connection.accepts { try await env.outbox.enqueue(.scopes, to: connection.id) }
            try await PeerHandlers.opened(changed, in: env)
        }
    }
}
