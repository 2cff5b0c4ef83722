import AsyncHTTPClient
import Foundation
import NIOCore
import TejidoCore
import Vapor

/// Sends what the outbox holds. One run at a time per server: a request that enqueues something
/// asks for a run (`kick`), and a timer asks every few seconds, so a peer that was down receives
/// its messages when it returns. Messages are idempotent (built from current state), so two
/// servers delivering the same row at once do no harm.
actor PeerDelivery {
    private let app: Application
    private var running = false
    private var again = false

    init(app: Application) { self.app = app }

    /// Asks for a run soon, without waiting for it.
    nonisolated func kick() {
        Task { await self.run() }
    }

    /// Runs until the outbox has nothing due. Tests call this to deliver at once.
    func run() async {
        if running {
            again = true
            return
        }
        running = true
        defer { running = false }
        repeat {
            again = false
            await deliverDue()
        } while again
    }

    private func environment() -> PeerEnvironment {
        PeerEnvironment(
            database: app.db, keys: app.tejido.keys, config: app.tejido.config, now: app.tejido.clock.now(), logger: app.logger)
    }

    private func deliverDue() async {
        // A run asked for by a request's `kick` may start after the server stopped.
        guard !app.didShutdown else { return }
        let env = environment()
        do {
            try await PeerLedger(database: env.database, now: env.now).forgetExpiredNonces()
            try await SentAlerts.retractLapsed(now: env.now, on: env.database)
            try await MatchBoard.housekeeping(env)
            try await MatchContacts.expire(env)
            try await MatchingCircles.nudge(env)
            try await MatchingCircles.publishCounts(env)
            try await announceRotation(env)
            // `accepted` first: what the inviter shares at acceptance is taken only once the joining
            // side knows the connection is active.
            let due = try await env.outbox.due()
            for row in due.filter({ $0.kind == PeerMessageKind.accepted.rawValue })
                + due.filter({ $0.kind != PeerMessageKind.accepted.rawValue })
            {
                await deliver(row, env: env)
            }
        } catch {
            app.logger.warning("peer delivery stopped", metadata: ["error-type": .string(String(reflecting: type(of: error)))])
        }
    }

    /// After `keys rotate`, every live connection whose peer knows us by an older identity is
    /// sent the new one (signed by the old), until it acknowledges.
    private func announceRotation(_ env: PeerEnvironment) async throws {
        let current = env.keys.current.identity.publicKeys.fingerprint
        for connection in try await env.connections.everyConnection()
        where connection.details.knownAs != current && connection.state == .active {
            let waiting = try await env.outbox.waiting(for: connection.id).contains { $0.kind == PeerMessageKind.keys.rawValue }
            if !waiting { try await env.outbox.enqueue(.keys, to: connection.id) }
        }
    }

    private func deliver(_ row: PeerOutboxRecord, env: PeerEnvironment) async {
        let outbox = env.outbox
        guard let kind = PeerMessageKind(rawValue: row.kind), let handler = PeerHandlers.handler(for: kind),
            let connection = try? await env.connections.find(row.connectionID)
        else {
            try? await outbox.drop(row)
            return
        }
        // An ending notice goes out after the connection ended here; nothing else does then.
        let allowed = kind == .ended ? connection.state == .ended : (connection.state.sends || kind == .accepted)
        // A withdrawal (`SharedData.withdrawn`) goes to a peer that still takes the scope after this
        // side stopped sending it, so the peer forgets what it was sent.
        let withdrawal =
            row.subject == SharedData.withdrawn && kind.scope.map { connection.peerAccepts.contains($0) } == true
        guard allowed, withdrawal || (kind.scope.map(connection.sends) ?? true) else {
            try? await outbox.drop(row)
            return
        }
        do {
            guard let body = try await handler.message(subject: row.subject, for: connection, in: env) else {
                try await outbox.drop(row)
                return
            }
            // Signed at the moment it is sent, not when the run began: a slow peer earlier in the
            // run must not make this request arrive already expired.
            let client = PeerClient(
                http: app.http.client.shared, identity: Self.identity(for: connection, keys: env.keys),
                now: app.tejido.clock.now())
            _ = try await client.post(
                connection.details.base.endpoint("c/\(connection.id.uuidString.lowercased())/\(kind.rawValue)"), body: body)
            try await outbox.delivered(row)
            try await handler.delivered(subject: row.subject, for: connection, in: env)
            if kind == .keys, let sent = try? StrictJSON.decode(KeysNotice.self, from: body) {
                try await Self.rotationAcknowledged(connection, sent: sent.keys.fingerprint, env: env)
            }
        } catch let problem as PeerClient.Problem {
            try? await outbox.failed(row, problem: Self.describe(problem), kind: kind)
        } catch {
            try? await outbox.failed(row, problem: "error", kind: kind)
        }
    }

    /// We sign as the identity the peer knows: during a rotation, the previous one, until the
    /// peer has acknowledged the new.
    static func identity(for connection: PeerConnection, keys: KeyRingStore) -> InstanceIdentity {
        let ring = keys.current
        return ring.identities.first { $0.publicKeys.fingerprint == connection.details.knownAs } ?? ring.identity
    }

    /// The peer now knows us by the keys that notice carried (not by whatever is current now: a
    /// second rotation may have happened meanwhile, and is announced in turn).
    private static func rotationAcknowledged(
        _ connection: PeerConnection, sent: PeerFingerprint, env: PeerEnvironment
    )
        async throws
    {
        guard var fresh = try await env.connections.find(connection.id) else { return }
        fresh.details.knownAs = sent
        try await env.connections.save(fresh)
    }

    static func describe(_ problem: PeerClient.Problem) -> String {
        switch problem {
        case .unreachable: "unreachable"
        case .refused(let status): "refused:\(status)"
        case .badReply: "bad_reply"
        }
    }
}

extension Application {
    private struct PeerDeliveryKey: StorageKey { typealias Value = PeerDelivery }

    /// The server's one delivery runner, made in `configure`.
    var peerDelivery: PeerDelivery {
        get {
            guard let delivery = storage[PeerDeliveryKey.self] else { fatalError("configure(_:) has not run") }
            return delivery
        }
        set { storage[PeerDeliveryKey.self] = newValue }
    }
}

/// Asks for a delivery run every few seconds while the server runs.
struct PeerDeliveryTimer: LifecycleHandler {
    let interval: TimeAmount

    func didBoot(_ application: Application) throws {
        let delivery = application.peerDelivery
        application.eventLoopGroup.next().scheduleRepeatedTask(initialDelay: interval, delay: interval) { _ in
            delivery.kick()
        }
    }
}
