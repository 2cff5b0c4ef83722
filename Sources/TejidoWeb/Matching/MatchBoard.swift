import Fluent
import Foundation
import SQLKit
import TejidoCore

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
        // Records made for an earlier version (a key holder replaced its key since) match nothing
        // made now: they are dropped, and the entry asks to be made again.
        let admitted = message.version == manifest.version ? records : []
        try await database.transaction { db in
            if !message.withdraw.isEmpty {
                let gone = try await MatchingBoardRecord.query(on: db).filter(\.$connectionID == connection.id)
                    .filter(\.$recordID ~~ message.withdraw).all()
                try await MatchingBoardRecord.query(on: db).filter(\.$connectionID == connection.id)
                    .filter(\.$recordID ~~ message.withdraw).delete()
                // A match not told yet that no longer reaches its threshold is not told at all.
                for tag in Set(gone.map(\.tag)) { try await Self.match(tag: tag, circle: circle.id, now: now, on: db) }
                try await Self.forgetContacts(on: db)
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

    /// Marks the records of one tag that now reach their threshold: one match id for them all.
    static func match(tag: String, circle: UUID, now: Date, on db: any Database) async throws {
        let rows = try await MatchingBoardRecord.query(on: db).filter(\.$circleID == circle).filter(\.$tag == tag).all()
        let byID = Dictionary(rows.compactMap { row in row.id.map { ($0, row) } }) { a, _ in a }
        let matched = MatchBoardRules.matched(
            rows.compactMap { row in
                guard let id = row.id, let tag = MatchTag(hex: row.tag) else { return nil }
                return MatchBoardRules.Record(
                    id: id, tag: tag, instance: row.connectionID.text, survivor: row.survivor, threshold: row.threshold)
            })
        let matchedIDs = Set(matched.map(\.id))
        for row in rows where row.matchedAt != nil && row.notifiedAt == nil && !matchedIDs.contains(row.id ?? UUID()) {
            row.matchID = nil
            row.matchedAt = nil
            try await row.update(on: db)
        }
        guard !matched.isEmpty else { return }
        let matchID = rows.compactMap(\.matchID).first ?? UUID()
        for record in matched {
            guard let row = byID[record.id], row.matchedAt == nil else { continue }
            row.matchID = matchID
            row.matchedAt = now
            try await row.update(on: db)
        }
    }

    /// What the delivery run does for the board: forgets records whose consent ended, and
    /// enqueues each home instance's notice once the week its matches were found in is over.
    static func housekeeping(_ env: PeerEnvironment) async throws {
        try await MatchingBoardRecord.query(on: env.database).filter(\.$until <= env.now).delete()
        try await forgetContacts(on: env.database)
        let cutoff = MatchBoardRules.weekStart(of: env.now)
        let due = try await MatchingBoardRecord.query(on: env.database).filter(\.$matchedAt < cutoff)
            .filter(\.$notifiedAt == nil).all()
        for connection in Set(due.map(\.connectionID)) {
            let waiting = try await env.outbox.waiting(for: connection).contains { $0.kind == PeerMessageKind.match.rawValue }
            if !waiting {
                try await env.outbox.enqueue(.match, subject: String(Int(cutoff.timeIntervalSince1970)), to: connection)
            }
        }
    }

    /// The notice for one home instance: its records matched before `cutoff` and not yet told.
    static func notice(for connection: UUID, cutoff: Date, on db: any Database) async throws -> [MatchNotice] {
        let rows = try await MatchingBoardRecord.query(on: db).filter(\.$connectionID == connection)
            .filter(\.$matchedAt < cutoff).filter(\.$notifiedAt == nil).all()
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
        try await MatchingBoardRecord.query(on: env.database).filter(\.$connectionID == connection.id)
            .filter(\.$matchedAt < Date(timeIntervalSince1970: TimeInterval(seconds))).filter(\.$notifiedAt == nil)
            .set(\.$notifiedAt, to: env.now).update()
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
                    ON CONFLICT DO NOTHING
                    """
                ).run()
            }
        }
        return try acknowledged()
    }
}
