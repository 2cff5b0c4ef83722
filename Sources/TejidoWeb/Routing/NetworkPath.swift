/// The pages below `/c/SLUG/network`: the collective's connections to collectives on other
/// instances (issue 18). Ids are strings so a route can be registered with a placeholder.
enum NetworkPath: Equatable {
    /// The instance's fingerprint, the connections, invitations, and counts of refused requests.
    case home
    /// Creating a pairing invitation (POST).
    case invitations
    case withdrawInvitation(String)
    /// Pasting an invitation another collective sent (POST).
    case join
    case connection(String)
    case accept(String)
    case pause(String)
    case resume(String)
    case end(String)
    /// What this side sends and accepts (POST).
    case scopes(String)
    /// Matching circles (issue 19): the collective's circles, and proposing one (POST).
    case matching
    /// Joining or declining a proposed circle (POST, `answer=join|decline`).
    case circleAnswer(String)
    /// Leaving a circle: it goes on without this collective, or ends for everyone when it cannot (POST).
    case circleLeave(String)
    /// The founder inviting one more paired collective into a running circle (POST, `connection`).
    case circleInvite(String)
    /// A member's admins agreeing to a collective joining, or refusing it; the founder's withdrawing
    /// the invitation (POST, `answer=agree|refuse|withdraw`).
    case circleChange(String)
    /// A key holder replacing its key: the circle's next version, signed again by everyone (POST).
    case circleReplaceKey(String)

    var path: String {
        switch self {
        case .home: ""
        case .invitations: "/invitations"
        case .withdrawInvitation(let id): "/invitations/\(id)/withdraw"
        case .join: "/join"
        case .connection(let id): "/\(id)"
        case .accept(let id): "/\(id)/accept"
        case .pause(let id): "/\(id)/pause"
        case .resume(let id): "/\(id)/resume"
        case .end(let id): "/\(id)/end"
        case .scopes(let id): "/\(id)/scopes"
        case .matching: "/matching"
        case .circleAnswer(let id): "/matching/\(id)/answer"
        case .circleLeave(let id): "/matching/\(id)/leave"
        case .circleInvite(let id): "/matching/\(id)/invite"
        case .circleChange(let id): "/matching/\(id)/change"
        case .circleReplaceKey(let id): "/matching/\(id)/replace-key"
        }
    }

    static func pattern(_ page: (String) -> NetworkPath) -> SiteURL {
        .network(slug: .placeholder(.slug), page(.placeholder(.itemID)))
    }
}

/// The peer API, below `/peer/v1`: what other instances call. Described in `docs/peer-api.json`,
/// which a test keeps true to these routes.
enum PeerPath: Equatable {
    case invitationDocument(token: String)
    case invitationPair(token: String)
    case message(connection: String, kind: String)

    var path: String {
        switch self {
        case .invitationDocument(let token): "/peer/v1/invitations/\(token)/document"
        case .invitationPair(let token): "/peer/v1/invitations/\(token)/pair"
        case .message(let connection, let kind): "/peer/v1/c/\(connection)/\(kind)"
        }
    }

    static let prefix = "/peer/"
    static func isPeerPath(_ path: String) -> Bool { path.hasPrefix(prefix) }
}
