import Fluent
import Foundation
import SQLKit
import TejidoCore

/// `evaluate`: this collective holds one of a circle's oblivious keys, and a member asks it to
/// evaluate a blinded element. It sees a random-looking point, never an identifier; it counts
/// every request, refused ones included, per member per day, and refuses past the circle's quota.
struct EvaluateHandler: PeerMessageHandler {
    let kind = PeerMessageKind.evaluate
    var bodyLimit: Int { 4 * 1024 }

    /// Evaluations are asked and answered at once; nothing of this kind waits in an outbox.
    func message(subject: String, for connection: PeerConnection, in env: PeerEnvironment) async throws -> Data? { nil }

    func receive(_ body: Data, on connection: PeerConnection, in env: PeerEnvironment) async throws -> Data {
        let request = try StrictJSON.decode(EvaluationRequest.self, from: body)
        let circles = MatchingCircles(database: env.database, keys: env.keys, now: env.now)
        func reply(_ evaluations: [Data]?, _ refused: EvaluationReply.Refusal?, used: Int, limit: Int) throws -> Data {
            try JSONEncoder().encode(EvaluationReply(evaluations: evaluations, refused: refused, usedToday: used, limit: limit))
        }
        let elements = request.blinded.compactMap { Data(base64Encoded: $0) }
        guard (1...EvaluationRequest.elementLimit).contains(elements.count), elements.count == request.blinded.count else {
            return try reply(nil, .element, used: 0, limit: 0)
        }
        guard let circle = try await circles.find(request.circle, in: connection.collectiveID), circle.state == .active,
            let manifest = circle.manifest, manifest.keeps(entryOf: request.version),
            circle.roles(of: circles.ownFingerprint).contains(.keyHolder),
            manifest.member(connection.details.keys.fingerprint.hex) != nil, let key = circles.oprfKey(circle)
        else { return try reply(nil, .circle, used: 0, limit: 0) }
        let limit = manifest.limits.evaluationsPerInstancePerDay
        let used = try await KeyHolderCounts(database: env.database, now: env.now).count(
            circle: circle.id, connection: connection.id, adding: elements.count)
        guard used <= limit else { return try reply(nil, .quota, used: used, limit: limit) }
        guard let evaluations = try? await MatchingCascade.evaluate(elements, with: key) else {
            return try reply(nil, .element, used: used, limit: limit)
        }
        return try reply(evaluations, nil, used: used, limit: limit)
    }
}

/// A key holder's counts of evaluations, per member and day (UTC).
struct KeyHolderCounts {
    let database: any Database
    let now: Date

    static func day(_ date: Date) -> String {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }

    /// Counts `adding` more evaluations and returns today's count with them: the count is written
    /// before the answer, so requests that arrive together cannot slip past the quota, and a
    /// refused request counts too.
    func count(circle: UUID, connection: UUID, adding: Int) async throws -> Int {
        let day = Self.day(now)
        // One statement that counts and reads back (SQLite 3.35 and PostgreSQL both return rows
        // from an upsert): on the path of every evaluation.
        let row = try await database.sql().raw(
            """
            INSERT INTO matching_evaluations (id, circle_id, connection_id, day, count)
            VALUES (\(bind: UUID()), \(bind: circle), \(bind: connection), \(bind: day), \(bind: adding))
            ON CONFLICT (circle_id, connection_id, day) DO UPDATE SET count = matching_evaluations.count + \(bind: adding)
            RETURNING count
            """
        ).first()
        return try row?.decode(column: "count", as: Int.self) ?? 0
    }

    /// Today's counts for a circle, by connection: what the key holder shows its circle.
    func today(circle: UUID) async throws -> [UUID: Int] {
        let rows = try await MatchingEvaluationRecord.query(on: database).filter(\.$circleID == circle)
            .filter(\.$day == Self.day(now)).all()
        return Dictionary(rows.map { ($0.connectionID, $0.count) }) { a, b in a + b }
    }
}
