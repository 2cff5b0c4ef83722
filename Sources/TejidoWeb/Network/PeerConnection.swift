import Foundation
import TejidoCore

/// What this instance knows about the other side of a connection. Sealed at rest as a whole: a
/// copy of the database without the key file shows that connections exist, not with whom.
struct PeerDetails: Codable, Sendable, Equatable {
    /// Where the peer answers; the only address Tejido ever calls for this connection.
    var base: PeerBaseURL
    var keys: PeerPublicKeys
    /// The peer's keys before its last rotation, still accepted until the next one.
    var previousKeys: PeerPublicKeys?
    /// The other collective's name, as its admins gave it.
    var name: String
    /// Our own fingerprint as the peer last acknowledged it; after `keys rotate`, until the peer
    /// has heard of the new one, the previous key cannot be pruned.
    var knownAs: PeerFingerprint
    /// The eight digits both admins compared, fixed when the two sides paired.
    var code: String
}

/// One side's view of a connection, opened from its row.
struct PeerConnection: Sendable, Equatable {
    let id: UUID
    let collectiveID: UUID
    /// True on the side that created the invitation.
    let invited: Bool
    var state: PeerConnectionState
    var details: PeerDetails
    /// What this side sends to the peer, and what it takes from the peer.
    var sends: Set<PeerScope>
    var accepts: Set<PeerScope>
    /// What the peer last said it takes: nothing outside it is sent.
    var peerAccepts: Set<PeerScope>
    let createdAt: Date
    var changedAt: Date
    /// The state this copy was read in. Saving writes only if the row is still in it, so a
    /// message that raced an admin's pause or end can never write the old state back.
    var readState: PeerConnectionState? = nil

    /// Whether this side sends messages of `scope` now.
    func sends(_ scope: PeerScope) -> Bool {
        state.sends && sends.contains(scope) && peerAccepts.contains(scope)
    }

    /// The keys a signature from the peer may name: its current ones, and during its rotation
    /// the previous ones.
    func signingKey(for keyID: String) -> PeerPublicKeys? {
        [details.keys, details.previousKeys].compactMap { $0 }.first { $0.fingerprint.hex == keyID }
    }

    /// What the access policy decides a message on.
    func facts(for kind: PeerMessageKind) -> PeerMessageFacts {
        PeerMessageFacts(collectiveID: collectiveID, connectionID: id, kind: kind, state: state, accepts: accepts)
    }
}
