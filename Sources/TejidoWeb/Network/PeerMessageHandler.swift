import Fluent
import Foundation
import TejidoCore
import Vapor

/// What a message handler may use: the database, the instance's keys, the settings, the time,
/// and the outbox (to send something in answer, later).
struct PeerEnvironment: Sendable {
    let database: any Database
    let keys: KeyRingStore
    let config: Configuration
    let now: Date
    let logger: Logger
    /// On a message being received: the key id its signature was verified with.
    var verifiedKeyID: String? = nil

    var outbox: PeerOutbox { PeerOutbox(database: database, now: now) }
    var connections: PeerConnections { PeerConnections(database: database, keys: keys, now: now) }
}

/// One kind of message between instances: how this instance builds it to send, and what it
/// does on receiving it. Each feature that crosses instances (protocols, directory entries,
/// the directory of collectives, alerts) is one handler, listed in `PeerHandlers.all`.
protocol PeerMessageHandler: Sendable {
    var kind: PeerMessageKind { get }
    /// The largest body this kind may have, checked before the signature.
    var bodyLimit: Int { get }

    /// The JSON to send now for `subject` (what the outbox row names), built from what is true
    /// now; nil when there is nothing to send any more (the row is dropped).
    func message(subject: String, for connection: PeerConnection, in env: PeerEnvironment) async throws -> Data?

    /// Applies a verified message from the peer; returns the JSON reply. Throw
    /// `StrictJSON.Problem` for a body this release does not understand (answered 422).
    func receive(_ body: Data, on connection: PeerConnection, in env: PeerEnvironment) async throws -> Data

    /// The connection became active, or the peer changed what it accepts: enqueue what this
    /// handler sends (a full sync), if the connection now sends its scope.
    func opened(_ connection: PeerConnection, in env: PeerEnvironment) async throws

    /// The connection ended, on either side: forget what this handler received from the peer.
    func ended(_ connection: PeerConnection, in env: PeerEnvironment) async throws

    /// The peer acknowledged the message for `subject`: forget what was kept only to send it.
    func delivered(subject: String, for connection: PeerConnection, in env: PeerEnvironment) async throws
}

extension PeerMessageHandler {
    var bodyLimit: Int { 256 * 1024 }
    func opened(_ connection: PeerConnection, in env: PeerEnvironment) async throws {}
    func ended(_ connection: PeerConnection, in env: PeerEnvironment) async throws {}
    func delivered(subject: String, for connection: PeerConnection, in env: PeerEnvironment) async throws {}

    /// The usual reply.
    func acknowledged() throws -> Data { try JSONEncoder().encode(PeerAck()) }
}

enum PeerHandlers {
    /// Every kind of message this instance sends and receives. A feature adds its handler here.
    static let all: [any PeerMessageHandler] = [
        AcceptedHandler(), ScopesHandler(), EndedHandler(), KeysHandler(),
        // What collectives share with connected ones.
        ProtocolShareHandler(), DirectoryShareHandler(), CollectiveShareHandler(),
        AlertHandler(), MediationHandler(),
        // Repeat-harm matching.
        CircleHandler(), EvaluateHandler(), BoardHandler(), MatchHandler(), ContactHandler(), RelayHandler(),
    ]

    static func handler(for kind: PeerMessageKind) -> (any PeerMessageHandler)? {
        all.first { $0.kind == kind }
    }

    static func opened(_ connection: PeerConnection, in env: PeerEnvironment) async throws {
        for handler in all { try await handler.opened(connection, in: env) }
    }

    static func ended(_ connection: PeerConnection, in env: PeerEnvironment) async throws {
        for handler in all { try await handler.ended(connection, in: env) }
    }
}
