@preconcurrency import Crypto
import Fluent
import Foundation
import SQLKit
import TejidoCore

/// After a match, on a home instance: a care-team facilitator records that the survivor agrees to
/// put the care teams in touch, which sends the board this side's signed card; once another side
/// agreed too, the board hands over each other's card, and the care teams write each other notes
/// sealed from one match key to the other. The match key is sealed with the case, so what arrived
/// can only be read by someone who opens the case.
struct MatchContacts {
    let database: any Database
    let keys: KeyRingStore
    let now: Date

    /// One side of a match as its care team reads it.
    struct View: Sendable {
        struct Note: Sendable {
            /// Nil for this care team's own note.
            let from: String?
            let text: String
            let at: Date
        }
        let agreedAt: Date
        /// The other collectives in touch, by the names their cards carry.
        let peers: [String]
        let notes: [Note]
    }

    private struct KeyBody: Codable { let key: Data }
    private struct OutNote: Codable { let text: String }

    private var circles: MatchingCircles { MatchingCircles(database: database, keys: keys, now: now) }

    // MARK: Reading

    func contact(record: UUID, in collectiveID: UUID) async throws -> MatchingContactRecord? {
        try await MatchingContactRecord.query(on: database).filter(\.$collectiveID == collectiveID)
            .filter(\.$recordID == record).first()
    }

    /// Each matched record's side, read with the case's key: who is in touch and what was written.
    func views(_ file: CaseFile, records: [UUID]) async throws -> [UUID: View] {
        guard !records.isEmpty else { return [:] }
        let rows = try await MatchingContactRecord.query(on: database).filter(\.$collectiveID == file.collectiveID)
            .filter(\.$recordID ~~ records).all()
        var views: [UUID: View] = [:]
        for row in rows {
            guard let opened = try await open(row, file) else { continue }
            let items = try await MatchingContactItemRecord.query(on: database).filter(\.$contactID == row.requireID())
                .sort(\.$createdAt).all()
            let cards = cards(row, items, opened)
            let names = Dictionary(cards.map { ($0.key, $0.collective) }) { a, _ in a }
            let notes: [View.Note] = items.compactMap { item in
                switch item.kind {
                case "in":
                    guard let name = names[item.peerKey],
                        let note = try? JSONDecoder().decode(ContactNote.self, from: item.sealed),
                        let text = note.open(with: opened.key, circle: row.circleID, match: row.matchID)
                    else { return nil }
                    return View.Note(from: name, text: text, at: item.createdAt)
                case "out":
                    guard let id = item.id,
                        let body = try? file.vault.open(OutNote.self, item.sealed, field: "matching_contact_note", row: id)
                    else { return nil }
                    return View.Note(from: nil, text: body.text, at: item.createdAt)
                default: return nil
                }
            }
            views[row.recordID] = View(agreedAt: row.agreedAt, peers: cards.map(\.collective), notes: notes)
        }
        return views
    }

    private struct Opened {
        let key: Curve25519.KeyAgreement.PrivateKey
        let manifest: CircleManifest?
    }

    private func open(_ row: MatchingContactRecord, _ file: CaseFile) async throws -> Opened? {
        guard let id = row.id, let body = try? file.vault.open(KeyBody.self, row.keySealed, field: "matching_contact", row: id),
            let key = try? Curve25519.KeyAgreement.PrivateKey(rawRepresentation: body.key)
        else { return nil }
        return Opened(key: key, manifest: try await circles.find(row.circleID, in: row.collectiveID)?.manifest)
    }

    // MARK: Acts

    /// Her agreement, as a care-team facilitator records it: a key for this match, sealed with the
    /// case, and this side's card to the board.
    func agree(_ file: CaseFile, record: UUID, by userID: UUID, service: CaseService) async throws {
        let entries = try await MatchingEntries(database: database, keys: keys, now: now).entries(file)
        guard
            let notice = entries.filter({ $0.withdrawnAt == nil }).flatMap(\.matches).first(where: { $0.recordID == record })
        else { throw TejidoError.notFound }
        guard try await contact(record: record, in: file.collectiveID) == nil else { return }
        guard let circle = try await circles.find(notice.circleID, in: file.collectiveID), circle.state == .active,
            let board = try await boardConnection(circle, collectiveID: file.collectiveID),
            let collective = try await CollectiveRecord.find(file.collectiveID, on: database)
        else { throw MatchingEntries.problem("matching_error_not_connected") }
        let key = Curve25519.KeyAgreement.PrivateKey()
        let card = try ContactCard(
            circle: circle.id, match: notice.matchID, key: key.publicKey, collective: collective.name,
            member: circles.ownFingerprint, signingKey: keys.current.identity.signingKey)
        let row = MatchingContactRecord()
        let id = UUID()
        row.id = id
        row.collectiveID = file.collectiveID
        row.circleID = circle.id
        row.matchID = notice.matchID
        row.recordID = record
        row.publicKey = card.key
        row.keySealed = try file.vault.seal(KeyBody(key: key.rawRepresentation), field: "matching_contact", row: id)
        row.agreedAt = now
        let now = now
        try await service.commit(file, .agreedMatchContact, by: userID) { db in
            try await row.create(on: db)
            try await MatchingRelayQueue(database: db, now: now).send(
                .contact, ContactMessage(circle: circle.id, record: record, card: card), to: board.id)
            try await service.note(db, file, author: file.person(userID: userID)?.id, "record_matching_agreed")
        }
    }

    /// A note to every other side in touch, each sealed to its key; this care team keeps its own
    /// copy sealed with the case.
    func write(_ file: CaseFile, record: UUID, text: String, by userID: UUID, service: CaseService) async throws {
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw MatchingEntries.problem("matching_note_empty", field: "note") }
        guard text.count <= ContactNote.textLimit else { throw MatchingEntries.problem("matching_note_long", field: "note") }
        guard let row = try await contact(record: record, in: file.collectiveID),
            try await MatchingEntries(database: database, keys: keys, now: now).entries(file)
                .contains(where: { $0.withdrawnAt == nil && $0.body.records.contains(record) }),
            let opened = try await open(row, file)
        else { throw TejidoError.notFound }
        let items = try await MatchingContactItemRecord.query(on: database).filter(\.$contactID == row.requireID()).all()
        let peers = cards(row, items, opened)
        guard !peers.isEmpty, let circle = try await circles.find(row.circleID, in: file.collectiveID),
            let board = try await boardConnection(circle, collectiveID: file.collectiveID)
        else { throw MatchingEntries.problem("matching_note_nobody", field: "note") }
        let notes = try peers.compactMap { card in
            try card.publicKey.map { try ContactNote(text, from: opened.key, to: $0, circle: row.circleID, match: row.matchID) }
        }
        let item = MatchingContactItemRecord()
        let itemID = UUID()
        item.id = itemID
        item.contactID = try row.requireID()
        item.kind = "out"
        item.peerKey = ""
        item.sealed = try file.vault.seal(OutNote(text: text), field: "matching_contact_note", row: itemID)
        item.digest = itemID.text
        item.createdAt = now
        let now = now
        try await service.commit(file, .wroteMatchContact, by: userID) { db in
            try await item.create(on: db)
            for note in notes {
                try await MatchingRelayQueue(database: db, now: now).send(
                    .contact, ContactMessage(circle: row.circleID, record: record, note: note), to: board.id)
            }
        }
    }

    /// The other sides' cards that open with the match key and hold: signed, in the circle's
    /// manifest, by the member they name. A card the board made up or changed is not shown.
    private func cards(
        _ row: MatchingContactRecord, _ items: [MatchingContactItemRecord], _ opened: Opened
    )
        -> [ContactCard]
    {
        guard let manifest = opened.manifest else { return [] }
        return items.filter { $0.kind == "card" }.compactMap { item in
            guard
                let card = ContactCard.open(
                    String(decoding: item.sealed, as: UTF8.self), with: opened.key, circle: row.circleID, match: row.matchID),
                card.key == item.peerKey, card.holds(in: manifest, match: row.matchID)
            else { return nil }
            return card
        }
    }

    private func boardConnection(_ circle: MatchingCircle, collectiveID: UUID) async throws -> PeerConnection? {
        guard let board = circle.manifest?.board else { return nil }
        let connections = try await PeerConnections(database: database, keys: keys, now: now).all(in: collectiveID)
        return MatchingCircles.connection(to: board.fingerprint, among: connections)
    }

    /// The side of every record of an entry being withdrawn goes with it.
    static func forget(records: [UUID], in collectiveID: UUID, on db: any Database) async throws {
        guard !records.isEmpty else { return }
        try await MatchingContactRecord.query(on: db).filter(\.$collectiveID == collectiveID).filter(\.$recordID ~~ records)
            .delete()
    }

    /// What the board relayed: other sides' cards and notes for one of this collective's records.
    /// A record whose side is gone (the entry was withdrawn) takes nothing, and says so by silence.
    func receive(_ relay: ContactRelay, on connection: PeerConnection) async throws {
        guard let circle = try await circles.find(relay.circle, in: connection.collectiveID),
            circle.manifest?.board?.fingerprint == connection.details.keys.fingerprint.hex
        else { throw StrictJSON.Problem.invalid }
        guard let row = try await contact(record: relay.record, in: connection.collectiveID), row.circleID == relay.circle,
            let contactID = row.id
        else { return }
        for card in relay.cards {
            guard card.key != row.publicKey, card.sealed.count <= ContactNote.sealedLimit else {
                throw StrictJSON.Problem.invalid
            }
            try await insert(contactID, kind: "card", peer: card.key, sealed: Data(card.sealed.utf8), digest: "card:" + card.key)
        }
        for note in relay.notes {
            guard note.to == row.publicKey, note.from != row.publicKey, note.sealed.count <= ContactNote.sealedLimit else {
                throw StrictJSON.Problem.invalid
            }
            let body = try JSONEncoder().encode(note)
            let digest = SHA256.hash(data: Data(note.sealed.utf8)).map { String(format: "%02x", $0) }.joined()
            try await insert(contactID, kind: "in", peer: note.from, sealed: body, digest: digest)
        }
    }

    private func insert(_ contact: UUID, kind: String, peer: String, sealed: Data, digest: String) async throws {
        try await database.sql().raw(
            """
            INSERT INTO matching_contact_items (id, contact_id, kind, peer_key, sealed, digest, created_at)
            VALUES (\(bind: UUID()), \(bind: contact), \(bind: kind), \(bind: peer), \(bind: sealed), \(bind: digest), \(bind: now))
            ON CONFLICT DO NOTHING
            """
        ).run()
    }
}
