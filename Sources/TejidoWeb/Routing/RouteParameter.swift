import Foundation
import TejidoCore
import Vapor

/// The values a route takes from its address. A route is registered with a parameter's
/// placeholder (`SiteURL.casePattern(.person(.placeholder(.itemID)))`) and its handler reads the
/// same case (`req.uuidParameter(.itemID)`), so the two cannot drift apart.
enum RouteParameter: String, CaseIterable, Sendable {
    case slug
    case membershipID
    case inviteID
    case token
    case format
    /// A protocol version's number.
    case number
    case block
    case harm
    case concernID
    /// A directory entry.
    case entryID
    case caseID
    /// A row inside a case (a person, entry, task, consent, pod-map line) or an agenda item.
    case itemID
    case meetingID
    case activityID
    case sessionID
    case lessonID
    case scenarioID
    /// A connection to a paired collective (issue 18), shared by both instances.
    case connectionID
    case kind

    /// How the route's path names it.
    var placeholder: String { ":" + rawValue }
}

extension String {
    /// A route parameter's placeholder, where a `SiteURL` takes a value: `.placeholder(.slug)`.
    static func placeholder(_ parameter: RouteParameter) -> String { parameter.placeholder }
}

extension Parameters {
    func get(_ parameter: RouteParameter) -> String? { get(parameter.rawValue) }
    func get<T: LosslessStringConvertible>(_ parameter: RouteParameter, as type: T.Type) -> T? {
        get(parameter.rawValue, as: type)
    }
}

extension Request {
    /// A parameter that must be an id; anything else is "not found".
    func uuidParameter(_ parameter: RouteParameter) throws -> UUID {
        guard let raw = parameters.get(parameter), let id = UUID(uuidString: raw) else { throw TejidoError.notFound }
        return id
    }
}
