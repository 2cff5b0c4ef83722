import Fluent
import SQLKit
import TejidoCore
import Vapor

/// Single-use, expiring invitations. The link's token is shown once and stored only as a hash.
struct InviteService {
    let database: any Database
    let now: Date

    struct Issued {
        let invite: InviteRecord
        let token: SecretToken
    }

    func issue(
        collectiveID: UUID, role: CollectiveRole, days: Int, createdBy: UUID, label: String? = nil,
        requestNonce: String? = nil
    ) async throws -> Issued {
        let token = SecretToken.generate()
        let invite = InviteRecord(
            collectiveID: collectiveID, tokenHash: token.storedHash, role: role, createdBy: createdBy,
            createdAt: now, expiresAt: now.addingTimeInterval(TimeInterval(days) * 86_400))
        invite.label = label
        invite.requestNonce = requestNonce
        try await invite.save(on: database)
        return Issued(invite: invite, token: token)
    }

    /// Whether the form with this random value already made a link (it was sent twice: a reload).
    func alreadyIssued(requestNonce: String, in collectiveID: UUID) async throws -> Bool {
        try await InviteRecord.query(on: database).filter(\.$requestNonce == requestNonce)
            .filter(\.$collective.$id == collectiveID).count() > 0
    }

    func open(in collectiveID: UUID) async throws -> [InviteRecord] {
        try await InviteRecord.query(on: database)
            .filter(\.$collective.$id == collectiveID)
            .filter(\.$usedAt == nil)
            .filter(\.$revokedAt == nil)
            .filter(\.$expiresAt > now)
            .sort(\.$createdAt, .descending)
            .all()
    }

    func find(_ inviteID: UUID, in collectiveID: UUID) async throws -> InviteRecord? {
        try await InviteRecord.query(on: database)
            .filter(\.$id == inviteID).filter(\.$collective.$id == collectiveID).first()
    }

    func revoke(_ invite: InviteRecord) async throws {
        invite.revokedAt = now
        try await invite.save(on: database)
    }

    /// The usable invite behind a link, with its collective; nil for any unusable link, whatever the reason.
    func usable(token: String) async throws -> InviteRecord? {
        guard token.count <= 128,
            let invite = try await InviteRecord.query(on: database)
                .filter(\.$tokenHash == SecretToken.hash(token)).with(\.$collective).first(),
            InviteRules.isUsable(expiresAt: invite.expiresAt, usedAt: invite.usedAt, revokedAt: invite.revokedAt, now: now)
        else { return nil }
        return invite
    }

    /// Marks the invite used and adds the membership, in the caller's transaction. The conditional
    /// update makes two simultaneous uses of one link impossible: only one can flip `used_at`.
    func redeem(_ invite: InviteRecord, userID: UUID, on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { throw TejidoError.notFound }
        let claimed = try await sql.raw(
            """
            UPDATE invites SET used_at = \(bind: now) WHERE id = \(bind: invite.requireID())
            AND used_at IS NULL AND revoked_at IS NULL RETURNING id
            """
        ).all()
        guard claimed.count == 1 else { throw TejidoError.notFound }
        let collectiveID = invite.$collective.id
        guard try await MembershipQueries(database: db).find(userID: userID, in: collectiveID) == nil else {
            throw TejidoError.conflict(messageKey: "error_invite_already_member")
        }
        try await MembershipRecord(userID: userID, collectiveID: collectiveID, role: invite.role, joinedAt: now).save(on: db)
    }
}
