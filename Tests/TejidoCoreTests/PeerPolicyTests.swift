import Foundation
import Testing

@testable import TejidoCore

@Suite("Messages from paired instances, in the access policy")
struct PeerPolicyTests {
    static let collective = UUID()
    static let connection = UUID()

    static func facts(
        kind: PeerMessageKind = .protocols, state: PeerConnectionState = .active, accepts: Set<PeerScope> = PeerScope.defaults
    ) -> AccessResource {
        .peerMessage(
            PeerMessageFacts(collectiveID: collective, connectionID: connection, kind: kind, state: state, accepts: accepts))
    }

    @Test("a verified peer delivers on its own connection, while it is active, in a scope this side accepts")
    func allowed() {
        let peer = Actor(userID: nil, peerConnection: Self.connection)
        #expect(AccessPolicy.decide(peer, .receivePeerMessage, Self.facts()) == .allow)
        #expect(AccessPolicy.decide(peer, .receivePeerMessage, Self.facts(kind: .ended)) == .allow)
    }

    @Test("anything else is hidden: another connection, a person, a paused or ended connection, a scope not taken")
    func refused() {
        let peer = Actor(userID: nil, peerConnection: Self.connection)
        let stranger = Actor(userID: nil, peerConnection: UUID())
        #expect(AccessPolicy.decide(stranger, .receivePeerMessage, Self.facts()) == .hidden)
        #expect(AccessPolicy.decide(.visitor, .receivePeerMessage, Self.facts()) == .hidden)
        // A signed-in person can never be a peer, whatever the connection id says.
        let person = Actor(userID: UUID(), memberships: [Self.collective: .admin], peerConnection: Self.connection)
        #expect(person.peerConnection == nil)
        #expect(AccessPolicy.decide(person, .receivePeerMessage, Self.facts()) == .hidden)
        for state in [PeerConnectionState.paused, .ended, .awaitingAcceptance] {
            #expect(AccessPolicy.decide(peer, .receivePeerMessage, Self.facts(state: state)) == .hidden, "\(state)")
        }
        #expect(AccessPolicy.decide(peer, .receivePeerMessage, Self.facts(kind: .alert)) == .hidden, "alerts not accepted")
        // An acceptance heard again once active is taken (its first reply was lost); never while paused.
        #expect(AccessPolicy.decide(peer, .receivePeerMessage, Self.facts(kind: .accepted)) == .allow, "already active")
        #expect(AccessPolicy.decide(peer, .receivePeerMessage, Self.facts(kind: .accepted, state: .paused)) == .hidden)
        #expect(Self.factsValue(kind: .alert).refusal == .scopeNotGranted)
        #expect(Self.factsValue(state: .paused).refusal == .notActive)
    }

    static func factsValue(kind: PeerMessageKind = .protocols, state: PeerConnectionState = .active) -> PeerMessageFacts {
        PeerMessageFacts(
            collectiveID: collective, connectionID: connection, kind: kind, state: state, accepts: PeerScope.defaults)
    }
}
