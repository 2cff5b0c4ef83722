import Foundation

/// The object an action is aimed at, carrying what the policy needs to place it: the account it
/// belongs to or the collective it lives in. Loaded before the policy runs.
public enum AccessResource: Sendable, Equatable {
    case publicPages
    case account(userID: UUID)
    case collective(id: UUID)
    case membership(collectiveID: UUID, userID: UUID)
    case invite(collectiveID: UUID)
    case publishedProtocol(collectiveID: UUID, isPublished: Bool)
    case caseFile(CaseFacts)
    case mediation(MediationFacts)
    case activity(ActivityFacts)
    case lesson(LessonFacts)
    case peerMessage(PeerMessageFacts)

    var collectiveID: UUID? {
        switch self {
        case .publicPages, .account: nil
        case .collective(let id): id
        case .membership(let id, _), .invite(let id), .publishedProtocol(let id, _): id
        case .caseFile(let facts): facts.collectiveID
        case .mediation(let facts): facts.collectiveID
        case .activity(let facts): facts.collectiveID
        case .lesson(let facts): facts.collectiveID
        case .peerMessage(let facts): facts.collectiveID
        }
    }
}
