import AsyncHTTPClient
import Foundation
import NIOCore
import SQLKit
import TejidoCore
import Testing
import VaporTesting

@testable import TejidoWeb

/// Several real Tejido instances side by side in one test, as on one machine: each has its own
/// data folder (SQLite file and key file), serves on its own loopback port, and reaches the others
/// over HTTP (plain HTTP, under the test setting `TEJIDO_PEER_PLAIN_HTTP`).
struct PeerInstance {
    let app: Application
    let clock: TestClock
    let folder: DataFolder
    let port: Int
    let base: PeerBaseURL
    /// Every line the instance logged, at every level, for tests that look for what must never be
    /// logged.
    let log: LogCapture

    var env: PeerEnvironment {
        PeerEnvironment(
            database: app.db, keys: app.tejido.keys, config: app.tejido.config, now: app.tejido.clock.now(), logger: app.logger)
    }

    var fingerprint: PeerFingerprint { app.tejido.keys.current.identity.publicKeys.fingerprint }

    /// Sends whatever the outbox holds, now.
    func deliver() async { await app.peerDelivery.run() }
}

/// Runs `body` with `count` instances, all started before it and stopped after.
func withPeerNetwork(
    _ count: Int, adjust: @escaping (inout Configuration) -> Void = { _ in }, _ body: ([PeerInstance]) async throws -> Void
) async throws {
    var started: [PeerInstance] = []
    func start(_ remaining: Int) async throws {
        if remaining == 0 {
            try await body(started)
            return
        }
        let folder = try DataFolder()
        defer { folder.remove() }
        let port = try freeLoopbackPort()
        let base = PeerBaseURL("http://127.0.0.1:\(port)", allowPlainHTTP: true)!
        try await withTejido({ config in
            folder.use(&config)
            config.port = port
            config.peerPlainHTTP = true
            config.publicURL = base
            adjust(&config)
        }) { app, clock in
            // Kept rather than printed: tests look in it for what must never be logged.
            let log = LogCapture()
            app.logger = Logger(label: app.logger.label) { _ in log }
            // Trace, so every SQL statement with its values is there to search — except when the
            // loopback benchmark runs (TEJIDO_BENCH_MATCHING): it times what an operator's server
            // does, at the default level (info), not the cost of keeping every statement.
            app.logger.logLevel = ProcessInfo.processInfo.environment["TEJIDO_BENCH_MATCHING"] != nil ? .info : .trace
            try await app.server.start(address: .hostname("127.0.0.1", port: port))
            started.append(PeerInstance(app: app, clock: clock, folder: folder, port: port, base: base, log: log))
            do {
                try await start(remaining - 1)
            } catch {
                await app.server.shutdown()
                throw error
            }
            await app.server.shutdown()
        }
    }
    try await start(count)
}

/// A port nothing listens on now, below the kernel's ephemeral range (32768 and up on Linux), so
/// an outgoing connection of another test cannot take it between this check and the server's
/// bind; and never the same one twice in this process.
func freeLoopbackPort() throws -> Int {
    for _ in 0..<200 {
        let port = Int.random(in: 20_000..<32_000)
        guard PortsHandedOut.claim(port), canBind(port) else { continue }
        return port
    }
    throw PeerNetworkError.noPort
}

private enum PortsHandedOut {
    nonisolated(unsafe) static var ports: Set<Int> = []
    static let lock = NSLock()

    static func claim(_ port: Int) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return ports.insert(port).inserted
    }
}

private func canBind(_ port: Int) -> Bool {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = UInt16(port).bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    } == 0
}

enum PeerNetworkError: Error { case noPort, pairingFailed(String) }

/// Two collectives, one on each instance, paired the way their admins would: an invitation from
/// `inviter`'s collective, pasted on `joiner`'s, the code compared, accepted, delivered.
struct Pairing {
    let inviter: Fixtures.Collective
    let joiner: Fixtures.Collective
    /// The connection's id, the same on both sides.
    let connection: UUID

    /// Casa (admin ana) on the first instance paired with Nido (admin nora) on the second,
    /// everything waiting delivered.
    static func casaAndNido(_ nodes: [PeerInstance]) async throws -> Pairing {
        let casa = try await Fixtures.collective(nodes[0].app, "Casa", admin: "ana")
        let nido = try await Fixtures.collective(nodes[1].app, "Nido", admin: "nora")
        let pairing = try await pair(nodes[0], casa, with: nodes[1], nido)
        try await NetworkSharingTests.settle(nodes)
        return pairing
    }

    static func pair(
        _ a: PeerInstance, _ collectiveA: Fixtures.Collective, with b: PeerInstance, _ collectiveB: Fixtures.Collective
    ) async throws -> Pairing {
        let invitation = try #require(
            try await PairingService(env: a.env).invite(collectiveID: collectiveA.id, hours: 24, by: collectiveA.adminID))
        let record = try #require(try await CollectiveRecord.find(collectiveB.id, on: b.app.db))
        let joined = try await PairingService(env: b.env).join(
            pasted: invitation.text, collective: record, http: b.app.http.client.shared)
        guard case .success(let connection) = joined else { throw PeerNetworkError.pairingFailed("\(joined)") }
        let waiting = try #require(try await a.env.connections.find(connection.id))
        // Both admins read the same code.
        #expect(waiting.details.code == connection.details.code)
        try await PairingService(env: a.env).accept(waiting)
        await a.deliver()
        await b.deliver()
        await a.deliver()
        return Pairing(inviter: collectiveA, joiner: collectiveB, connection: connection.id)
    }
}

/// Requests as a hostile or careless instance would send them: signed by any identity, at any
/// time, or not signed at all.
struct RawPeer {
    let http: HTTPClient
    let identity: InstanceIdentity

    init(_ node: PeerInstance, identity: InstanceIdentity? = nil) {
        http = node.app.http.client.shared
        self.identity = identity ?? node.app.tejido.keys.current.identity
    }

    /// A signed POST, as `PeerClient` sends it; `tamper` may change the headers or body after signing.
    func post(
        _ url: String, json: String, at date: Date, nonce: String = SecretToken.generate().value,
        tamper: (inout [(String, String)], inout String) -> Void = { _, _ in }
    ) async throws -> (status: Int, body: String) {
        var headers = try PeerClient(http: http, identity: identity, now: date).signedHeaders(
            url: url, body: Data(json.utf8), nonce: nonce)
        var body = json
        tamper(&headers, &body)
        return try await send(url, headers: headers, body: body)
    }

    func send(_ url: String, headers: [(String, String)], body: String) async throws -> (status: Int, body: String) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await http.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), String(buffer: bytes))
    }
}

extension PeerInstance {
    /// This connection's address for `kind` on this instance.
    func messageURL(_ connection: UUID, _ kind: String) -> String {
        base.endpoint("c/\(connection.uuidString.lowercased())/\(kind)")
    }

    /// How many refusals of `reason` this instance counted (for any connection or none).
    func refusals(_ reason: PeerRefusal) async throws -> Int {
        let rows = try await sql(app).raw(
            "SELECT COALESCE(SUM(count), 0) AS n FROM peer_refusals WHERE reason = \(bind: reason.rawValue)"
        ).all()
        return try rows.first?.decode(column: "n", as: Int.self) ?? 0
    }
}
