@preconcurrency import Crypto
import Fluent
import Foundation
import SQLKit
import TejidoCore

/// After a match, on a home instance: a care-team facilitator records that the survivor agrees to
/// put the care teams in touch, which sends the board this side's signed card; once another side
/// agreed too, the board hands over each other's card, and the care teams write each other notes
/// sealed from one match key to the other. The match key is sealed with the case, so what arrived
/// can only be read by someone who opens the case — and only its care-team facilitators are shown
/// it. Nothing of this goes to the case's timeline or access log, which others in the case read:
/// who agreed and who wrote is kept, sealed, with the key and the notes.
struct MatchContacts {
    let database: any Database
    let keys: KeyRingStore
    let now: Date

    /// One side of a match as its care team reads it.
    struct View: Sendable {
        struct Note: Sendable {
            /// The other collective's name; nil for this care team's own note.
            let from: String?
            /// For this care team's own note: who wrote it.
            let author: String?
            let text: String
            let at: Date
        }
        struct Peer: Sendable {
            let name: String
            /// Her entry was withdrawn, or her agreement taken back, on that side.
            let gone: Bool
        }
        let agreedAt: Date
        let agreedBy: String?
        /// The other collectives in touch, by the names their cards carry.
        let peers: [Peer]
        let notes: [Note]

        /// Someone is there to write to.
        var reachable: Bool { peers.contains { !$0.gone } }
    }

    private struct KeyBody: Codable {
        let key: Data
        /// Her place in the case of whoever recorded her agreement.
        var agreedBy: UUID?
    }
    private struct OutNote: Codable {
        let text: String
        var by: UUID?
    }

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
        func name(_ place: UUID?) -> String? { file.person(id: place).map { $0.username ?? $0.body.name ?? "" } }
        // A member this collective is paired with goes by the name its admins paired with first,
        // then the one its card gives when that differs: a member cannot pass as another.
        let paired = try await PeerConnections(database: database, keys: keys, now: now).all(in: file.collectiveID)
        func collective(_ card: ContactCard) -> String {
            guard let known = paired.first(where: { $0.details.keys.fingerprint.hex == card.member })?.details.name,
                known != card.collective
            else { return card.collective }
            return "\(known) (\(card.collective))"
        }
        var views: [UUID: View] = [:]
        for row in rows {
            guard let opened = try await open(row, file) else { continue }
            let items = try await MatchingContactItemRecord.query(on: database).filter(\.$contactID == row.requireID())
                .sort(\.$createdAt).all()
            let cards = cards(row, items, opened)
            let gone = Set(items.filter { $0.kind == "gone" }.map(\.peerKey))
            let names = Dictionary(cards.map { ($0.key, collective($0)) }) { a, _ in a }
            let notes: [View.Note] = items.compactMap { item in
                switch item.kind {
                case "in":
                    guard let from = names[item.peerKey],
                        let note = try? JSONDecoder().decode(ContactNote.self, from: item.sealed),
                        let text = note.open(with: opened.key, circle: row.circleID, match: row.matchID)
                    else { return nil }
                    return View.Note(from: from, author: nil, text: text, at: item.createdAt)
                case "out":
                    guard let id = item.id,
                        let body = try? file.vault.open(OutNote.self, item.sealed, field: "matching_contact_note", row: id)
                    else { return nil }
                    return View.Note(from: nil, author: name(body.by), text: body.text, at: item.createdAt)
                default: return nil
                }
            }
            // A side that took its agreement back and gave it again has a new key: it is in touch,
            // not gone, and is listed once.
            let present = Set(cards.filter { !gone.contains($0.key) }.map(\.member))
            let peers = cards.filter { !gone.contains($0.key) || !present.contains($0.member) }
            var seen: Set<String> = []
            views[row.recordID] = View(
                agreedAt: row.agreedAt, agreedBy: name(opened.agreedBy),
                peers: peers.filter { seen.insert($0.member + "|" + String(gone.contains($0.key))).inserted }.map {
                    View.Peer(name: collective($0), gone: gone.contains($0.key))
                }, notes: notes)
        }
        return views
    }

    private struct Opened {
        let key: Curve25519.KeyAgreement.PrivateKey
        let agreedBy: UUID?
        let manifest: CircleManifest?
    }

    private func open(_ row: MatchingContactRecord, _ file: CaseFile) async throws -> Opened? {
        guard let id = row.id, let body = try? file.vault.open(KeyBody.self, row.keySealed, field: "matching_contact", row: id),
            let key = try? Curve25519.KeyAgreement.PrivateKey(rawRepresentation: body.key)
        else { return nil }
        return Opened(
            key: key, agreedBy: body.agreedBy, manifest: try await circles.find(row.circleID, in: row.collectiveID)?.manifest)
    }

    /// The other sides' cards that open with the match key and hold: signed, in the circle's
    /// manifest, by the member they name — never the board itself, which files nothing and so is
    /// no side of any match, nor this instance. A card the board made up or changed is not shown.
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
                card.key == item.peerKey, card.holds(in: manifest, match: row.matchID),
                card.member != manifest.board?.fingerprint, card.member != circles.ownFingerprint,
                PeerText.checked(card.collective, maximum: ContactCard.nameLimit) != nil
            else { return nil }
            return card
        }
    }

    // MARK: Acts

    /// Her agreement, as a care-team facilitator records it: a key for this match, sealed with the
    /// case, and this side's card to the board.
    func agree(_ file: CaseFile, record: UUID, by userID: UUID) async throws {
        let entries = try await MatchingEntries(database: database, keys: keys, now: now).entries(file)
        guard let entry = entries.first(where: { $0.withdrawnAt == nil && $0.body.records.contains(record) }),
            let notice = entry.matches.first(where: { $0.recordID == record })
        else { throw TejidoError.notFound }
        guard entry.until > now else { throw MatchingEntries.problem("matching_error_not_connected") }
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
        row.keySealed = try file.vault.seal(
            KeyBody(key: key.rawRepresentation, agreedBy: file.person(userID: userID)?.id), field: "matching_contact", row: id)
        row.agreedAt = now
        row.until = entry.until
        let now = now
        do {
            try await database.transaction { db in
                try await row.create(on: db)
                try await MatchingRelayQueue(database: db, now: now).send(
                    .contact, ContactMessage(circle: circle.id, record: record, card: card), to: board.id, about: record)
            }
        } catch {
            // Two facilitators recording it at the same moment: the first one stands.
            if try await contact(record: record, in: file.collectiveID) != nil { return }
            throw error
        }
    }

    /// She no longer agrees: this side's key, cards and notes go, and the board tells the others
    /// that it is gone.
    func takeBack(_ file: CaseFile, record: UUID) async throws {
        guard let row = try await contact(record: record, in: file.collectiveID),
            try await MatchingEntries(database: database, keys: keys, now: now).entries(file)
                .contains(where: { $0.body.records.contains(record) })
        else { throw TejidoError.notFound }
        var board: PeerConnection? = nil
        if let circle = try await circles.find(row.circleID, in: file.collectiveID) {
            board = try await boardConnection(circle, collectiveID: file.collectiveID)
        }
        let now = now
        try await database.transaction { [board] db in
            try await row.delete(on: db)
            // Her card or notes not sent yet are not sent at all.
            try await MatchingRelayRecord.query(on: db).filter(\.$recordID == Optional(record)).delete()
            if let board {
                try await MatchingRelayQueue(database: db, now: now).send(
                    .contact, ContactMessage(circle: row.circleID, record: record, withdraw: true), to: board.id)
            }
        }
    }

    /// A note to every other side still in touch, each sealed to its key; this care team keeps its
    /// own copy sealed with the case.
    func write(_ file: CaseFile, record: UUID, text: String, by userID: UUID) async throws {
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw MatchingEntries.problem("matching_note_empty", field: "note") }
        guard text.count <= ContactNote.textLimit else { throw MatchingEntries.problem("matching_note_long", field: "note") }
        guard ContactNote.fits(text) else { throw MatchingEntries.problem("matching_note_bytes", field: "note") }
        guard let row = try await contact(record: record, in: file.collectiveID),
            try await MatchingEntries(database: database, keys: keys, now: now).entries(file)
                .contains(where: { $0.withdrawnAt == nil && $0.body.records.contains(record) }),
            let opened = try await open(row, file)
        else { throw TejidoError.notFound }
        let items = try await MatchingContactItemRecord.query(on: database).filter(\.$contactID == row.requireID()).all()
        let gone = Set(items.filter { $0.kind == "gone" }.map(\.peerKey))
        let peers = cards(row, items, opened).filter { !gone.contains($0.key) }
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
        item.sealed = try file.vault.seal(
            OutNote(text: text, by: file.person(userID: userID)?.id), field: "matching_contact_note", row: itemID)
        item.digest = itemID.text
        item.createdAt = now
        let now = now
        try await database.transaction { db in
            try await item.create(on: db)
            for note in notes {
                try await MatchingRelayQueue(database: db, now: now).send(
                    .contact, ContactMessage(circle: row.circleID, record: record, note: note), to: board.id, about: record)
            }
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
        try await MatchingRelayRecord.query(on: db).filter(\.$recordID ~~ records.map { Optional($0) }).delete()
    }

    /// Her consent ended: her side of every match goes, as her records leave the board then.
    /// Run by the delivery timer.
    static func expire(_ env: PeerEnvironment) async throws {
        let lapsed = try await MatchingContactRecord.query(on: env.database).filter(\.$until <= env.now).all()
        guard !lapsed.isEmpty else { return }
        try await MatchingRelayRecord.query(on: env.database).filter(\.$recordID ~~ lapsed.map { Optional($0.recordID) })
            .delete()
        try await MatchingContactRecord.query(on: env.database).filter(\.$id ~~ lapsed.compactMap(\.id)).delete()
    }

    /// What the board relayed for one of this collective's records: other sides' cards, notes to
    /// it, sides that are gone. A record whose side is gone here (the entry was withdrawn, her
    /// agreement taken back) takes nothing, and says so by silence.
    func receive(_ relay: ContactRelay, on connection: PeerConnection) async throws {
        // All of it or none: a relay with one bad part is refused whole, and sent again.
        try await database.transaction { db in
            try await MatchContacts(database: db, keys: keys, now: now).apply(relay, on: connection)
        }
    }

    private func apply(_ relay: ContactRelay, on connection: PeerConnection) async throws {
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
            guard note.from != row.publicKey, note.sealed.count <= ContactNote.sealedLimit else {
                throw StrictJSON.Problem.invalid
            }
            // Written to a key this side had before taking her agreement back and agreeing again:
            // taken, and kept nowhere.
            guard note.to == row.publicKey else { continue }
            let body = try JSONEncoder().encode(note)
            let digest = SHA256.hash(data: Data(note.sealed.utf8)).map { String(format: "%02x", $0) }.joined()
            try await insert(contactID, kind: "in", peer: note.from, sealed: body, digest: digest)
        }
        for key in relay.gone where key != row.publicKey && key.count <= 64 {
            try await insert(contactID, kind: "gone", peer: key, sealed: Data(), digest: "gone:" + key)
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
