import Fluent
import SQLKit
import TejidoCore
import Vapor

/// Signed-in sessions: start at sign-in (always a fresh token), load on each request, end on sign
/// out, quick exit, passphrase change or "sign out everywhere".
enum SessionStore {
    static func load(into request: Request) async throws {
        guard let token = request.cookies[request.services.cookies.session]?.string, !token.isEmpty, token.count <= 128 else {
            return
        }
        // Until the session is found alive, this browser's sign-in has ended.
        request.context.sessionEnded = true
        // Every signed-in page starts here, so it is one plain query: the session, its account,
        // and each collective the account belongs to (one row per membership).
        let sql = try request.sql
        let rows = try await sql.raw(
            """
            SELECT s.id AS session_id, s.created_at AS session_created_at, s.last_seen_at AS session_last_seen_at,
            s.current_collective_id AS session_collective_id, s.sealed_key AS session_sealed_key, u.id AS user_id, u.username AS user_username,
            u.language AS user_language, u.neutral_titles AS user_neutral_titles, m.role AS membership_role,
            ak.recovery_key IS NOT NULL AS user_has_recovery_code, c.*
            FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN account_keys ak ON ak.user_id = u.id
            LEFT JOIN memberships m ON m.user_id = u.id LEFT JOIN collectives c ON c.id = m.collective_id
            WHERE s.token_hash = \(bind: SecretToken.hash(token))
            """
        ).all()
        guard let row = rows.first else { return }
        let sessionID = try row.decode(column: "session_id", as: UUID.self)
        let lastSeenAt = try row.decode(column: "session_last_seen_at", as: Date.self)
        let now = request.now
        let lifetime = request.services.sessionLifetime
        guard
            lifetime.isAlive(
                createdAt: try row.decode(column: "session_created_at", as: Date.self), lastSeenAt: lastSeenAt, now: now)
        else {
            try await sql.delete(from: UserSessionRecord.schema).where("id", .equal, SQLBind(sessionID)).run()
            return
        }
        if lifetime.shouldRecordActivity(lastSeenAt: lastSeenAt, now: now) {
            try await sql.update(UserSessionRecord.schema).set("last_seen_at", to: SQLBind(now))
                .where("id", .equal, SQLBind(sessionID)).run()
        }
        let userID = try row.decode(column: "user_id", as: UUID.self)
        // The person's key, which opens their cases, opens only with this cookie's token. A session
        // whose copy is missing (begun before keys existed) or does not open has ended.
        guard let sealedKey = try row.decode(column: "session_sealed_key", as: Data?.self),
            let personalKey = try? PersonalKey.openSession(sealedKey, token: token, owner: userID)
        else {
            try await sql.delete(from: UserSessionRecord.schema).where("id", .equal, SQLBind(sessionID)).run()
            return
        }
        let memberships = try MembershipQueries.summaries(from: rows)
        let context = request.context
        context.sessionEnded = false
        context.user = SignedInUser(
            id: userID, username: try row.decode(column: "user_username", as: String.self),
            language: try row.decode(column: "user_language", as: String?.self).flatMap(Language.init(rawValue:)),
            neutralTitles: try row.decode(column: "user_neutral_titles", as: Bool.self))
        context.sessionID = sessionID
        context.opener = .person(userID: userID, key: personalKey)
        context.hasRecoveryCode = try row.decode(column: "user_has_recovery_code", as: Bool.self)
        context.memberships = memberships
        context.currentCollectiveID = try row.decode(column: "session_collective_id", as: UUID?.self)
        context.actor = Actor(
            userID: userID,
            memberships: Dictionary(
                memberships.map { ($0.collectiveID, $0.role) }, uniquingKeysWith: { first, _ in first }))
    }

    /// Starts a session for `userID`, replacing any this browser had, and sets its cookie on
    /// `response`. The person's key is kept for the session only sealed under the cookie's token.
    static func start(
        userID: UUID, key: PersonalKey, collectiveID: UUID?, on request: Request, response: Response
    ) async throws {
        try await end(on: request, response: nil)
        let token = SecretToken.generate()
        let record = UserSessionRecord(
            tokenHash: token.storedHash, userID: userID, currentCollectiveID: collectiveID,
            createdAt: request.now)
        record.sealedKey = try key.sealedForSession(token: token.value, owner: userID)
        try await record.save(on: request.db)
        let cookies = request.services.cookies
        response.cookies[cookies.session] = cookies.value(token.value)
        CSRFMiddleware.rotate(on: request)
    }

    /// Ends this browser's session, if any, and clears its cookie.
    static func end(on request: Request, response: Response?) async throws {
        if let token = request.cookies[request.services.cookies.session]?.string {
            try await UserSessionRecord.query(on: request.db).filter(\.$tokenHash == SecretToken.hash(token)).delete()
        }
        if let response {
            response.cookies[request.services.cookies.session] = request.services.cookies.expired
            // Leaving also ends an outside mediator's access on this device, and a copy of the cookie.
            if let token = request.cookies[request.services.cookies.mediator]?.string {
                try await CaseMediatorRecord.query(on: request.db).filter(\.$sessionHash == SecretToken.hash(token))
                    .set(\.$sessionHash, to: nil).update()
                response.cookies[request.services.cookies.mediator] = request.services.cookies.expired
            }
            CSRFMiddleware.rotate(on: request)
        }
    }

    static func endAll(userID: UUID, on database: any Database) async throws {
        try await UserSessionRecord.query(on: database).filter(\.$user.$id == userID).delete()
    }

    static func remember(collectiveID: UUID, on request: Request) async throws {
        guard let sessionID = request.context.sessionID, request.context.currentCollectiveID != collectiveID else { return }
        try await UserSessionRecord.query(on: request.db).filter(\.$id == sessionID)
            .set(\.$currentCollectiveID, to: collectiveID).update()
        request.context.currentCollectiveID = collectiveID
    }
}
