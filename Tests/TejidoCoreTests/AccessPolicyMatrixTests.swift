import Foundation
import Testing

@testable import TejidoCore

/// The whole role × action matrix, stated once. Any allowance the policy grants that this table
/// does not state — or any it withholds — fails here. Adding an action without a row fails too.
@Suite("Access policy matrix")
struct AccessPolicyMatrixTests {
    enum Who: String, CaseIterable {
        case visitor, outsider, member, careTeam, admin
    }

    static let own = UUID(uuidString: "00000000-0000-0000-0000-00000000000A")!
    static let other = UUID(uuidString: "00000000-0000-0000-0000-00000000000B")!
    static let collective = UUID(uuidString: "00000000-0000-0000-0000-0000000000C1")!
    static let elsewhere = UUID(uuidString: "00000000-0000-0000-0000-0000000000C2")!

    static func actor(_ who: Who) -> Actor {
        switch who {
        case .visitor: .visitor
        case .outsider: Actor(userID: own, memberships: [elsewhere: .admin])
        case .member: Actor(userID: own, memberships: [collective: .member])
        case .careTeam: Actor(userID: own, memberships: [collective: .careTeam])
        case .admin: Actor(userID: own, memberships: [collective: .admin])
        }
    }

    /// The resource each action is tried on, in the collective under test, aimed at someone else.
    static func resource(_ action: AccessAction) -> AccessResource {
        switch action {
        case .usePublicPages: .publicPages
        case .viewOwnAccount, .changeOwnPreferences, .changeOwnPassphrase, .logOutEverywhere, .deleteOwnAccount,
            .makeRecoveryCode:
            .account(userID: own)
        case .viewCollective, .viewMembers, .viewInvites, .createInvite, .editCollectiveSettings, .viewProtocol, .editProtocol,
            .proposeProtocolAdoption, .decideProtocolAdoption, .publishProtocol, .acknowledgeAgreement, .viewAcknowledgements,
            .raiseProtocolConcern, .viewProtocolConcerns, .viewDirectory, .viewPublicDirectory, .editDirectory, .editHelpPage,
            .openCase, .viewOwnWork, .viewAssembly, .proposeMotion, .takePosition, .manageAssembly, .viewSkills, .listOwnSkills,
            .manageSkills, .setAgreementReview, .viewReflections, .viewLessons, .viewPracticeScenarios,
            .managePracticeScenarios, .viewNetwork, .manageNetwork, .viewSharedProtocols, .draftFromSharedProtocol,
            .shareDirectoryEntries, .viewCollectivesDirectory, .editCollectiveEntry, .viewReceivedAlerts,
            .handleReceivedAlerts, .viewMediationRequests, .viewMatchingCircles, .manageMatchingCircles:
            .collective(id: collective)
        case .receivePeerMessage:
            // A message on an active connection that takes everything: only a verified peer of
            // that very connection may deliver it, and no person ever is one.
            .peerMessage(
                PeerMessageFacts(
                    collectiveID: collective, connectionID: other, kind: .alert, state: .active,
                    accepts: Set(PeerScope.allCases)))
        case .viewLesson, .editLesson, .approveLesson, .withdrawLesson:
            // Someone else's published lesson: members read it, and do nothing else to it.
            .lesson(LessonFacts(collectiveID: collective, authors: [other: .survivor], isPublished: true))
        case .viewPublishedProtocol:
            .publishedProtocol(collectiveID: collective, isPublished: false)
        case .viewMediation, .writeAsMediator:
            .mediation(MediationFacts(grantID: other, collectiveID: collective, isActive: true))
        case .leaveCollective:
            .membership(collectiveID: collective, userID: own)
        case .changeMemberRole, .removeMember:
            .membership(collectiveID: collective, userID: other)
        case .revokeInvite:
            .invite(collectiveID: collective)
        case .viewActivities, .createActivity, .startGroup:
            .collective(id: collective)
        case .viewOwnActivities:
            .account(userID: own)
        case .viewActivity, .sayComing, .planSessions, .recordAttendance, .viewWhoIsComing, .askToJoin, .decideJoining,
            .readGroupNotes, .writeGroupNotes, .leaveActivityGroup:
            // An activity someone else runs, joined by its group's choice, that the actor is not in.
            .activity(
                ActivityFacts(
                    collectiveID: collective, selfOrganised: false, joining: .byChoice, facilitators: [other],
                    members: [other]))
        default:
            // Case actions, tried on a case the actor is not in: whatever their collective role.
            .caseFile(
                CaseFacts(collectiveID: collective, participants: [other: CaseParticipation(role: .survivor)], stage: .support))
        }
    }

    /// A = allow, S = sign in first, F = forbidden (may know it exists), H = hidden (404).
    /// Columns: visitor, outsider (admin of another collective), member, care team, admin.
    static let table: [AccessAction: String] = [
        .usePublicPages: "AAAAA",
        .viewOwnAccount: "SAAAA",
        .changeOwnPreferences: "SAAAA",
        .changeOwnPassphrase: "SAAAA",
        .logOutEverywhere: "SAAAA",
        .makeRecoveryCode: "SAAAA",
        .deleteOwnAccount: "SAAAA",
        .viewCollective: "SHAAA",
        .leaveCollective: "SHAAA",
        .viewMembers: "SHFAA",
        .changeMemberRole: "SHFFA",
        .removeMember: "SHFFA",
        .viewInvites: "SHFFA",
        .createInvite: "SHFFA",
        .revokeInvite: "SHFFA",
        .editCollectiveSettings: "SHFFA",
        .viewProtocol: "SHAAA",
        .viewPublishedProtocol: "HHHHH",
        .editProtocol: "SHFAA",
        .proposeProtocolAdoption: "SHFAA",
        .decideProtocolAdoption: "SHFFA",
        .publishProtocol: "SHFFA",
        .acknowledgeAgreement: "SHAAA",
        .viewAcknowledgements: "SHFFA",
        .raiseProtocolConcern: "SHAAA",
        .viewProtocolConcerns: "SHFAA",
        .viewDirectory: "SHAAA",
        .viewPublicDirectory: "AAAAA",
        .editDirectory: "SHFAA",
        .editHelpPage: "SHFAA",
        .openCase: "SHAAA",
        .viewOwnWork: "SHAAA",
        .viewAssembly: "SHAAA",
        .proposeMotion: "SHAAA",
        .takePosition: "SHAAA",
        .manageAssembly: "SHFAA",
        .viewSkills: "SHAAA",
        .listOwnSkills: "SHAAA",
        // Names skills and records trainings; never reads who is listed.
        .manageSkills: "SHFAA",
        .setAgreementReview: "SHFAA",
        // The care team alone: an admin as such does not read how people felt about their cases.
        .viewReflections: "SHFAF",
        // Only the holder of that very grant: nobody here holds it, whatever their role.
        .viewMediation: "HHHHH",
        .writeAsMediator: "HHHHH",
        // Activities: what is on is every member's; inside one, only a place in it counts.
        .viewActivities: "SHAAA",
        .createActivity: "SHFAA",
        .startGroup: "SHAAA",
        .viewOwnActivities: "SAAAA",
        .viewActivity: "SHAAA",
        .sayComing: "SHFFF",
        .planSessions: "SHFFF",
        .recordAttendance: "SHFFF",
        .viewWhoIsComing: "SHFFF",
        .askToJoin: "SHAAA",
        .decideJoining: "SHFFF",
        .readGroupNotes: "SHFFF",
        .writeGroupNotes: "SHFFF",
        .leaveActivityGroup: "SHFFF",
        .viewLessons: "SHAAA",
        .viewLesson: "SHAAA",
        .editLesson: "SHFFF",
        .approveLesson: "SHFFF",
        .withdrawLesson: "SHFFF",
        .viewPracticeScenarios: "SHAAA",
        .managePracticeScenarios: "SHFAA",
        .viewNetwork: "SHFFA",
        .manageNetwork: "SHFFA",
        .viewMatchingCircles: "SHFFA",
        .manageMatchingCircles: "SHFFA",
        .receivePeerMessage: "HHHHH",
        .viewSharedProtocols: "SHFAA",
        .draftFromSharedProtocol: "SHFAA",
        .shareDirectoryEntries: "SHFAA",
        .viewCollectivesDirectory: "SHAAA",
        .editCollectiveEntry: "SHFFA",
        // Alerts from paired collectives: the care team alone, as with reflections.
        .viewReceivedAlerts: "SHFAF",
        .handleReceivedAlerts: "SHFAF",
        .viewMediationRequests: "SHFAF",
    ].merging(Dictionary(uniqueKeysWithValues: AccessAction.allCases.filter(\.isCaseAction).map { ($0, "SHHHH") })) { a, _ in a }

    static func decision(_ letter: Character) -> AccessDecision {
        switch letter {
        case "A": .allow
        case "S": .signInRequired
        case "F": .forbidden
        default: .hidden
        }
    }

    @Test("every action has a row", arguments: AccessAction.allCases)
    func everyActionIsStated(action: AccessAction) {
        #expect(Self.table[action]?.count == Who.allCases.count, "no complete row for \(action)")
    }

    @Test("the policy decides exactly as the table says", arguments: AccessAction.allCases)
    func matrix(action: AccessAction) throws {
        let row = try #require(Self.table[action])
        for (who, letter) in zip(Who.allCases, row) {
            let got = AccessPolicy.decide(Self.actor(who), action, Self.resource(action))
            #expect(got == Self.decision(letter), "\(who) → \(action): expected \(Self.decision(letter)), got \(got)")
        }
    }

    @Test("another person's account is hidden, whatever one's role")
    func otherAccountsAreHidden() {
        for who in [Who.member, .careTeam, .admin] {
            for action in [AccessAction.viewOwnAccount, .changeOwnPassphrase, .deleteOwnAccount, .logOutEverywhere] {
                #expect(AccessPolicy.decide(Self.actor(who), action, .account(userID: Self.other)) == .hidden)
            }
        }
    }

    @Test("leaving is only ever for one's own membership")
    func leavingIsPersonal() {
        let aimedAtOther = AccessResource.membership(collectiveID: Self.collective, userID: Self.other)
        #expect(AccessPolicy.decide(Self.actor(.admin), .leaveCollective, aimedAtOther) == .forbidden)
    }

    @Test("an admin of one collective has no power in another")
    func adminIsNotAMasterKey() {
        let admin = Actor(userID: Self.own, memberships: [Self.collective: .admin])
        for action in AccessAction.allCases
        where ![.usePublicPages, .viewPublishedProtocol, .viewPublicDirectory].contains(action) {
            let resources: [AccessResource] = [
                .collective(id: Self.elsewhere), .membership(collectiveID: Self.elsewhere, userID: Self.other),
                .invite(collectiveID: Self.elsewhere),
            ]
            for resource in resources {
                #expect(AccessPolicy.decide(admin, action, resource) == .hidden, "\(action) on \(resource)")
            }
        }
    }

    @Test("a published protocol is open to everyone, an unpublished one to no one on its public address")
    func publishedProtocol() {
        for who in Who.allCases {
            let actor = Self.actor(who)
            #expect(
                AccessPolicy.decide(
                    actor, .viewPublishedProtocol, .publishedProtocol(collectiveID: Self.collective, isPublished: true))
                    == .allow)
            #expect(AccessPolicy.decide(actor, .viewPublishedProtocol, .collective(id: Self.collective)) == .hidden)
        }
    }

    @Test("a visitor's memberships are ignored even if supplied")
    func visitorsHaveNoMemberships() {
        let forged = Actor(userID: nil, memberships: [Self.collective: .admin])
        #expect(AccessPolicy.decide(forged, .createInvite, .collective(id: Self.collective)) == .signInRequired)
    }

    @Test("a mediator's grant opens its own view while it stands, and nothing else")
    func mediator() {
        let grant = UUID()
        let mediator = Actor(userID: nil, mediationGrant: grant)
        let active = AccessResource.mediation(MediationFacts(grantID: grant, collectiveID: Self.collective, isActive: true))
        let lapsed = AccessResource.mediation(MediationFacts(grantID: grant, collectiveID: Self.collective, isActive: false))
        let another = AccessResource.mediation(MediationFacts(grantID: UUID(), collectiveID: Self.collective, isActive: true))
        #expect(AccessPolicy.decide(mediator, .viewMediation, active) == .allow)
        #expect(AccessPolicy.decide(mediator, .writeAsMediator, active) == .allow)
        #expect(AccessPolicy.decide(mediator, .viewMediation, lapsed) == .hidden, "revoked or expired")
        #expect(AccessPolicy.decide(mediator, .viewMediation, another) == .hidden)
        for action in AccessAction.allCases
        where ![
            .usePublicPages, .viewPublishedProtocol, .viewPublicDirectory,
            .viewMediation, .writeAsMediator, .receivePeerMessage,
        ].contains(action) {
            #expect(AccessPolicy.decide(mediator, action, Self.resource(action)) == .signInRequired, "\(action)")
        }
    }
}
