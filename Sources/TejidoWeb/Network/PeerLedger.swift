import Fluent
import Foundation
import SQLKit
import TejidoCore

/// The instance's memory of requests from other instances: the nonces of recent signed requests
/// (a signature is good once), and how many requests were refused, for what, on which day.
struct PeerLedger: Sendable {
    let database: any Database
    let now: Date

    /// Refusals that name no connection of this instance are counted under this key: every
    /// admin of the instance's collectives sees them as "requests for no connection of ours".
    static let instanceScope = "instance"

    static func day(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }

    /// Counts one refusal. Nothing of the request is kept: not its body, not its sender's address.
    func refused(_ reason: PeerRefusal, connection: UUID?) async {
        let scope = connection?.uuidString.lowercased() ?? Self.instanceScope
        try? await database.sql().raw(
            """
            INSERT INTO peer_refusals (id, scope_key, reason, day, count)
            VALUES (\(bind: UUID()), \(bind: scope), \(bind: reason.rawValue), \(bind: Self.day(now)), 1)
            ON CONFLICT (scope_key, reason, day) DO UPDATE SET count = peer_refusals.count + 1
            """
        ).run()
    }

    struct Count: Sendable, Equatable {
        let scope: String
        let reason: PeerRefusal
        let total: Int
    }

    /// The last 30 days' refusals for these connections and for none at all, summed per reason.
    func counts(connections: [UUID]) async throws -> [Count] {
        let since = Self.day(now.addingTimeInterval(-30 * 86_400))
        let scopes = connections.map { $0.uuidString.lowercased() } + [Self.instanceScope]
        let rows = try await database.sql().select().column("scope_key").column("reason")
            .column(SQLFunction("SUM", args: SQLColumn("count")), as: "total").from("peer_refusals")
            .where("scope_key", .in, SQLBind.group(scopes)).where("day", .greaterThanOrEqual, SQLBind(since))
            .groupBy("scope_key").groupBy("reason").all()
        return try rows.compactMap { row in
            guard let reason = PeerRefusal(rawValue: try row.decode(column: "reason", as: String.self)) else { return nil }
            return Count(
                scope: try row.decode(column: "scope_key", as: String.self), reason: reason,
                total: try row.decode(column: "total", as: Int.self))
        }
    }

    /// Remembers a verified signature's nonce until it expires. False when it was seen before:
    /// the request is a replay. The unique key decides, so two servers racing agree.
    func firstUse(keyID: String, nonce: String, until expires: Date) async -> Bool {
        let hash = SecretToken.hash(keyID + "\n" + nonce)
        let inserted = try? await database.sql().raw(
            """
            INSERT INTO peer_nonces (nonce_hash, expires_at) VALUES (\(bind: hash), \(bind: expires))
            ON CONFLICT DO NOTHING RETURNING nonce_hash
            """
        ).all()
        return inserted?.count == 1
    }

    /// Forgets nonces whose signatures have expired: a replay of one is refused as expired.
    func forgetExpiredNonces() async throws {
        try await database.sql().delete(from: "peer_nonces").where("expires_at", .lessThan, SQLBind(now)).run()
    }
}
