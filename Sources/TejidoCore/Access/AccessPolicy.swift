/// The one place that decides who may do what. Pure: `(actor, action, resource) -> decision`.
///
/// Rules, in order:
/// 1. Public pages are open to everyone; a published protocol too, and an unpublished one is
///    hidden from everyone on its public address (members read it inside the collective).
/// 2. Everything else needs a signed-in actor.
/// 3. Account actions are for the account's owner only; anyone else gets `hidden`.
/// 4. Collective actions need membership of *that* collective, else `hidden` — another
///    collective's objects must be indistinguishable from ids that do not exist.
/// 5. Inside the collective, the action's minimum role decides; admin is never a key to cases.
/// 6. Case actions need a place in that case: anyone else, admins included, gets `hidden`. The
///    person harmed keeps that place even once outside the collective, for what touches only her
///    case; nobody else does.
/// 7. Activity actions need membership of the activity's collective (else `hidden`); then the
///    person's place in that activity decides (`ActivityRules`), never their collective role:
///    the activity itself is known to every member, so anything else is `forbidden`.
/// 8. A lesson is its authors' (the person harmed keeps hers after leaving); members read it
///    once it is published; to anyone else it does not exist.
/// 9. An outside mediator's view opens only to the holder of that standing grant.
/// 10. A message from another instance is taken only on the connection its signature was verified
///     for, while that connection takes that kind of message and in a scope this side accepts;
///     anything else is `hidden`, as if the address did not exist. No person is ever a peer.
public enum AccessPolicy {
    public static func decide(
        _ actor: Actor, _ action: AccessAction, _ resource: AccessResource
    ) -> AccessDecision {
        if action == .usePublicPages || action == .viewPublicDirectory { return .allow }
        if action == .viewPublishedProtocol {
            guard case .publishedProtocol(_, let isPublished) = resource else { return .hidden }
            return isPublished ? .allow : .hidden
        }
        // A mediator's grant opens its own view while it stands; nothing else, for anyone else.
        if action == .viewMediation || action == .writeAsMediator {
            guard case .mediation(let facts) = resource, facts.isActive, actor.mediationGrant == facts.grantID else {
                return .hidden
            }
            return .allow
        }
        if action == .receivePeerMessage {
            guard case .peerMessage(let facts) = resource, let connection = actor.peerConnection,
                connection == facts.connectionID, facts.refusal == nil
            else { return .hidden }
            return .allow
        }
        guard let userID = actor.userID else { return .signInRequired }

        guard let requirement = requirement(for: action) else { return .hidden }
        switch requirement {
        case .accountOwner:
            guard case .account(let owner) = resource, owner == userID else { return .hidden }
            return .allow
        case .collectiveRole(let minimum):
            guard let collectiveID = resource.collectiveID, let role = actor.role(in: collectiveID)
            else { return .hidden }
            return role >= minimum ? .allow : .forbidden
        case .exactCollectiveRole(let only):
            guard let collectiveID = resource.collectiveID, let role = actor.role(in: collectiveID)
            else { return .hidden }
            return role == only ? .allow : .forbidden
        case .ownMembership:
            guard let collectiveID = resource.collectiveID, actor.role(in: collectiveID) != nil
            else { return .hidden }
            guard case .membership(_, let subject) = resource, subject == userID else {
                return .forbidden
            }
            return .allow
        case .caseParticipant:
            guard case .caseFile(let facts) = resource, let participation = facts.participants[userID] else {
                return .hidden
            }
            // The person harmed keeps her place in her own case after leaving or being removed from
            // the collective: removing her must never take her case away. Everyone else's place,
            // a supporter acting for her included, lasts only while they belong to the collective.
            let isMember = actor.role(in: facts.collectiveID) != nil
            guard isMember || participation.role == .survivor else { return .hidden }
            // Outside it she keeps her case, but acts no more on the collective: nothing that adds
            // its members, reaches its assembly or looks people up among them.
            if !isMember, !CaseRules.outsideTheCollective.contains(action) { return .forbidden }
            // The respondent is in the case only while the survivor's consent to tell them stands:
            // once it is revoked or runs out, the case is gone for them as if they were never added.
            if participation.role == .respondent && !facts.respondentConsentStands { return .hidden }
            // What leaves the collective about a case is the care team's to send, not any facilitator's.
            if CaseRules.careTeamOnly.contains(action), actor.role(in: facts.collectiveID) != .careTeam { return .forbidden }
            return CaseRules.may(participation, action, facts) ? .allow : .forbidden
        case .activityPlace:
            guard case .activity(let facts) = resource, actor.role(in: facts.collectiveID) != nil else { return .hidden }
            return ActivityRules.may(userID, action, facts) ? .allow : .forbidden
        case .lessonAuthorOrReader:
            guard case .lesson(let facts) = resource else { return .hidden }
            return LessonRules.decide(actor, userID: userID, action, facts)
        }
    }

    enum Requirement: Equatable {
        case accountOwner
        case collectiveRole(CollectiveRole)
        /// That role and no other: what the care team alone reads (an admin is not above it here).
        case exactCollectiveRole(CollectiveRole)
        /// Something a person may only do to their own membership (leaving), whatever their role.
        case ownMembership
        /// Someone in the case, whose place there (and the case's state) decides.
        case caseParticipant
        /// A member of the activity's collective, whose place in the activity decides.
        case activityPlace
        /// A lesson's authors, and members once it is published (`LessonRules`).
        case lessonAuthorOrReader
    }

    static func requirement(for action: AccessAction) -> Requirement? {
        switch action {
        case .usePublicPages, .viewPublishedProtocol, .viewPublicDirectory, .viewMediation, .writeAsMediator,
            .receivePeerMessage:
            nil
        case .viewOwnAccount, .changeOwnPreferences, .changeOwnPassphrase, .logOutEverywhere,
            .deleteOwnAccount, .makeRecoveryCode:
            .accountOwner
        case .viewCollective, .viewProtocol, .acknowledgeAgreement, .raiseProtocolConcern, .viewDirectory, .openCase,
            .viewOwnWork, .viewAssembly, .proposeMotion, .takePosition, .viewSkills, .listOwnSkills, .viewLessons,
            .viewPracticeScenarios:
            .collectiveRole(.member)
        case .leaveCollective: .ownMembership
        case .viewMembers, .editProtocol, .proposeProtocolAdoption, .viewProtocolConcerns, .editDirectory, .editHelpPage,
            .manageAssembly, .manageSkills, .setAgreementReview, .managePracticeScenarios:
            .collectiveRole(.careTeam)
        case .viewReflections, .viewReceivedAlerts, .handleReceivedAlerts, .viewMediationRequests:
            .exactCollectiveRole(.careTeam)
        case .changeMemberRole, .removeMember, .viewInvites, .createInvite, .revokeInvite,
            .editCollectiveSettings, .decideProtocolAdoption, .publishProtocol, .viewAcknowledgements, .viewNetwork,
            .manageNetwork, .viewMatchingCircles, .manageMatchingCircles:
            .collectiveRole(.admin)
        case .viewCase, .writeCaseEntry, .redactCaseEntry, .editCaseWishes, .manageCasePeople, .tellRespondent, .classifyCase,
            .moveCaseStage, .pauseCase, .withdrawCase, .deleteCase, .viewSafetyPlan, .editSafetyPlan, .editPodMap,
            .viewCaseConsents, .manageCaseConsents, .viewCaseAccessLog, .manageCaseTasks, .raiseCaseAtAssembly,
            .viewProposal, .writeProposal, .reviewProposal, .manageCommitments, .recordCheckIn, .chooseProgressView,
            .recordOutcome, .inviteMediator, .viewCare, .referToCare, .restoreCaseAccess, .viewPreparedPeople, .reflectOnCase,
            .startLesson, .viewCaseLessons, .viewCaseAlerts, .sendCaseAlert, .viewCaseMatching, .fileMatchingEntry,
            .vouchMatchingEntry, .viewCaseMatches, .contactMatchedCareTeam:
            .caseParticipant
        case .viewActivities, .startGroup: .collectiveRole(.member)
        case .createActivity: .collectiveRole(.careTeam)
        case .viewOwnActivities: .accountOwner
        case .viewActivity, .sayComing, .planSessions, .recordAttendance, .viewWhoIsComing, .askToJoin, .decideJoining,
            .readGroupNotes, .writeGroupNotes, .leaveActivityGroup:
            .activityPlace
        case .viewSharedProtocols, .draftFromSharedProtocol, .shareDirectoryEntries: .collectiveRole(.careTeam)
        case .viewCollectivesDirectory: .collectiveRole(.member)
        case .editCollectiveEntry: .collectiveRole(.admin)
        case .viewLesson, .editLesson, .approveLesson, .withdrawLesson: .lessonAuthorOrReader
        }
    }
}
