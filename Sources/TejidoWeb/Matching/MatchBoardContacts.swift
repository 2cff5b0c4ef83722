@preconcurrency import Crypto
import Fluent
import Foundation
import SQLKit
import TejidoCore

/// The board's part in putting care teams in touch after a match: it keeps the signed card of each
/// side that agreed, and once two or more sides of one match agreed, gives each of them the others'
/// cards, sealed to its match key. Notes pass through sealed; the board keeps none of them.
extension MatchBoard {
    func contact(_ message: ContactMessage, on connection: PeerConnection) async throws {
        let circles = MatchingCircles(database: database, keys: keys, now: now)
        guard message.isWellFormed, let circle = try await circles.find(message.circle, in: connection.collectiveID),
            circle.state == .active, let manifest = circle.manifest, manifest.board?.fingerprint == circles.ownFingerprint,
            manifest.member(connection.details.keys.fingerprint.hex) != nil,
            // Only a record the sender filed, that matched and was told of.
            let record = try await MatchingBoardRecord.query(on: database).filter(\.$connectionID == connection.id)
                .filter(\.$recordID == message.record).filter(\.$circleID == circle.id).first(),
            let match = record.matchID, record.notifiedAt != nil
        else { throw StrictJSON.Problem.invalid }
        let mine = MatchingBoardContactRecord.query(on: database).filter(\.$connectionID == connection.id)
            .filter(\.$recordID == message.record)
        if message.withdraw {
            // Her agreement taken back: the others hear that this side is gone.
            let sides = try await mine.all()
            try await database.transaction { db in
                for side in sides { try await Self.tellGone(side, now: now, on: db) }
                try await MatchingBoardContactRecord.query(on: db).filter(\.$connectionID == connection.id)
                    .filter(\.$recordID == message.record).delete()
            }
            return
        }
        if let card = message.card {
            guard card.member == connection.details.keys.fingerprint.hex, card.holds(in: manifest, match: match),
                PeerText.checked(card.collective, maximum: ContactCard.nameLimit) == card.collective
            else {
                throw StrictJSON.Problem.invalid
            }
            try await database.transaction { db in
                try await db.sql().raw(
                    """
                    INSERT INTO matching_board_contacts (id, circle_id, match_id, record_id, connection_id, card, created_at)
                    VALUES (\(bind: UUID()), \(bind: circle.id), \(bind: match), \(bind: message.record), \(bind: connection.id),
                    \(bind: try MatchingCircles.json(card)), \(bind: now))
                    ON CONFLICT DO NOTHING
                    """
                ).run()
                try await Self.introduce(match: match, circle: circle.id, now: now, on: db)
            }
        }
        if let note = message.note {
            let sides = try await Self.sides(of: match, on: database)
            guard note.sealed.count <= ContactNote.sealedLimit,
                let sender = sides.first(where: { $0.row.connectionID == connection.id && $0.row.recordID == message.record }),
                sender.card.key == note.from, note.to != note.from
            else { throw StrictJSON.Problem.invalid }
            // A side that went meanwhile: the writer is told it is gone, and the note goes nowhere.
            guard let recipient = sides.first(where: { $0.card.key == note.to }) else { return }
            try await MatchingRelayQueue(database: database, now: now).send(
                .relay, ContactRelay(circle: circle.id, record: recipient.row.recordID, notes: [note]),
                to: recipient.row.connectionID)
        }
    }

    struct Side {
        let row: MatchingBoardContactRecord
        let card: ContactCard
    }

    static func sides(of match: UUID, on db: any Database) async throws -> [Side] {
        try await MatchingBoardContactRecord.query(on: db).filter(\.$matchID == match).all().compactMap { row in
            (try? JSONDecoder().decode(ContactCard.self, from: Data(row.card.utf8))).map { Side(row: row, card: $0) }
        }
    }

    /// Once two or more sides of a match agreed, each gets the cards of all the others.
    static func introduce(match: UUID, circle: UUID, now: Date, on db: any Database) async throws {
        let sides = try await sides(of: match, on: db)
        guard sides.count >= 2 else { return }
        for side in sides {
            guard let key = side.card.publicKey else { continue }
            let cards = try sides.filter { $0.card.key != side.card.key }.map {
                ContactRelay.SealedCard(key: $0.card.key, sealed: try $0.card.sealed(to: key))
            }
            try await MatchingRelayQueue(database: db, now: now).send(
                .relay, ContactRelay(circle: circle, record: side.row.recordID, cards: cards),
                to: side.row.connectionID)
        }
    }

    /// The cards of records the board no longer keeps (withdrawn, or their consent ended) go too,
    /// and the other sides of each match hear that they are gone.
    static func forgetContacts(now: Date, on db: any Database) async throws {
        let orphans = try await db.sql().raw(
            """
            SELECT id FROM matching_board_contacts WHERE NOT EXISTS (SELECT 1 FROM matching_board_records r
            WHERE r.connection_id = matching_board_contacts.connection_id AND r.record_id = matching_board_contacts.record_id)
            """
        ).all().map { try $0.decode(column: "id", as: UUID.self) }
        guard !orphans.isEmpty else { return }
        // Every side that goes is told to the sides that stay, then all go together.
        let going = try await MatchingBoardContactRecord.query(on: db).filter(\.$id ~~ orphans).all()
        for side in going { try await tellGone(side, except: Set(orphans), now: now, on: db) }
        try await MatchingBoardContactRecord.query(on: db).filter(\.$id ~~ orphans).delete()
    }

    /// The other sides of `side`'s match that are still there hear that its key is gone.
    static func tellGone(
        _ side: MatchingBoardContactRecord, except going: Set<UUID> = [], now: Date, on db: any Database
    ) async throws {
        guard let card = try? JSONDecoder().decode(ContactCard.self, from: Data(side.card.utf8)) else { return }
        for other in try await sides(of: side.matchID, on: db)
        where other.row.id != side.id && !going.contains(other.row.id ?? UUID()) {
            try await MatchingRelayQueue(database: db, now: now).send(
                .relay, ContactRelay(circle: side.circleID, record: other.row.recordID, gone: [card.key]),
                to: other.row.connectionID)
        }
    }
}
