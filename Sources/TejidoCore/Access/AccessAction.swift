/// Every action the application offers. The policy matrix test walks all of them, so adding a
/// case here without a rule in `AccessPolicy` fails the build of that test's expectations.
public enum AccessAction: String, CaseIterable, Sendable {
    // Pages anyone may use: the front and about pages, signing in and out, quick exit, language,
    // first-run setup, and joining with an invitation (the link itself is the permission).
    case usePublicPages

    // The actor's own account.
    case viewOwnAccount
    case changeOwnPreferences
    case changeOwnPassphrase
    case logOutEverywhere
    /// A recovery code for one's own key, shown once.
    case makeRecoveryCode
    case deleteOwnAccount

    // Inside one collective.
    case viewCollective
    case leaveCollective
    case viewMembers
    case changeMemberRole
    case removeMember
    case viewInvites
    case createInvite
    case revokeInvite
    case editCollectiveSettings

    // The collective's protocol.
    case viewProtocol
    /// The public page of a protocol the collective chose to publish; unpublished, it does not exist.
    case viewPublishedProtocol
    case editProtocol
    case proposeProtocolAdoption
    case decideProtocolAdoption
    case publishProtocol
    case acknowledgeAgreement
    case viewAcknowledgements
    case raiseProtocolConcern
    case viewProtocolConcerns

    // The collective's directory and its immediate-help page.
    case viewDirectory
    /// The entries a collective published, and its immediate-help page: for anyone, no account.
    case viewPublicDirectory
    case editDirectory
    case editHelpPage

    // Cases. Opening one and one's own to-do page need membership; everything else is decided
    // by the person's place in that case, never by their role in the collective.
    case openCase
    case viewOwnWork
    case viewCase
    case writeCaseEntry
    case redactCaseEntry
    case editCaseWishes
    case manageCasePeople
    /// Adding the respondent: only while the survivor has not asked that they not be told, and
    /// with a standing consent to tell them.
    case tellRespondent
    case classifyCase
    case moveCaseStage
    case pauseCase
    case withdrawCase
    case deleteCase
    case viewSafetyPlan
    case editSafetyPlan
    case editPodMap
    case viewCaseConsents
    case manageCaseConsents
    case viewCaseAccessLog
    case manageCaseTasks
    /// Taking the case to the assembly: never while the survivor's "not to the assembly"
    /// stands, and only with a standing consent.
    case raiseCaseAtAssembly

    // Accountability, inside a case: the respondent's own proposal for change, the pod's and the
    // facilitators' comments on it, the commitments it becomes and their check-ins.
    case viewProposal
    case writeProposal
    case reviewProposal
    case manageCommitments
    case recordCheckIn
    /// Plan completed or renegotiated, limits, suspension, expulsion: as the protocol allows.
    case recordOutcome
    /// How much of the respondent's progress the survivor's side is shown.
    case chooseProgressView
    /// Referrals to emotional and therapeutic support, each side for its own people.
    case viewCare
    case referToCare
    /// Wraps the case's key again for someone in it whose own key changed (a lost passphrase).
    case restoreCaseAccess
    /// Inviting an outside mediator to the entries the survivor's side chooses, and revoking it.
    case inviteMediator

    // An outside mediator, holding no account: their one grant's view, and writing back to the case.
    case viewMediation
    case writeAsMediator

    // The assembly: every member reads its agenda, proposes motions and takes positions; the
    // care team holds meetings, writes minutes and closes decisions.
    case viewAssembly
    case proposeMotion
    case takePosition
    case manageAssembly

    // Who is prepared for what: every member reads the skills the collective names and keeps
    // their own entries; the care team names skills and records trainings, which show only once
    // the person agrees. Nobody reads the roster as such: see `viewPreparedPeople`.
    case viewSkills
    case listOwnSkills
    case manageSkills
    /// The prepared and willing members, to whoever chooses the people of a case.
    case viewPreparedPeople
    // Agreements kept alive and learning in aggregate (issue 17): the care team sets when the
    // agreement in force is reviewed; anyone with a place in a case that has ended may give one
    // reflection on it; the care team, and only it, reads the counts.
    case setAgreementReview
    case reflectOnCase
    case viewReflections

    // Activities (education and prevention): every member sees what is on and may start a
    // self-organised group; the care team creates the others and names who runs them. Inside one
    // activity, what a person may do comes from their place in it (runs it, is in its group),
    // never from their collective role: attendance and a group's notes are not an admin's to see.
    case viewActivities
    case createActivity
    case startGroup
    /// What the person themself took part in, across their collectives.
    case viewOwnActivities
    case viewActivity
    case sayComing
    case planSessions
    case recordAttendance
    /// The names of who said they will come (others see a count only).
    case viewWhoIsComing
    case askToJoin
    case decideJoining
    case readGroupNotes
    case writeGroupNotes
    case leaveActivityGroup
    // History recovery and practice (issue 17): lessons from past cases, written by the person
    // harmed; practice scenarios the care team prepares for trainings.
    /// From a closed or withdrawn case: the survivor, or a supporter acting for her with her
    /// standing consent to history recovery.
    case startLesson
    /// A facilitator on a classified case sees published lessons about the same harm.
    case viewCaseLessons
    /// Every member lists and searches published lessons.
    case viewLessons
    /// One lesson: its authors always, members once it is published.
    case viewLesson
    case editLesson
    case approveLesson
    case withdrawLesson
    case viewPracticeScenarios
    case managePracticeScenarios
    // The network (issue 18): connections to collectives on other instances.
    /// The collective's connections, its instance's fingerprint, and the counts of refused requests.
    case viewNetwork
    /// Creating and answering pairing invitations, accepting, pausing, ending, choosing what is shared.
    case manageNetwork
    /// A message from a paired instance: decided by the connection it was verified for, that
    /// connection's state here, and what this side accepts — never by anyone's role.
    case receivePeerMessage
    // Sharing with connected collectives (issue 18): protocols, directory entries, and the
    // directory of collectives.
    /// Protocols received from connected collectives: the list, reading one, comparing it with ours.
    case viewSharedProtocols
    /// Starting a new draft of our protocol from one received, credited to its collective.
    case draftFromSharedProtocol
    /// Marking our directory entries shared, and copying a connected collective's entry into ours.
    case shareDirectoryEntries
    /// The directory of collectives: the entries connected collectives publish to us.
    case viewCollectivesDirectory
    /// Our own entry in the directory of collectives, and where it is published.
    case editCollectiveEntry
    // Consent-given alerts (issue 18, item 7). Inside a case, the facilitators who are of the
    // collective's care team prepare and confirm (two different people) an alert the person harmed
    // consented to; the receiving collective's care team, and only it, reads what peers sent.
    /// The case's alerts and their delivery, and preparing one.
    case viewCaseAlerts
    /// Preparing, confirming (never one's own), updating and retracting an alert.
    case sendCaseAlert
    /// The queue of alerts paired collectives sent: the care team only, not admins as such.
    case viewReceivedAlerts
    /// Noting what was done about one, and refusing a peer's alerts from now on.
    case handleReceivedAlerts
    /// Requests from paired collectives to find an outside mediator, each with its single-use
    /// link to a case's chosen entries: the care team only, as with alerts.
    case viewMediationRequests
    // Repeat-harm matching (issue 19). Admins form and answer circles; inside a case, the person
    // harmed's side files an entry once a care-team facilitator of the case vouched for it, and
    // only that care team hears of a match — never the account that filed.
    /// The collective's matching circles, proposals waiting for an answer, key holders' counts.
    case viewMatchingCircles
    /// Proposing a circle, joining or declining one, leaving one.
    case manageMatchingCircles
    /// The case's entries and their state.
    case viewCaseMatching
    /// Filing an entry, withdrawing one.
    case fileMatchingEntry
    /// Vouching that the case's next entry is its survivor's own (a care-team facilitator).
    case vouchMatchingEntry
    /// Matches found for the case's entries (its care-team facilitators only).
    case viewCaseMatches
    /// After a match: recording that the survivor agrees to put the care teams in touch, and
    /// writing to the other care team (its care-team facilitators, while the case moves).
    case contactMatchedCareTeam
}

extension AccessAction {
    /// Actions decided by a person's place in one case rather than their role in the collective.
    public var isCaseAction: Bool { AccessPolicy.requirement(for: self) == .caseParticipant }
}
