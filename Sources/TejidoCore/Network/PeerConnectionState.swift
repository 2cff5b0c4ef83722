import Foundation

/// Where a connection between two collectives stands, as one side sees it. Each side keeps its
/// own: either can pause or end at once, without the other's cooperation.
public enum PeerConnectionState: String, Codable, Sendable, CaseIterable {
    /// The inviting side has a request; its admin compares the code, then accepts or declines.
    case awaitingAcceptance = "awaiting_acceptance"
    /// The joining side sent its request and waits for the inviter to accept.
    case awaitingPeer = "awaiting_peer"
    case active
    /// Nothing is sent or received until this side resumes. The peer is not told.
    case paused
    /// Over for good: a new connection needs a new invitation.
    case ended

    /// Whether this side sends anything to the peer in this state.
    public var sends: Bool { self == .active }
}

/// Every kind of message one instance sends another, each at its own address under
/// `/peer/v1/c/{connection}/`, and what it needs from the receiving side's connection.
public enum PeerMessageKind: String, CaseIterable, Codable, Sendable {
    /// The inviter accepted: the joining side's connection becomes active.
    case accepted
    /// What the sender now accepts, so the other side knows what to send.
    case scopes
    /// The sender ended the connection (best effort: the receiver may never hear of it).
    case ended
    /// The sender rotated its instance key; signed by the old identity, carrying the new one.
    case keys
    case protocols = "protocol"
    case directory
    case collective
    case alert
    case mediation
    /// Repeat-harm matching (issue 19): forming a circle, a key holder's evaluation, records for
    /// the board, the board's weekly notices of matches, and — once survivors agree — the care
    /// teams' cards and sealed notes, to the board (`contact`) and from it (`relay`).
    case circle
    case evaluate
    case board
    case match
    case contact
    case relay

    /// The scope the receiving side must accept for this message; nil for the connection's own
    /// housekeeping, which every live connection takes.
    public var scope: PeerScope? {
        switch self {
        case .accepted, .scopes, .ended, .keys: nil
        case .protocols: .protocols
        case .directory: .directory
        case .collective: .collective
        case .alert: .alerts
        case .mediation: .mediation
        case .circle, .evaluate, .board, .match, .contact, .relay: .matching
        }
    }

    /// The states in which the receiver takes this message. A paused or ended connection takes
    /// nothing: to the peer it is as if the address did not exist.
    public func isReceived(in state: PeerConnectionState) -> Bool {
        switch self {
        // Again once active: the sender resends it until it hears back, and a lost reply must
        // not leave it resending to a 404 for ever.
        case .accepted: state == .awaitingPeer || state == .active
        // A paused side still hears that the peer ended: pausing must not keep what it shared.
        case .ended: state == .active || state == .awaitingPeer || state == .awaitingAcceptance || state == .paused
        case .keys, .scopes: state == .active || state == .awaitingPeer
        case .protocols, .directory, .collective, .alert, .mediation, .circle, .evaluate, .board, .match, .contact, .relay:
            state == .active
        }
    }
}

/// Why a request from another instance was refused. The sender only ever sees 404; the admins
/// see how many of each, per day, and nothing of what was sent.
public enum PeerRefusal: String, CaseIterable, Codable, Sendable {
    case unsigned
    case malformedSignature = "malformed_signature"
    case unknownConnection = "unknown_connection"
    case unknownKey = "unknown_key"
    case badSignature = "bad_signature"
    case expired
    case notYetValid = "not_yet_valid"
    case replay
    case digestMismatch = "digest_mismatch"
    case scopeNotGranted = "scope_not_granted"
    /// Paused or ended on this side, or not yet accepted.
    case notActive = "not_active"
    case oversized
    /// Signed correctly but not a message this release understands.
    case invalidBody = "invalid_body"
    case flood
    /// A pairing attempt with an unknown, expired or used invitation, or a wrong proof.
    case invitation
    /// Alerts over the per-peer quota: the peer is paused for the admins to look.
    case quota
}

/// What the access policy needs to decide on a message from a paired instance: which connection
/// the signature was verified for, the connection's state here, and what this side accepts.
public struct PeerMessageFacts: Sendable, Equatable {
    public let collectiveID: UUID
    public let connectionID: UUID
    public let kind: PeerMessageKind
    public let state: PeerConnectionState
    public let accepts: Set<PeerScope>

    public init(
        collectiveID: UUID, connectionID: UUID, kind: PeerMessageKind, state: PeerConnectionState, accepts: Set<PeerScope>
    ) {
        self.collectiveID = collectiveID
        self.connectionID = connectionID
        self.kind = kind
        self.state = state
        self.accepts = accepts
    }

    /// Why this message is refused, or nil when it is taken.
    public var refusal: PeerRefusal? {
        guard kind.isReceived(in: state) else { return .notActive }
        if let scope = kind.scope, !accepts.contains(scope) { return .scopeNotGranted }
        return nil
    }
}
