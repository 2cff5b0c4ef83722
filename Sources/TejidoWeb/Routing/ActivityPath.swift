/// The pages below `/c/SLUG/activities`. Ids are strings so a route can be registered with a
/// parameter's placeholder (`ActivityPath.pattern`).
enum ActivityPath: Equatable {
    /// What is on: upcoming sessions first (`?past=1` for those that ended).
    case list
    /// Creating an activity, or starting a group.
    case new
    case activity(String)
    case sessions(String)
    case coming(String, session: String)
    case attendance(String, session: String)
    case join(String)
    /// Answering one person's request to join: the id is theirs.
    case request(String, person: String)
    case notes(String)
    case leave(String)

    var path: String {
        switch self {
        case .list: ""
        case .new: "/new"
        case .activity(let id): "/\(id)"
        case .sessions(let id): "/\(id)/sessions"
        case .coming(let id, let session): "/\(id)/sessions/\(session)/coming"
        case .attendance(let id, let session): "/\(id)/sessions/\(session)/attendance"
        case .join(let id): "/\(id)/join"
        case .request(let id, let person): "/\(id)/requests/\(person)"
        case .notes(let id): "/\(id)/notes"
        case .leave(let id): "/\(id)/leave"
        }
    }

    /// The route pattern for a page of one activity.
    static func pattern(_ page: (String) -> ActivityPath) -> SiteURL {
        .activities(slug: .placeholder(.slug), page(.placeholder(.activityID)))
    }

    static func sessionPattern(_ page: (String, String) -> ActivityPath) -> SiteURL {
        .activities(slug: .placeholder(.slug), page(.placeholder(.activityID), .placeholder(.sessionID)))
    }
}
