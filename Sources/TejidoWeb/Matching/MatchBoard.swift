import Fluent
import Foundation
import SQLKit
import TejidoCore
import Vapor

/// The board's side: records from home instances (tags with random ids, never a case), matches
/// found among them, and the weekly notices that tell each home instance which of its records
/// matched. A record is forgotten when the survivor's consent ends, even if nobody withdraws it.
struct MatchBoard {
    let database: any Database
    let keys: KeyRingStore
    let now: Date

    /// Takes a home instance's records and withdrawals, if this collective is the circle's board
    /// and the sender is one of its members.
    func receive(_ message: BoardMessage, on connection: PeerConnection) async throws {
        let circles = MatchingCircles(database: database, keys: keys, now: now)
        guard let circle = try await circles.find(message.circle, in: connection.collectiveID), circle.state == .active,
            let manifest = circle.manifest, manifest.board?.fingerprint == circles.ownFingerprint,
            manifest.member(connection.details.keys.fingerprint.hex) != nil,
            message.submit.count + message.withdraw.count <= BoardMessage.recordLimit
        else { throw StrictJSON.Problem.invalid }
        var records: [MatchBoardRules.Record] = []
        for record in message.submit {
            guard let tag = MatchTag(hex: record.tag), MatchBoardRules.thresholds.contains(record.threshold),
                record.survivor.count == 64, record.survivor.allSatisfy(\.isHexDigit)
            else { throw StrictJSON.Problem.invalid }
            records.append(
                MatchBoardRules.Record(
                    id: record.id, tag: tag, instance: connection.id.text, survivor: record.survivor,
                    threshold: record.threshold))
        }
        // A version this board has not taken yet (its `complete` still on the way): not taken
        // now, so the sender's outbox sends it again rather than it being lost.
        guard message.version <= manifest.version else { throw Abort(.conflict, reason: "matching_board_behind") }
        // Records made with keys no longer held (a key holder replaced its key or left since)
        // match nothing made now: they are dropped, and the entry asks to be made again.
        let admitted = manifest.keeps(entryOf: message.version) ? records : []
        try await database.transaction { db in
            if !message.withdraw.isEmpty {
                let gone = try await MatchingBoardRecord.query(on: db).filter(\.$connectionID == connection.id)
                    .filter(\.$recordID ~~ message.withdraw).all()
                try await MatchingBoardRecord.query(on: db).filter(\.$connectionID == connection.id)
                    .filter(\.$recordID ~~ message.withdraw).delete()
                // A match not told yet that no longer reaches its threshold is not told at all.
                for tag in Set(gone.map(\.tag)) { try await Self.match(tag: tag, circle: circle.id, now: now, on: db) }
                try await Self.forgetContacts(now: now, on: db)
            }
            for (record, wire) in zip(admitted, message.submit) where wire.until > Int(now.timeIntervalSince1970) {
                // One record per survivor per tag, and a resend is the same record: both are
                // refused by the table's unique keys, and neither counts as another survivor.
                try await db.sql().raw(
                    """
                    INSERT INTO matching_board_records (id, record_id, circle_id, connection_id, tag, survivor, threshold, week, until)
                    VALUES (\(bind: UUID()), \(bind: record.id), \(bind: circle.id), \(bind: connection.id), \(bind: record.tag.hex),
                    \(bind: record.survivor), \(bind: record.threshold), \(bind: Date(timeIntervalSince1970: TimeInterval(wire.week))),
                    \(bind: Date(timeIntervalSince1970: TimeInterval(wire.until))))
                    ON CONFLICT DO NOTHING
                    """
                ).run()
                try await Self.match(tag: record.tag.hex, circle: circle.id, now: now, on: db)
            }
        }
    }

    /// Forgets a member's records when it leaves the circle — or every record, when a key holder
    /// left and no tag made before can match one made after. A match not told yet that no longer
    /// reaches its threshold is not told, and the care teams in touch through a forgotten record
    /// hear that it is gone.
    static func forget(circle: UUID, connection: UUID?, now: Date, on db: any Database) async throws {
        let query = MatchingBoardRecord.query(on: db).filter(\.$circleID == circle)
        if let connection { query.filter(\.$connectionID == connection) }
        let tags = Set(try await query.copy().all().map(\.tag))
        try await query.delete()
        if connection != nil {
            for tag in tags { try await match(tag: tag, circle: circle, now: now, on: db) }
        }
        try await forgetContacts(now: now, on: db)
    }

    /// One record of a tag as the board reads it when a record arrives.
    struct Held: Decodable {
        let id: UUID
        let connection_id: UUID
        let survivor: String
        let threshold: Int
        let match_id: UUID?
        let matched_at: Date?
        let notified_at: Date?
    }

    /// The records of one tag in one circle: one lookup on the (circle, tag) index, reading only
    /// the columns a match needs. This is the board's hot path — every record that arrives.
    static func held(tag: String, circle: UUID, on db: any Database) async throws -> [Held] {
        try await db.sql().raw(
            """
            SELECT id, connection_id, survivor, threshold, match_id, matched_at, notified_at FROM matching_board_records
            WHERE circle_id = \(bind: circle) AND tag = \(bind: tag)
            """
        ).all(decoding: Held.self)
    }

    /// Marks the records of one tag that now reach their threshold: one match id for them all.
    static func match(tag: String, circle: UUID, now: Date, on db: any Database) async throws {
        let rows = try await held(tag: tag, circle: circle, on: db)
        guard let matchTag = MatchTag(hex: tag) else { return }
        let matched = Set(
            MatchBoardRules.matched(
                rows.map {
                    MatchBoardRules.Record(
                        id: $0.id, tag: matchTag, instance: $0.connection_id.text, survivor: $0.survivor,
                        threshold: $0.threshold)
                }
            ).map(\.id))
        for row in rows where row.matched_at != nil && row.notified_at == nil && !matched.contains(row.id) {
            try await db.sql().raw(
                "UPDATE matching_board_records SET match_id = NULL, matched_at = NULL WHERE id = \(bind: row.id)"
            ).run()
        }
        guard !matched.isEmpty else { return }
        let matchID = rows.compactMap(\.match_id).first ?? UUID()
        let joining = rows.filter { matched.contains($0.id) && $0.matched_at == nil }
        for row in joining {
            try await db.sql().raw(
                "UPDATE matching_board_records SET match_id = \(bind: matchID), matched_at = \(bind: now) WHERE id = \(bind: row.id)"
            ).run()
        }
        // A match already told that grows: its told sides hear the new count the Monday after, with
        // the newcomers — so every care team reads the same number, and the moment says no more.
        guard !joining.isEmpty else { return }
        for row in rows where matched.contains(row.id) && row.notified_at != nil {
            try await db.sql().raw("UPDATE matching_board_records SET grown_at = \(bind: now) WHERE id = \(bind: row.id)").run()
        }
    }

    /// The records due in a notice before `cutoff` (of one home instance, or all): matched and not
    /// yet told, or told and grown since. Two queries, each on its own partial index, as the
    /// delivery run asks every few seconds; no record is in both.
    static func due(before cutoff: Date, connection: UUID? = nil, on db: any Database) async throws -> [MatchingBoardRecord] {
        let untold = MatchingBoardRecord.query(on: db).filter(\.$matchedAt < cutoff).filter(\.$notifiedAt == nil)
        let grown = MatchingBoardRecord.query(on: db).filter(\.$grownAt < cutoff)
        if let connection { for query in [untold, grown] { query.filter(\.$connectionID == connection) } }
        return try await untold.all() + grown.all()
    }

    /// What the delivery run does for the board: forgets records whose consent ended, and
    /// enqueues each home instance's notice once the week its matches were found in is over.
    static func housekeeping(_ env: PeerEnvironment) async throws {
        try await MatchingBoardRecord.query(on: env.database).filter(\.$until <= env.now).delete()
        try await forgetContacts(now: env.now, on: env.database)
        let cutoff = MatchBoardRules.weekStart(of: env.now)
        let due = try await Self.due(before: cutoff, on: env.database)
        for connection in Set(due.map(\.connectionID)) {
            let waiting = try await env.outbox.waiting(for: connection).contains { $0.kind == PeerMessageKind.match.rawValue }
            if !waiting {
                try await env.outbox.enqueue(.match, subject: String(Int(cutoff.timeIntervalSince1970)), to: connection)
            }
        }
    }

    /// The notice for one home instance: its records matched before `cutoff` and not yet told, and
    /// those told whose match grew before it, each with how many survivors the match has now.
    static func notice(for connection: UUID, cutoff: Date, on db: any Database) async throws -> [MatchNotice] {
        let rows = try await Self.due(before: cutoff, connection: connection, on: db)
        var notices: [MatchNotice] = []
        for circle in Set(rows.map(\.circleID)) {
            var items: [MatchNotice.Item] = []
            for row in rows where row.circleID == circle {
                guard let match = row.matchID else { continue }
                let survivors = try await MatchingBoardRecord.query(on: db).filter(\.$matchID == match).all()
                    .reduce(into: Set<String>()) { $0.insert($1.connectionID.text + "|" + $1.survivor) }.count
                items.append(MatchNotice.Item(record: row.recordID, match: match, survivors: survivors))
            }
            notices.append(MatchNotice(circle: circle, items: items))
        }
        return notices
    }
}

/// `board`: records for the board, or their withdrawal, from a home instance's outgoing queue.
struct BoardHandler: PeerMessageHandler {
    let kind = PeerMessageKind.board
    var bodyLimit: Int { 64 * 1024 }

    func message(subject: String, for connection: PeerConnection, in env: PeerEnvironment) async throws -> Data? {
        guard let id = UUID(uuidString: subject), let row = try await MatchingOutgoingRecord.find(id, on: env.database),
            row.connectionID == connection.id
        else { return nil }
        return Data(row.body.utf8)
    }

    /// The board has it: nothing of it is kept here.
    func delivered(subject: String, for connection: PeerConnection, in env: PeerEnvironment) async throws {
        guard let id = UUID(uuidString: subject) else { return }
        try await MatchingOutgoingRecord.query(on: env.database).filter(\.$id == id).delete()
    }

    func receive(_ body: Data, on connection: PeerConnection, in env: PeerEnvironment) async throws -> Data {
        try await MatchBoard(database: env.database, keys: env.keys, now: env.now).receive(
            try StrictJSON.decode(BoardMessage.self, from: body), on: connection)
        return try acknowledged()
    }

    /// The connection ended: the board forgets what it filed, and nothing waits for it here.
    func ended(_ connection: PeerConnection, in env: PeerEnvironment) async throws {
        try await MatchingBoardRecord.query(on: env.database).filter(\.$connectionID == connection.id).delete()
        try await MatchingOutgoingRecord.query(on: env.database).filter(\.$connectionID == connection.id).delete()
    }

    /// A connection that resumes gets what waits for it again (rows are dropped while paused).
    func opened(_ connection: PeerConnection, in env: PeerEnvironment) async throws {
        guard connection.sends(.matching) else { return }
        for row in try await MatchingOutgoingRecord.query(on: env.database).filter(\.$connectionID == connection.id).all() {
            try await env.outbox.enqueue(.board, subject: try row.requireID().text, to: connection.id)
        }
    }
}

/// `match`: the board's weekly notice of which of this instance's records matched.
struct MatchHandler: PeerMessageHandler {
    let kind = PeerMessageKind.match

    func message(subject: String, for connection: PeerConnection, in env: PeerEnvironment) async throws -> Data? {
        guard let seconds = Int(subject) else { return nil }
        let notices = try await MatchBoard.notice(
            for: connection.id, cutoff: Date(timeIntervalSince1970: TimeInterval(seconds)), on: env.database)
        guard !notices.isEmpty else { return nil }
        return try JSONEncoder().encode(MatchNotices(notices: notices))
    }

    func delivered(subject: String, for connection: PeerConnection, in env: PeerEnvironment) async throws {
        guard let seconds = Int(subject) else { return }
        let cutoff = Date(timeIntervalSince1970: TimeInterval(seconds))
        try await MatchingBoardRecord.query(on: env.database).filter(\.$connectionID == connection.id)
            .filter(\.$matchedAt < cutoff).filter(\.$notifiedAt == nil)
            .set(\.$notifiedAt, to: env.now).update()
        try await MatchingBoardRecord.query(on: env.database).filter(\.$connectionID == connection.id)
            .filter(\.$grownAt < cutoff).set(\.$grownAt, to: nil).update()
    }

    /// On a home instance: keeps each matched record's notice, for circles whose board sent it.
    func receive(_ body: Data, on connection: PeerConnection, in env: PeerEnvironment) async throws -> Data {
        let notices = try StrictJSON.decode(MatchNotices.self, from: body).notices
        let circles = MatchingCircles(database: env.database, keys: env.keys, now: env.now)
        for notice in notices {
            guard let circle = try await circles.find(notice.circle, in: connection.collectiveID),
                circle.manifest?.board?.fingerprint == connection.details.keys.fingerprint.hex
            else { throw StrictJSON.Problem.invalid }
            for item in notice.items {
                try await env.database.sql().raw(
                    """
                    INSERT INTO matching_notices (id, collective_id, circle_id, record_id, match_id, survivors, received_at)
                    VALUES (\(bind: UUID()), \(bind: connection.collectiveID), \(bind: notice.circle), \(bind: item.record),
                    \(bind: item.match), \(bind: item.survivors), \(bind: env.now))
                    ON CONFLICT (collective_id, record_id) DO UPDATE SET survivors = excluded.survivors,
                    received_at = excluded.received_at WHERE matching_notices.survivors < excluded.survivors
                    """
                ).run()
            }
        }
        return try acknowledged()
    }
}
