/// Who may do what inside one case, given their place in it. Called by `AccessPolicy` only
/// after it has checked that the person is in the case at all.
enum CaseRules {
    /// What the person harmed may still do in her case once she no longer belongs to its
    /// collective: read and write in it, decide its wishes and consents, pause, withdraw or delete
    /// it — but not add people (which looks them up among the members), raise it at the assembly,
    /// tell the respondent or invite a mediator.
    static let outsideTheCollective: Set<AccessAction> = [
        .viewCase, .writeCaseEntry, .redactCaseEntry, .editCaseWishes, .pauseCase, .withdrawCase, .deleteCase,
        .viewSafetyPlan, .editSafetyPlan, .editPodMap, .viewCaseConsents, .manageCaseConsents, .viewCaseAccessLog,
        .manageCaseTasks, .viewProposal, .chooseProgressView, .viewCare,
    ]

    /// Case actions that also need the person to be of the collective's care team (the policy
    /// checks it): an alert to another collective is sent by the care team.
    static let careTeamOnly: Set<AccessAction> = [
        .viewCaseAlerts, .sendCaseAlert, .vouchMatchingEntry, .viewCaseMatches, .contactMatchedCareTeam,
    ]

    static func may(_ person: CaseParticipation, _ action: AccessAction, _ facts: CaseFacts) -> Bool {
        let role = person.role
        // A disclosure not yet finished belongs to the one writing it, and does nothing else.
        if facts.stage == .draft {
            return [.viewCase, .editCaseWishes, .deleteCase].contains(action) && person.speaksForSurvivor
        }
        if facts.stage == .deleted { return false }
        switch action {
        case .viewCase, .writeCaseEntry, .viewProposal, .viewCare:
            return true
        case .viewCaseConsents, .manageCaseTasks:
            return role != .respondent
        // Whoever chooses the case's people sees who is prepared to be asked; nobody else.
        case .redactCaseEntry, .editCaseWishes, .manageCasePeople, .viewPreparedPeople, .pauseCase, .withdrawCase, .deleteCase,
            .editSafetyPlan, .editPodMap, .manageCaseConsents, .viewCaseAccessLog:
            return person.speaksForSurvivor
        case .viewSafetyPlan:
            return person.speaksForSurvivor || (person.seesSafetyPlan && role != .respondent)
        case .tellRespondent:
            return person.speaksForSurvivor && !facts.limits.contains(.doNotTellRespondent) && facts.respondentConsentStands
        case .raiseCaseAtAssembly:
            return person.speaksForSurvivor && !facts.limits.contains(.notToAssembly) && facts.assemblyConsentStands
                && facts.stage != .paused
        case .classifyCase:
            return role == .facilitator
        case .moveCaseStage:
            // Paused means nothing moves until the survivor resumes.
            return role == .facilitator && facts.stage != .paused
        // Accountability moves only while the case does: a pause stops it too.
        case .writeProposal:
            return role == .respondent && facts.stage != .paused
        case .reviewProposal:
            return (role == .facilitator || role == .accountability) && facts.stage != .paused
        case .manageCommitments, .recordOutcome:
            return role == .facilitator && facts.stage != .paused
        case .recordCheckIn:
            return [.facilitator, .accountability, .respondent].contains(role) && facts.stage != .paused
        case .chooseProgressView:
            return person.speaksForSurvivor
        case .referToCare:
            return role != .respondent
        case .restoreCaseAccess:
            // Anyone who reads the case, but the person who caused harm, may give a returning
            // reader their access back; the survivor reads in the log who did.
            return role != .respondent
        case .startLesson:
            // Only once the case has ended; her own act, or a supporter's with her standing consent.
            // A supporter writes one only for a survivor with no account here: one who has an
            // account writes her own, so nobody else can read, change or take back her words.
            let survivorHasAccount = facts.participants.values.contains { $0.role == .survivor }
            return facts.stage.hasEnded
                && (role == .survivor
                    || (person.speaksForSurvivor && facts.historyRecoveryConsentStands && !survivorHasAccount))
        case .viewCaseLessons:
            return role == .facilitator
        case .inviteMediator:
            return person.speaksForSurvivor && facts.stage != .paused && !facts.limits.contains(.keepInCollective)
        case .viewCaseAlerts, .sendCaseAlert:
            // The case's facilitators; whether the outcome and a consent allow one is the service's.
            return role == .facilitator
        case .viewCaseMatching:
            return person.speaksForSurvivor || role == .facilitator
        case .fileMatchingEntry:
            // Nothing leaves the collective while she wishes it so, a tag included.
            return person.speaksForSurvivor && facts.stage != .paused && !facts.limits.contains(.keepInCollective)
        case .vouchMatchingEntry, .viewCaseMatches:
            return role == .facilitator
        case .contactMatchedCareTeam:
            // Her pause stops it, and so do her withdrawal of the case and her wish that nothing
            // leaves the collective. Taking her agreement back is never stopped (`viewCaseMatches`).
            return role == .facilitator && facts.stage != .paused && facts.stage != .withdrawn
                && !facts.limits.contains(.keepInCollective)
        case .reflectOnCase:
            // Only once it has ended: a reflection on a process still running could sway it.
            return facts.stage.hasEnded
        default:
            return false
        }
    }
}
