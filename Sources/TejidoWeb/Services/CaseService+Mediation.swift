@preconcurrency import Crypto
import Fluent
import Foundation
import TejidoCore
import Vapor

/// Outside mediators: invited by the survivor's side to chosen entries of one case, with a link
/// that works once; their browser then holds a token of its own until the grant expires or is
/// revoked. They have no account, and every act of theirs is in the case's access log.
extension CaseService {
    struct Mediator {
        let id: UUID
        let grant: MediatorGrant
        let record: CaseMediatorRecord
    }

    func mediators(_ file: CaseFile) async throws -> [Mediator] {
        let rows = try await CaseMediatorRecord.query(on: database).filter(\.$caseFile.$id == file.id).sort(\.$createdAt)
            .all()
        return file.opened(rows, as: MediatorGrant.self, field: "mediator").map {
            Mediator(id: $0.id, grant: $0.value, record: $0.row)
        }
    }

    /// Entries the survivor's side may share: what `reader` can read, written by people, not taken back.
    func shareableEntries(_ file: CaseFile, for reader: CaseFile.Person) async throws -> [Entry] {
        try await entries(file, for: reader).filter { $0.body != nil && $0.body?.kind != .record }
    }

    /// Invites a mediator, if the protocol allows outside mediation for the harm as classified.
    /// Returns the grant's id and the link's token, shown (or sent) once.
    /// `agreement`: how the person harmed agreed, when someone acting for her invites; nil when
    /// she invites herself (or when nobody said, which is refused).
    func inviteMediator(
        _ file: CaseFile, _ grant: MediatorGrant, days: Int, agreement: CaseConsent.Manner?, by reader: CaseFile.Person,
        userID: UUID
    ) async throws -> (id: UUID, token: String) {
        // Checked here as well as by the policy, so the form can say why.
        guard !file.wishes.limits.contains(.keepInCollective) else {
            throw TejidoError.invalid([FieldProblem(field: "label", messageKey: "error_mediator_keep_in_collective")])
        }
        guard let rules = try await responseRules(file), rules.allowed.contains(.outsideMediation) else {
            throw TejidoError.invalid([FieldProblem(field: "label", messageKey: "error_mediator_not_allowed")])
        }
        let manner = try CaseConsent.manner(recordedBy: reader.role, agreement: agreement)
        let shareable = Set(try await shareableEntries(file, for: reader).map(\.id))
        guard !grant.entryIDs.isEmpty, Set(grant.entryIDs).isSubset(of: shareable) else {
            throw TejidoError.invalid([FieldProblem(field: "entries", messageKey: "error_mediator_entries")])
        }
        let token = SecretToken.generate()
        // The grant's own key: the link carries it, and it opens only a copy of the chosen entries.
        let grantKey = KeyWrapping.newDataKey()
        var sealedGrant = grant
        sealedGrant.key = grantKey.withUnsafeBytes { Data($0) }
        let row = try sealedRow(CaseMediatorRecord.self, in: file, sealedGrant, field: "mediator")
        let id = try row.requireID()
        let chosen = Set(grant.entryIDs)
        let packet = MediatorPacket(
            label: grant.label, note: grant.note,
            entries: try await shareableEntries(file, for: reader).filter { chosen.contains($0.id) }.compactMap { entry in
                entry.body.map {
                    MediatorPacket.Shared(
                        id: entry.id, when: entry.createdAt, role: entry.author?.role, kind: $0.kind, text: $0.text)
                }
            })
        row.packet = try packet.sealed(with: grantKey, grantID: id)
        (row.grantKey, row.keyID) = try MediatorKeys.lock(grantKey, grantID: id, caseID: file.id, secret: token.value, keys: keys)
        row.inviteHash = token.storedHash
        row.expiresAt = now.addingTimeInterval(Double(days) * 86_400)
        let survivorName = file.survivor?.name ?? ""
        try await commit(file, .invitedMediator, by: userID) { db in
            try await row.create(on: db)
            try await recordConsent(
                db, file.vault, caseID: file.id,
                CaseConsent(
                    scope: .leaveCollective, detail: grant.label, givenBy: survivorName,
                    manner: manner, participantID: id,
                    entriesShared: grant.entryIDs.count),
                recordedBy: reader.id, until: row.expiresAt)
            try await note(db, file, author: reader.id, "record_mediator_invited", ["name": grant.label])
        }
        return (id, token.value)
    }

    /// Every live mediator's copy that holds `entryID`, sealed again without it.
    func unshared(_ entryID: UUID, in file: CaseFile) async throws -> [(UUID, Data)] {
        var result: [(UUID, Data)] = []
        for mediator in try await mediators(file)
        where mediator.record.revokedAt == nil && mediator.grant.entryIDs.contains(entryID) {
            guard let raw = mediator.grant.key, let sealed = mediator.record.packet else { continue }
            let key = SymmetricKey(data: raw)
            var packet = try MediatorPacket.open(sealed, with: key, grantID: mediator.id)
            packet.entries.removeAll { $0.id == entryID }
            result.append((mediator.id, try packet.sealed(with: key, grantID: mediator.id)))
        }
        return result
    }

    /// Ends every mediator's access at once ("nothing leaves the collective" put back).
    func endMediators(_ file: CaseFile, on db: any Database) async throws {
        let live = try await CaseMediatorRecord.query(on: db).filter(\.$caseFile.$id == file.id).filter(\.$revokedAt == nil)
            .all()
        try await MediationRequests.withdraw(mediators: live.compactMap(\.id), now: now, on: db)
        try await CaseMediatorRecord.query(on: db).filter(\.$caseFile.$id == file.id).filter(\.$revokedAt == nil)
            .set(\.$revokedAt, to: now).set(\.$inviteHash, to: nil).set(\.$sessionHash, to: nil).set(\.$grantKey, to: nil)
            .set(\.$packet, to: nil).update()
    }

    func revokeMediator(_ file: CaseFile, _ id: UUID, by userID: UUID) async throws {
        guard let mediator = try await mediators(file).first(where: { $0.id == id }), mediator.record.revokedAt == nil else {
            throw TejidoError.notFound
        }
        let me = file.person(userID: userID)?.id
        let consents = file.consents.filter {
            $0.consent.scope == .leaveCollective && $0.consent.participantID == id && $0.revokedAt == nil
        }.map(\.id)
        try await commit(file, .revokedMediator, by: userID) { db in
            try await CaseMediatorRecord.query(on: db).filter(\.$id == id).set(\.$revokedAt, to: now)
                .set(\.$inviteHash, to: nil).set(\.$sessionHash, to: nil).set(\.$grantKey, to: nil).set(\.$packet, to: nil)
                .update()
            if !consents.isEmpty {
                try await CaseConsentRecord.query(on: db).filter(\.$id ~~ consents).set(\.$revokedAt, to: now)
                    .set(\.$revokedBy, to: me).update()
            }
            try await MediationRequests.withdraw(mediators: [id], now: now, on: db)
            try await note(db, file, author: me, "record_mediator_revoked", ["name": mediator.grant.label])
        }
    }
}

/// The mediator's side: using the link, and what their browser's token opens.
struct MediationService {
    let database: any Database
    let keys: KeyRingStore
    let now: Date

    /// Whether a link is unused and still valid, so a spent one is not offered as if it worked.
    func isOpen(_ token: String) async throws -> Bool {
        guard token.count <= 128,
            let row = try await CaseMediatorRecord.query(on: database).filter(\.$inviteHash == SecretToken.hash(token))
                .first()
        else { return false }
        return row.redeemedAt == nil && row.isActive(at: now)
    }

    /// Uses a link once: returns the browser token to keep in a cookie. The grant's key moves from
    /// under the link's secret to under the browser token's.
    func redeem(_ token: String) async throws -> String {
        guard token.count <= 128,
            let row = try await CaseMediatorRecord.query(on: database).filter(\.$inviteHash == SecretToken.hash(token))
                .first(),
            row.redeemedAt == nil, row.isActive(at: now), let grantID = row.id,
            let grantKey = MediatorKeys.open(row, caseID: row.$caseFile.id, secret: token, keys: keys),
            let box = try await CaseStore.dropBox(row.$caseFile.id, on: database)
        else { throw TejidoError.notFound }
        let browser = SecretToken.generate()
        let (locked, keyID) = try MediatorKeys.lock(
            grantKey, grantID: grantID, caseID: row.$caseFile.id, secret: browser.value, keys: keys)
        let keys = self.keys
        try await database.transaction { db in
            // Only one use wins, even if two arrive at once.
            let used = try await CaseMediatorRecord.query(on: db).filter(\.$id == grantID)
                .filter(\.$inviteHash == SecretToken.hash(token)).filter(\.$redeemedAt == nil).count()
            guard used == 1 else { throw TejidoError.notFound }
            try await CaseMediatorRecord.query(on: db).filter(\.$id == grantID).set(\.$inviteHash, to: nil)
                .set(\.$sessionHash, to: browser.storedHash).set(\.$redeemedAt, to: now)
                .set(\.$grantKey, to: locked).set(\.$keyID, to: keyID).update()
            try await CaseStore(database: db, keys: keys).log(.mediatorJoined, box: box, userID: nil, at: now)
            // Used: a connected collective that passed it on takes it off its care team's list.
            try await MediationRequests.withdraw(mediators: [grantID], now: now, on: db)
        }
        return browser.value
    }

    /// The mediator writes to the case's team (everyone in it but the respondent): sealed to the
    /// case's public key, so neither the mediator nor the server can read it back.
    func write(_ text: String, label: String, into held: Held) async throws {
        let cases = CaseService(database: database, keys: keys, now: now)
        try await database.transaction { db in
            try await cases.dropEntry(
                db, held.box, EntryBody(kind: .note, visibility: .caseTeam, text: text, values: ["by_mediator": label]),
                logging: .mediatorWrote, by: nil)
        }
    }

    /// What a mediator's browser holds: the grant, its copy of the entries (opened with the
    /// browser's token), and what the access policy needs of the case — which stays sealed.
    struct Held {
        let row: CaseMediatorRecord
        let packet: MediatorPacket
        let record: CaseRecord
        let box: CaseDropBox
    }

    /// The grant a browser token holds; nil when it holds none that exists or opens.
    func grant(_ grantID: UUID, token: String) async throws -> Held? {
        guard let row = try await CaseMediatorRecord.query(on: database).filter(\.$id == grantID).first(),
            let record = try await CaseRecord.query(on: database).filter(\.$id == row.$caseFile.id)
                .filter(\.$deletedAt == nil).first(),
            let box = CaseStore.dropBox(record)
        else { return nil }
        // An expired grant's key is destroyed the first time its browser comes back.
        if !row.isActive(at: now) {
            if row.grantKey != nil {
                try await CaseMediatorRecord.query(on: database).filter(\.$id == grantID).set(\.$grantKey, to: nil)
                    .set(\.$packet, to: nil).update()
            }
            return nil
        }
        guard let key = MediatorKeys.open(row, caseID: row.$caseFile.id, secret: token, keys: keys),
            let sealed = row.packet, let packet = try? MediatorPacket.open(sealed, with: key, grantID: grantID)
        else { return nil }
        return Held(row: row, packet: packet, record: record, box: box)
    }
}

/// A mediator grant's key, wrapped under a link's or browser token's secret and locked with the
/// instance key, like every other wrap.
enum MediatorKeys {
    static func holder(_ grantID: UUID) -> String { "mediator:\(grantID)" }

    static func lock(
        _ grantKey: SymmetricKey, grantID: UUID, caseID: UUID, secret: String, keys: KeyRingStore
    ) throws -> (Data, String) {
        let wrap = try CaseKeyWrap.wrap(grantKey, scope: caseID, holder: holder(grantID), secret: secret)
        return try keys.current.lock(wrap, label: KeyWraps.forCases(keys).lockLabel(caseID, holder(grantID)))
    }

    static func open(_ row: CaseMediatorRecord, caseID: UUID, secret: String, keys: KeyRingStore) -> SymmetricKey? {
        guard let grantID = row.id, let locked = row.grantKey, let keyID = row.keyID,
            let wrap = try? keys.ring(holding: keyID).unlock(
                locked, keyID: keyID, label: KeyWraps.forCases(keys).lockLabel(caseID, holder(grantID)))
        else { return nil }
        return try? CaseKeyWrap.unwrap(wrap, scope: caseID, holder: holder(grantID), secret: secret)
    }
}
