import Foundation
import TejidoCore
import Vapor

/// The signed-in person as pages need them. Never a Fluent model.
struct SignedInUser: Sendable {
    let id: UUID
    let username: String
    let language: Language?
    let neutralTitles: Bool
}

/// A collective the actor belongs to, as the page chrome shows it.
struct MembershipSummary: Sendable {
    let collectiveID: UUID
    let name: String
    let slug: String
    let role: CollectiveRole
    let exitURL: String?
    /// The collective as the session read it, for pages inside that collective to use without
    /// reading it again.
    var stored: StoredCollective? = nil
}

/// What the middleware learned about this request: who is asking, in what language, with which
/// form token. Filled by `SessionMiddleware` and `CSRFMiddleware`.
final class RequestContext: @unchecked Sendable {
    var actor: Actor = .visitor
    var user: SignedInUser?
    var sessionID: UUID?
    /// The signed-in person with the key their session holds, to open their cases.
    var opener: CaseOpener = .nobody
    /// Whether the signed-in person has made a recovery code (read with the session).
    var hasRecoveryCode = false
    var currentCollectiveID: UUID?
    var memberships: [MembershipSummary] = []
    var language: Language = .en
    var csrfToken: String = ""
    /// Set when a handler asks the access policy; a route that answers without asking is refused.
    var policyConsulted = false
    /// The browser sent a session that has ended (timed out, or signed out elsewhere).
    var sessionEnded = false

    var currentMembership: MembershipSummary? {
        memberships.first { $0.collectiveID == currentCollectiveID } ?? memberships.first
    }
}

extension Request {
    private struct ContextKey: StorageKey { typealias Value = RequestContext }

    var context: RequestContext {
        if let existing = storage[ContextKey.self] { return existing }
        let created = RequestContext()
        storage[ContextKey.self] = created
        return created
    }

    /// The browser's `DeviceCookie`, if it has one.
    var deviceCookie: String? { cookies[services.cookies.device]?.string }

    /// The client's address: the socket peer, or the proxy's X-Forwarded-For when Tejido is
    /// configured to sit behind one (taken from the right, the entry the proxy itself added).
    var clientAddress: String {
        if services.config.behindTLSProxy,
            let forwarded = headers.first(name: "X-Forwarded-For")?.split(separator: ",").last
        {
            return forwarded.trimmingCharacters(in: .whitespaces)
        }
        return remoteAddress?.ipAddress ?? "unknown"
    }

    /// Whether the request comes from the server itself. A request that passed through a proxy the
    /// operator has not declared is never local, even though its socket peer is 127.0.0.1.
    var isFromLoopback: Bool {
        if !services.config.behindTLSProxy,
            ["X-Forwarded-For", "Forwarded", "X-Real-IP", "Via"].contains(where: { headers.first(name: $0) != nil })
        {
            return false
        }
        let address = clientAddress
        return address.hasPrefix("127.") || address == "::1" || address.hasPrefix("::ffff:127.")
    }

    /// Asks the access policy; throws the matching domain error unless allowed.
    func authorize(_ action: AccessAction, _ resource: AccessResource) throws {
        context.policyConsulted = true
        switch AccessPolicy.decide(context.actor, action, resource) {
        case .allow: return
        case .signInRequired: throw TejidoError.signInRequired
        case .forbidden: throw TejidoError.forbidden
        case .hidden: throw TejidoError.notFound
        }
    }

    /// The signed-in user, or a redirect to sign in.
    func requireUser() throws -> SignedInUser {
        guard let user = context.user else { throw TejidoError.signInRequired }
        return user
    }
}
