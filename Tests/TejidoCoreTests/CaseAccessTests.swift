import Foundation
import Testing

@testable import TejidoCore

/// Every case action × every place a person can have in a case, stated once.
@Suite("Case access")
struct CaseAccessTests {
    enum Who: String, CaseIterable {
        case survivor, delegate, supporter, facilitator, respondent, accountability
        /// A member of the collective who is not in the case; then an admin not in it; then an
        /// admin of another collective.
        case member, admin, outsider
    }

    static let collective = UUID()
    static let elsewhere = UUID()
    static let ids: [Who: UUID] = Dictionary(uniqueKeysWithValues: Who.allCases.map { ($0, UUID()) })

    static func facts(
        stage: CaseStage = .support, limits: Set<CaseWishes.Limit> = [], consents: Bool = true, seesPlan: Bool = false
    ) -> CaseFacts {
        CaseFacts(
            collectiveID: collective,
            participants: [
                ids[.survivor]!: CaseParticipation(role: .survivor),
                ids[.delegate]!: CaseParticipation(role: .supporter, actsForSurvivor: true),
                ids[.supporter]!: CaseParticipation(role: .supporter, seesSafetyPlan: seesPlan),
                ids[.facilitator]!: CaseParticipation(role: .facilitator),
                ids[.respondent]!: CaseParticipation(role: .respondent, seesSafetyPlan: true),
                ids[.accountability]!: CaseParticipation(role: .accountability),
            ], stage: stage, limits: limits, respondentConsentStands: consents, assemblyConsentStands: consents)
    }

    static func actor(_ who: Who) -> Actor {
        switch who {
        case .outsider: Actor(userID: ids[who]!, memberships: [elsewhere: .admin])
        case .admin, .facilitator: Actor(userID: ids[who]!, memberships: [collective: who == .admin ? .admin : .careTeam])
        default: Actor(userID: ids[who]!, memberships: [collective: .member])
        }
    }

    static func decision(_ letter: Character) -> AccessDecision {
        switch letter {
        case "A": .allow
        case "F": .forbidden
        default: .hidden
        }
    }

    /// Columns: survivor, delegate (a supporter acting for them), supporter, facilitator,
    /// respondent, accountability pod, member not in the case, admin not in it, outsider.
    static let table: [AccessAction: String] = [
        .viewCase: "AAAAAAHHH",
        .writeCaseEntry: "AAAAAAHHH",
        .redactCaseEntry: "AAFFFFHHH",
        .editCaseWishes: "AAFFFFHHH",
        .manageCasePeople: "AAFFFFHHH",
        .tellRespondent: "AAFFFFHHH",
        .classifyCase: "FFFAFFHHH",
        .moveCaseStage: "FFFAFFHHH",
        .pauseCase: "AAFFFFHHH",
        .withdrawCase: "AAFFFFHHH",
        .deleteCase: "AAFFFFHHH",
        .viewSafetyPlan: "AAFFFFHHH",
        .editSafetyPlan: "AAFFFFHHH",
        .editPodMap: "AAFFFFHHH",
        .viewCaseConsents: "AAAAFAHHH",
        .manageCaseConsents: "AAFFFFHHH",
        .viewCaseAccessLog: "AAFFFFHHH",
        .manageCaseTasks: "AAAAFAHHH",
        .raiseCaseAtAssembly: "AAFFFFHHH",
        .viewProposal: "AAAAAAHHH",
        .writeProposal: "FFFFAFHHH",
        .reviewProposal: "FFFAFAHHH",
        .manageCommitments: "FFFAFFHHH",
        .recordCheckIn: "FFFAAAHHH",
        .chooseProgressView: "AAFFFFHHH",
        .recordOutcome: "FFFAFFHHH",
        .inviteMediator: "AAFFFFHHH",
        .viewCare: "AAAAAAHHH",
        .referToCare: "AAAAFAHHH",
        .restoreCaseAccess: "AAAAFAHHH",
        // Who in the collective is prepared: only for whoever chooses the case's people.
        .viewPreparedPeople: "AAFFFFHHH",
        // Only once the case has ended (see EducationKeepTests): in a running case, nobody.
        .reflectOnCase: "FFFFFFHHH",
        // While the case is open nobody starts a lesson (see LessonAccessTests for ended cases).
        .startLesson: "FFFFFFHHH",
        .viewCaseLessons: "FFFAFFHHH",
        // An alert to paired collectives: the case's facilitators who are of the care team.
        .viewCaseAlerts: "FFFAFFHHH",
        .sendCaseAlert: "FFFAFFHHH",
        .viewCaseMatching: "AAFAFFHHH",
        .fileMatchingEntry: "AAFFFFHHH",
        .vouchMatchingEntry: "FFFAFFHHH",
        .viewCaseMatches: "FFFAFFHHH",
        .contactMatchedCareTeam: "FFFAFFHHH",
    ]

    @Test("every case action has a row")
    func everyCaseActionIsStated() {
        for action in AccessAction.allCases where action.isCaseAction {
            #expect(Self.table[action]?.count == Who.allCases.count, "no complete row for \(action)")
        }
    }

    @Test("the policy decides every case action for every place exactly as the table says")
    func matrix() throws {
        for (action, row) in Self.table {
            for (who, letter) in zip(Who.allCases, row) {
                let got = AccessPolicy.decide(Self.actor(who), action, .caseFile(Self.facts()))
                #expect(got == Self.decision(letter), "\(who) → \(action): expected \(letter), got \(got)")
            }
        }
    }

    @Test(
        "alerts and matches are the care team's: a facilitator who is only a member, or an admin, may not send one or hear of one"
    )
    func alertsNeedTheCareTeam() {
        for role in [CollectiveRole.member, .admin] {
            let actor = Actor(userID: Self.ids[.facilitator]!, memberships: [Self.collective: role])
            for action in [
                AccessAction.viewCaseAlerts, .sendCaseAlert, .vouchMatchingEntry, .viewCaseMatches, .contactMatchedCareTeam,
            ] {
                #expect(AccessPolicy.decide(actor, action, .caseFile(Self.facts())) == .forbidden, "\(role) \(action)")
            }
        }
    }

    @Test("nothing is filed for matching while she wishes nothing to leave the collective, or while the case is paused")
    func matchingFollowsHerWishes() {
        for facts in [Self.facts(limits: [.keepInCollective]), Self.facts(stage: .paused)] {
            for who in [Who.survivor, .delegate] {
                #expect(AccessPolicy.decide(Self.actor(who), .fileMatchingEntry, .caseFile(facts)) == .forbidden, "\(who)")
                #expect(
                    AccessPolicy.decide(Self.actor(.facilitator), .contactMatchedCareTeam, .caseFile(facts)) == .forbidden)
                // Withdrawing stays hers: it goes through her consents.
                #expect(AccessPolicy.decide(Self.actor(who), .manageCaseConsents, .caseFile(facts)) == .allow, "\(who)")
            }
        }
    }

    @Test(
        "the care teams' contact after a match stops while she pauses or withdraws the case; taking her agreement back never does"
    )
    func contactFollowsTheCase() {
        for facts in [Self.facts(stage: .paused), Self.facts(stage: .withdrawn), Self.facts(limits: [.keepInCollective])] {
            #expect(AccessPolicy.decide(Self.actor(.facilitator), .contactMatchedCareTeam, .caseFile(facts)) == .forbidden)
            #expect(AccessPolicy.decide(Self.actor(.facilitator), .viewCaseMatches, .caseFile(facts)) == .allow)
        }
    }

    @Test("a visitor is sent to sign in; a case of another collective is hidden even from its own people")
    func visitorsAndOtherCollectives() {
        #expect(AccessPolicy.decide(.visitor, .viewCase, .caseFile(Self.facts())) == .signInRequired)
    }

    @Test("leaving the collective: the person harmed keeps her case, but acts no more on the collective; nobody else keeps one")
    func outsideTheCollective() {
        func gone(_ who: Who) -> Actor { Actor(userID: Self.ids[who]!, memberships: [Self.elsewhere: .member]) }
        for action in [AccessAction.viewCase, .editCaseWishes, .manageCaseConsents, .viewCaseAccessLog, .deleteCase] {
            #expect(AccessPolicy.decide(gone(.survivor), action, .caseFile(Self.facts())) == .allow, "\(action)")
        }
        for action in [
            AccessAction.manageCasePeople, .raiseCaseAtAssembly, .tellRespondent, .inviteMediator, .viewPreparedPeople,
        ] {
            #expect(AccessPolicy.decide(gone(.survivor), action, .caseFile(Self.facts())) == .forbidden, "\(action)")
        }
        for who in [Who.delegate, .supporter, .facilitator, .respondent, .accountability] {
            #expect(AccessPolicy.decide(gone(who), .viewCase, .caseFile(Self.facts())) == .hidden, "\(who)")
        }
        // Still only their own case: a case they hold no place in stays hidden.
        let other = CaseFacts(collectiveID: Self.collective, participants: [:], stage: .support)
        #expect(AccessPolicy.decide(gone(.survivor), .viewCase, .caseFile(other)) == .hidden)
    }

    @Test("the survivor's limits stand against everyone, the survivor included")
    func wishesAreEnforced() {
        for who in [Who.survivor, .delegate] {
            let actor = Self.actor(who)
            #expect(
                AccessPolicy.decide(actor, .tellRespondent, .caseFile(Self.facts(limits: [.doNotTellRespondent])))
                    == .forbidden)
            #expect(
                AccessPolicy.decide(actor, .raiseCaseAtAssembly, .caseFile(Self.facts(limits: [.notToAssembly])))
                    == .forbidden)
            // Without a standing consent, neither happens either.
            #expect(AccessPolicy.decide(actor, .tellRespondent, .caseFile(Self.facts(consents: false))) == .forbidden)
            #expect(AccessPolicy.decide(actor, .raiseCaseAtAssembly, .caseFile(Self.facts(consents: false))) == .forbidden)
        }
    }

    @Test("the respondent is in the case only while the consent to tell them stands")
    func respondentNeedsConsent() {
        let lapsed = Self.facts(consents: false)
        #expect(AccessPolicy.decide(Self.actor(.respondent), .viewCase, .caseFile(lapsed)) == .hidden)
        #expect(AccessPolicy.decide(Self.actor(.respondent), .writeCaseEntry, .caseFile(lapsed)) == .hidden)
        #expect(AccessPolicy.decide(Self.actor(.survivor), .viewCase, .caseFile(lapsed)) == .allow)
    }

    @Test("the safety plan shows to the people the survivor chose, never to the respondent")
    func safetyPlanReaders() {
        let chosen = Self.facts(seesPlan: true)
        #expect(AccessPolicy.decide(Self.actor(.supporter), .viewSafetyPlan, .caseFile(chosen)) == .allow)
        #expect(AccessPolicy.decide(Self.actor(.supporter), .editSafetyPlan, .caseFile(chosen)) == .forbidden)
        // The respondent's record says "sees the plan" (it cannot be set so, but if it were): still no.
        #expect(AccessPolicy.decide(Self.actor(.respondent), .viewSafetyPlan, .caseFile(chosen)) == .forbidden)
        #expect(CaseParticipation(role: .respondent, seesSafetyPlan: true).seesSafetyPlan == false)
    }

    @Test("paused, nothing moves; a draft is its writer's alone; a deleted case is nobody's")
    func stages() {
        #expect(
            AccessPolicy.decide(Self.actor(.facilitator), .moveCaseStage, .caseFile(Self.facts(stage: .paused))) == .forbidden)
        #expect(AccessPolicy.decide(Self.actor(.survivor), .pauseCase, .caseFile(Self.facts(stage: .paused))) == .allow)
        for (who, action) in [
            (Who.survivor, AccessAction.raiseCaseAtAssembly), (.survivor, .inviteMediator),
            (Who.respondent, AccessAction.writeProposal), (.accountability, .reviewProposal),
            (.facilitator, .manageCommitments), (.accountability, .recordCheckIn),
        ] {
            #expect(AccessPolicy.decide(Self.actor(who), action, .caseFile(Self.facts(stage: .paused))) == .forbidden)
        }
        let draft = Self.facts(stage: .draft)
        #expect(AccessPolicy.decide(Self.actor(.survivor), .viewCase, .caseFile(draft)) == .allow)
        #expect(AccessPolicy.decide(Self.actor(.survivor), .manageCasePeople, .caseFile(draft)) == .forbidden)
        #expect(AccessPolicy.decide(Self.actor(.facilitator), .viewCase, .caseFile(draft)) == .forbidden)
        for who in Who.allCases.prefix(6) {
            #expect(AccessPolicy.decide(Self.actor(who), .viewCase, .caseFile(Self.facts(stage: .deleted))) != .allow)
        }
    }

    @Test("visibility: each choice reaches exactly its readers")
    func visibility() {
        let roles = CaseRole.allCases
        func readers(_ visibility: EntryVisibility) -> Set<CaseRole> {
            Set(roles.filter { visibility.isVisible(to: $0, isAuthor: false) })
        }
        #expect(readers(.onlyMe).isEmpty)
        #expect(readers(.survivorSide) == [.survivor, .supporter])
        #expect(readers(.caseTeam) == [.survivor, .supporter, .facilitator, .accountability])
        #expect(readers(.wholeCase) == Set(roles))
        #expect(EntryVisibility.onlyMe.isVisible(to: .respondent, isAuthor: true))
        #expect(!EntryVisibility.choices(for: .respondent).contains(.survivorSide))
    }

    @Test("a case key sealed for one case does not open another's field or row")
    func vault() throws {
        let key = KeyWrapping.newDataKey()
        let one = CaseVault(caseID: UUID(), key: key)
        let sealed = try one.seal("marker", field: "entry", row: UUID())
        #expect(throws: (any Error).self) { try one.open(String.self, sealed, field: "entry", row: UUID()) }
        #expect(throws: (any Error).self) { try CaseVault(caseID: UUID(), key: key).open(String.self, sealed, field: "entry") }
    }

    @Test("a key ring opens keys wrapped before a rotation, and wraps new ones with the newest key")
    func keyRing() throws {
        let old = InstanceKey.generate()
        let new = InstanceKey.generate()
        let dataKey = KeyWrapping.newDataKey()
        let (wrapped, oldID) = try InstanceKeyRing([old]).wrap(dataKey, label: "case:1")
        let rotated = InstanceKeyRing([new, old])
        #expect(rotated.currentID != oldID)
        let opened = try rotated.unwrap(wrapped, keyID: oldID, label: "case:1")
        #expect(opened == dataKey)
        #expect(throws: (any Error).self) { try InstanceKeyRing([new]).unwrap(wrapped, keyID: oldID, label: "case:1") }
        #expect(try InstanceKeyRing(fileContents: rotated.fileContents).keys.count == 2)
    }
}

@Suite("What the survivor's side reads of the respondent's progress")
struct ProgressViewTests {
    @Test("choosing nothing hides every trace of the process from her side only")
    func nothingMeansNothing() {
        for role in CaseRole.allCases {
            let hidden = role.isSurvivorSide
            #expect(ProgressView.nothing.shows(record: "record_commitment_added", to: role) == !hidden)
            #expect(ProgressView.nothing.shows(act: .checkedIn, to: role) == !hidden)
            #expect(ProgressView.nothing.shows(act: .commentedProposal, to: role) == !hidden)
            #expect(ProgressView.nothing.shows(act: .viewed, to: role), "other acts stay")
            #expect(ProgressView.nothing.shows(record: "record_outcome", to: role), "outcomes stay")
            #expect(ProgressView.summary.shows(record: "record_commitment_added", to: role))
            #expect(ProgressView.all.shows(act: .checkedIn, to: role))
        }
    }
}

@Suite("Who is reminded of a commitment")
struct CommitmentReminderTests {
    static let today = Date(timeIntervalSince1970: 1_800_000_000)
    static func day(_ offset: Int) -> Date { today.addingTimeInterval(Double(offset) * 86_400) }

    @Test("the respondent and the pod until it is met; facilitators when due within two weeks or missed; her side never")
    func reasons() {
        let open = CommitmentState.open
        #expect(CommitmentReminder.reason(for: .respondent, state: open, dueOn: Self.day(300), today: Self.today) == .yoursToMeet)
        #expect(CommitmentReminder.reason(for: .accountability, state: open, dueOn: nil, today: Self.today) == .checkIn)
        #expect(CommitmentReminder.reason(for: .facilitator, state: open, dueOn: Self.day(10), today: Self.today) == .fallingDue)
        #expect(CommitmentReminder.reason(for: .facilitator, state: open, dueOn: Self.day(20), today: Self.today) == nil)
        #expect(CommitmentReminder.reason(for: .facilitator, state: .missed, dueOn: Self.day(-1), today: Self.today) == .missed)
        for role in CaseRole.allCases {
            #expect(CommitmentReminder.reason(for: role, state: .done, dueOn: Self.day(1), today: Self.today) == nil)
        }
        for role in [CaseRole.survivor, .supporter] {
            #expect(CommitmentReminder.reason(for: role, state: .missed, dueOn: Self.day(-1), today: Self.today) == nil)
        }
    }
}
