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
    /// Returns the link's token, shown once.
    /// `agreement`: how the person harmed agreed, when someone acting for her invites; nil when
    /// she invites herself (or when nobody said, which is refused).
    func inviteMediator(
        _ file: CaseFile, _ grant: MediatorGrant, days: Int, agreement: CaseConsent.Manner?, by reader: CaseFile.Person,
        userID: UUID
    ) async throws -> String {
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
        let row = try sealedRow(CaseMediatorRecord.self, in: file, grant, field: "mediator")
        let id = try row.requireID()
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
        return token.value
    }

    /// Ends every mediator's access at once ("nothing leaves the collective" put back).
    func endMediators(_ file: CaseFile, on db: any Database) async throws {
        try await CaseMediatorRecord.query(on: db).filter(\.$caseFile.$id == file.id).filter(\.$revokedAt == nil)
            .set(\.$revokedAt, to: now).set(\.$inviteHash, to: nil).update()
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
                .set(\.$inviteHash, to: nil).update()
            if !consents.isEmpty {
                try await CaseConsentRecord.query(on: db).filter(\.$id ~~ consents).set(\.$revokedAt, to: now)
                    .set(\.$revokedBy, to: me).update()
            }
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

    /// Uses a link once: returns the browser token to keep in a cookie.
    func redeem(_ token: String) async throws -> String {
        guard token.count <= 128,
            let row = try await CaseMediatorRecord.query(on: database).filter(\.$inviteHash == SecretToken.hash(token))
                .first(),
            row.redeemedAt == nil, row.isActive(at: now)
        else { throw TejidoError.notFound }
        let browser = SecretToken.generate()
        guard
            let record = try await CaseRecord.query(on: database).filter(\.$id == row.$caseFile.id)
                .filter(\.$deletedAt == nil).first(),
            let file = try await CaseStore(database: database, keys: keys).unseal(record)
        else { throw TejidoError.notFound }
        try await database.transaction { db in
            // Only one use wins, even if two arrive at once.
            let used = try await CaseMediatorRecord.query(on: db).filter(\.$id == row.requireID())
                .filter(\.$inviteHash == SecretToken.hash(token)).filter(\.$redeemedAt == nil).count()
            guard used == 1 else { throw TejidoError.notFound }
            try await CaseMediatorRecord.query(on: db).filter(\.$id == row.requireID()).set(\.$inviteHash, to: nil)
                .set(\.$sessionHash, to: browser.storedHash).set(\.$redeemedAt, to: now).update()
            try await CaseStore(database: db, keys: keys).log(.mediatorJoined, vault: file.vault, userID: nil, at: now)
        }
        return browser.value
    }

    /// The grant a browser token holds, with its case unsealed; nil when it holds none that exists.
    func grant(_ grantID: UUID) async throws -> (CaseMediatorRecord, MediatorGrant, CaseFile)? {
        guard let row = try await CaseMediatorRecord.query(on: database).filter(\.$id == grantID).first(),
            let record = try await CaseRecord.query(on: database).filter(\.$id == row.$caseFile.id)
                .filter(\.$deletedAt == nil).first(),
            let file = try await CaseStore(database: database, keys: keys).unseal(record),
            let grant = file.open(MediatorGrant.self, row.body, field: "mediator", row: grantID)
        else { return nil }
        return (row, grant, file)
    }
}
