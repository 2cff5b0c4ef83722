/// The pages below `/c/SLUG/shared`: what connected collectives share with this one, and what
/// it shares with them (issue 18). Ids are strings so a route can be registered with a placeholder.
enum SharedPath: Equatable {
    /// Protocols received from connected collectives.
    case protocols
    case sharedProtocol(String)
    /// One received protocol beside our adopted one, with the protocol diff.
    case compare(String)
    /// Starting a new draft from a received protocol (POST).
    case draftFrom(String)
    /// Copying a connected collective's directory entry into ours (POST).
    case copyEntry(String)
    /// Sharing one of our directory entries, or no longer (POST).
    case shareEntry(String)
    /// The directory of collectives.
    case collectives
    /// Our own entry in it.
    case ownEntry
    /// Requests from connected collectives to find an outside mediator (their care team's list).
    case mediationRequests
    /// Taking one off that list (POST).
    case removeMediationRequest(String)

    var path: String {
        switch self {
        case .protocols: "/protocols"
        case .sharedProtocol(let id): "/protocols/\(id)"
        case .compare(let id): "/protocols/\(id)/compare"
        case .draftFrom(let id): "/protocols/\(id)/draft"
        case .copyEntry(let id): "/directory/\(id)/copy"
        case .shareEntry(let id): "/our-directory/\(id)/share"
        case .collectives: "/collectives"
        case .ownEntry: "/our-entry"
        case .mediationRequests: "/mediation"
        case .removeMediationRequest(let id): "/mediation/\(id)/remove"
        }
    }

    static func pattern(_ page: (String) -> SharedPath) -> SiteURL {
        .shared(slug: .placeholder(.slug), page(.placeholder(.itemID)))
    }

    static func pattern(_ page: SharedPath) -> SiteURL { .shared(slug: .placeholder(.slug), page) }
}
