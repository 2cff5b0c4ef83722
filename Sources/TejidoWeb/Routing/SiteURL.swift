import TejidoCore
import Vapor

/// Every address in Tejido, in one place. Routes are registered from these values and pages build
/// their links from them, so a link and its route cannot drift apart.
enum SiteURL: Equatable {
    case home
    case about
    case healthz
    case favicon
    case setup
    case login
    case logout
    case exit
    case language
    case account
    case accountPreferences
    case accountPassphrase
    case accountLogOutEverywhere
    case accountDelete
    case accountRecoveryCode
    case recover
    case collectives
    case collective(slug: String)
    case collectiveLeave(slug: String)
    case collectiveSettings(slug: String)
    case members(slug: String)
    case memberRole(slug: String, membershipID: String)
    case memberRemove(slug: String, membershipID: String)
    case memberRestoreKey(slug: String, membershipID: String)
    case invites(slug: String)
    case inviteRevoke(slug: String, inviteID: String)
    case join(token: String)
    case protocolHome(slug: String)
    case protocolPrint(slug: String)
    case protocolExport(slug: String, format: String)
    case protocolVersions(slug: String)
    case protocolVersion(slug: String, number: String)
    case protocolDiff(slug: String)
    case protocolDraft(slug: String)
    case protocolDraftGeneral(slug: String)
    case protocolDraftBlock(slug: String, block: String)
    case protocolDraftAgreement(slug: String)
    case protocolDraftHarms(slug: String)
    case protocolDraftHarm(slug: String, harm: String)
    case protocolDraftStart(slug: String)
    case protocolPropose(slug: String)
    case protocolDecision(slug: String)
    case protocolPublish(slug: String)
    case protocolAgreement(slug: String)
    case protocolAcknowledgements(slug: String)
    case protocolConcerns(slug: String)
    case protocolConcernNew(slug: String)
    case protocolConcernResolve(slug: String, concernID: String)
    case publicProtocol(slug: String)
    case directory(slug: String)
    case directoryNew(slug: String)
    case directoryEntry(slug: String, entryID: String)
    case directoryEntryEdit(slug: String, entryID: String)
    case directoryEntryDelete(slug: String, entryID: String)
    case directoryEntryVerify(slug: String, entryID: String)
    case directoryImport(slug: String)
    case directoryExport(slug: String, format: String)
    case publicDirectory(slug: String)
    case helpPageEdit(slug: String)
    case cases(slug: String)
    case caseNew(slug: String)
    case needsMe(slug: String)
    case caseClaim(slug: String, token: String)
    case casePage(slug: String, caseID: String, CasePage)
    case mediate(token: String)
    case mediation
    case assembly(slug: String)
    case skills(slug: String)
    case skillRemove(slug: String, skillID: String)
    case skillOffer(slug: String, listingID: String)
    case skillsNamed(slug: String)
    case skillRetire(slug: String, skillID: String)
    case skillsTraining(slug: String)
    case assemblyItems(slug: String)
    case assemblyMeetings(slug: String)
    case assemblyMeeting(slug: String, meetingID: String)
    case assemblyMinutes(slug: String, meetingID: String)
    case assemblyItem(slug: String, itemID: String)
    case assemblyPosition(slug: String, itemID: String)
    case assemblySchedule(slug: String, itemID: String)
    case assemblyClose(slug: String, itemID: String)
    /// Activities and self-organised groups, below `/c/SLUG/activities`.
    case activities(slug: String, ActivityPath)
    /// What the signed-in person took part in, across their collectives.
    case accountActivities
    // Lessons from past cases and practice scenarios (issue 17).
    case lessons(slug: String)
    case lesson(slug: String, lessonID: String)
    case lessonEdit(slug: String, lessonID: String)
    case lessonApprove(slug: String, lessonID: String)
    case lessonWithdraw(slug: String, lessonID: String)
    case practice(slug: String)
    case practiceNew(slug: String)
    case practiceScenario(slug: String, scenarioID: String)
    /// The immediate-help page: `/help` in English, `/ayuda` in Spanish, with or without a collective.
    case help(language: Language, slug: String?)
    // Issue 17: the agreement's review day, the care team's counts of reflections, and the public
    // page for people worried about someone (`/worried` in English, `/preocupa` in Spanish).
    case protocolAgreementReview(slug: String)
    case reflections(slug: String)
    case worried(language: Language, slug: String?)
    // The network (issue 18): a collective's connections, and the API other instances call.
    case network(slug: String, NetworkPath)
    case peer(PeerPath)
    // What collectives share with connected ones (issue 18), and a collective's public entry in
    // the directory of collectives.
    case shared(slug: String, SharedPath)
    case publicCollective(slug: String)
    /// Alerts paired collectives sent: the receiving care team's queue (issue 18, item 7).
    case receivedAlerts(slug: String, AlertsPath)

    var path: String {
        switch self {
        case .home: "/"
        case .about: "/about"
        case .healthz: "/healthz"
        case .favicon: "/favicon.ico"
        case .setup: "/setup"
        case .login: "/login"
        case .logout: "/logout"
        case .exit: "/exit"
        case .language: "/language"
        case .account: "/account"
        case .accountPreferences: "/account/preferences"
        case .accountPassphrase: "/account/passphrase"
        case .accountLogOutEverywhere: "/account/sessions/end-all"
        case .accountDelete: "/account/delete"
        case .accountRecoveryCode: "/account/recovery-code"
        case .recover: "/recover"
        case .collectives: "/collectives"
        case .collective(let slug): "/c/\(slug)"
        case .collectiveLeave(let slug): "/c/\(slug)/leave"
        case .collectiveSettings(let slug): "/c/\(slug)/settings"
        case .members(let slug): "/c/\(slug)/members"
        case .memberRole(let slug, let id): "/c/\(slug)/members/\(id)/role"
        case .memberRemove(let slug, let id): "/c/\(slug)/members/\(id)/remove"
        case .memberRestoreKey(let slug, let id): "/c/\(slug)/members/\(id)/restore-key"
        case .invites(let slug): "/c/\(slug)/invites"
        case .inviteRevoke(let slug, let id): "/c/\(slug)/invites/\(id)/revoke"
        case .join(let token): "/join/\(token)"
        case .protocolHome(let slug): "/c/\(slug)/protocol"
        case .protocolPrint(let slug): "/c/\(slug)/protocol/print"
        case .protocolExport(let slug, let format): "/c/\(slug)/protocol/export/\(format)"
        case .protocolVersions(let slug): "/c/\(slug)/protocol/versions"
        case .protocolVersion(let slug, let number): "/c/\(slug)/protocol/versions/\(number)"
        case .protocolDiff(let slug): "/c/\(slug)/protocol/diff"
        case .protocolDraft(let slug): "/c/\(slug)/protocol/draft"
        case .protocolDraftGeneral(let slug): "/c/\(slug)/protocol/draft/general"
        case .protocolDraftBlock(let slug, let block): "/c/\(slug)/protocol/draft/blocks/\(block)"
        case .protocolDraftAgreement(let slug): "/c/\(slug)/protocol/draft/agreement"
        case .protocolDraftHarms(let slug): "/c/\(slug)/protocol/draft/harms"
        case .protocolDraftHarm(let slug, let harm): "/c/\(slug)/protocol/draft/harms/\(harm)"
        case .protocolDraftStart(let slug): "/c/\(slug)/protocol/draft/start"
        case .protocolPropose(let slug): "/c/\(slug)/protocol/propose"
        case .protocolDecision(let slug): "/c/\(slug)/protocol/decision"
        case .protocolPublish(let slug): "/c/\(slug)/protocol/publish"
        case .protocolAgreement(let slug): "/c/\(slug)/protocol/agreement"
        case .protocolAcknowledgements(let slug): "/c/\(slug)/protocol/acknowledgements"
        case .protocolConcerns(let slug): "/c/\(slug)/protocol/concerns"
        case .protocolConcernNew(let slug): "/c/\(slug)/protocol/concerns/new"
        case .protocolConcernResolve(let slug, let id): "/c/\(slug)/protocol/concerns/\(id)/resolve"
        case .publicProtocol(let slug): "/public/\(slug)/protocol"
        case .directory(let slug): "/c/\(slug)/directory"
        case .directoryNew(let slug): "/c/\(slug)/directory/new"
        case .directoryEntry(let slug, let id): "/c/\(slug)/directory/\(id)"
        case .directoryEntryEdit(let slug, let id): "/c/\(slug)/directory/\(id)/edit"
        case .directoryEntryDelete(let slug, let id): "/c/\(slug)/directory/\(id)/delete"
        case .directoryEntryVerify(let slug, let id): "/c/\(slug)/directory/\(id)/verify"
        case .directoryImport(let slug): "/c/\(slug)/directory/import"
        case .directoryExport(let slug, let format): "/c/\(slug)/directory/export/\(format)"
        case .publicDirectory(let slug): "/public/\(slug)/directory"
        case .helpPageEdit(let slug): "/c/\(slug)/help-page"
        case .cases(let slug): "/c/\(slug)/cases"
        case .caseNew(let slug): "/c/\(slug)/cases/new"
        case .needsMe(let slug): "/c/\(slug)/needs-me"
        case .caseClaim(let slug, let token): "/c/\(slug)/cases/claim/\(token)"
        case .casePage(let slug, let id, let page): "/c/\(slug)/cases/\(id)" + page.suffix
        case .mediate(let token): "/mediate/\(token)"
        case .mediation: "/mediation"
        case .assembly(let slug): "/c/\(slug)/assembly"
        case .skills(let slug): "/c/\(slug)/skills"
        case .skillRemove(let slug, let id): "/c/\(slug)/skills/\(id)/remove"
        case .skillOffer(let slug, let id): "/c/\(slug)/skills/offers/\(id)"
        case .skillsNamed(let slug): "/c/\(slug)/skills/named"
        case .skillRetire(let slug, let id): "/c/\(slug)/skills/\(id)/retire"
        case .skillsTraining(let slug): "/c/\(slug)/skills/training"
        case .assemblyItems(let slug): "/c/\(slug)/assembly/items"
        case .assemblyMeetings(let slug): "/c/\(slug)/assembly/meetings"
        case .assemblyMeeting(let slug, let id): "/c/\(slug)/assembly/meetings/\(id)"
        case .assemblyMinutes(let slug, let id): "/c/\(slug)/assembly/meetings/\(id)/minutes"
        case .assemblyItem(let slug, let id): "/c/\(slug)/assembly/items/\(id)"
        case .assemblyPosition(let slug, let id): "/c/\(slug)/assembly/items/\(id)/position"
        case .assemblySchedule(let slug, let id): "/c/\(slug)/assembly/items/\(id)/schedule"
        case .assemblyClose(let slug, let id): "/c/\(slug)/assembly/items/\(id)/close"
        case .activities(let slug, let page): "/c/\(slug)/activities" + page.path
        case .accountActivities: "/account/activities"
        case .lessons(let slug): "/c/\(slug)/lessons"
        case .lesson(let slug, let id): "/c/\(slug)/lessons/\(id)"
        case .lessonEdit(let slug, let id): "/c/\(slug)/lessons/\(id)/edit"
        case .lessonApprove(let slug, let id): "/c/\(slug)/lessons/\(id)/approve"
        case .lessonWithdraw(let slug, let id): "/c/\(slug)/lessons/\(id)/withdraw"
        case .practice(let slug): "/c/\(slug)/practice"
        case .practiceNew(let slug): "/c/\(slug)/practice/new"
        case .practiceScenario(let slug, let id): "/c/\(slug)/practice/\(id)"
        case .help(let language, let slug): (language == .es ? "/ayuda" : "/help") + (slug.map { "/\($0)" } ?? "")
        case .protocolAgreementReview(let slug): "/c/\(slug)/protocol/agreement/review"
        case .reflections(let slug): "/c/\(slug)/reflections"
        case .worried(let language, let slug): (language == .es ? "/preocupa" : "/worried") + (slug.map { "/\($0)" } ?? "")
        case .network(let slug, let page): "/c/\(slug)/network" + page.path
        case .peer(let page): page.path
        case .shared(let slug, let page): "/c/\(slug)/shared" + page.path
        case .publicCollective(let slug): "/public/\(slug)/collective"
        case .receivedAlerts(let slug, let page): "/c/\(slug)/alerts" + page.path
        }
    }

    /// The same address with route parameters in place of values, for registering the route.
    var pathComponents: [PathComponent] {
        path.split(separator: "/").map { PathComponent(stringLiteral: String($0)) }
    }

    // Route patterns, with each parameter's placeholder (`RouteParameter`).

    static let collectivePattern = SiteURL.collective(slug: .placeholder(.slug))
    static let collectiveLeavePattern = SiteURL.collectiveLeave(slug: .placeholder(.slug))
    static let collectiveSettingsPattern = SiteURL.collectiveSettings(slug: .placeholder(.slug))
    static let membersPattern = SiteURL.members(slug: .placeholder(.slug))
    static let memberRolePattern = SiteURL.memberRole(slug: .placeholder(.slug), membershipID: .placeholder(.membershipID))
    static let memberRemovePattern = SiteURL.memberRemove(slug: .placeholder(.slug), membershipID: .placeholder(.membershipID))
    static let memberRestoreKeyPattern = SiteURL.memberRestoreKey(
        slug: .placeholder(.slug), membershipID: .placeholder(.membershipID))
    static let invitesPattern = SiteURL.invites(slug: .placeholder(.slug))
    static let inviteRevokePattern = SiteURL.inviteRevoke(slug: .placeholder(.slug), inviteID: .placeholder(.inviteID))
    static let joinPattern = SiteURL.join(token: .placeholder(.token))

    static let protocolHomePattern = SiteURL.protocolHome(slug: .placeholder(.slug))
    static let protocolPrintPattern = SiteURL.protocolPrint(slug: .placeholder(.slug))
    static let protocolExportPattern = SiteURL.protocolExport(slug: .placeholder(.slug), format: .placeholder(.format))
    static let protocolVersionsPattern = SiteURL.protocolVersions(slug: .placeholder(.slug))
    static let protocolVersionPattern = SiteURL.protocolVersion(slug: .placeholder(.slug), number: .placeholder(.number))
    static let protocolDiffPattern = SiteURL.protocolDiff(slug: .placeholder(.slug))
    static let protocolDraftPattern = SiteURL.protocolDraft(slug: .placeholder(.slug))
    static let protocolDraftGeneralPattern = SiteURL.protocolDraftGeneral(slug: .placeholder(.slug))
    static let protocolDraftBlockPattern = SiteURL.protocolDraftBlock(slug: .placeholder(.slug), block: .placeholder(.block))
    static let protocolDraftAgreementPattern = SiteURL.protocolDraftAgreement(slug: .placeholder(.slug))
    static let protocolDraftHarmsPattern = SiteURL.protocolDraftHarms(slug: .placeholder(.slug))
    static let protocolDraftHarmPattern = SiteURL.protocolDraftHarm(slug: .placeholder(.slug), harm: .placeholder(.harm))
    static let protocolDraftStartPattern = SiteURL.protocolDraftStart(slug: .placeholder(.slug))
    static let protocolProposePattern = SiteURL.protocolPropose(slug: .placeholder(.slug))
    static let protocolDecisionPattern = SiteURL.protocolDecision(slug: .placeholder(.slug))
    static let protocolPublishPattern = SiteURL.protocolPublish(slug: .placeholder(.slug))
    static let protocolAgreementPattern = SiteURL.protocolAgreement(slug: .placeholder(.slug))
    static let protocolAcknowledgementsPattern = SiteURL.protocolAcknowledgements(slug: .placeholder(.slug))
    static let protocolConcernsPattern = SiteURL.protocolConcerns(slug: .placeholder(.slug))
    static let protocolConcernNewPattern = SiteURL.protocolConcernNew(slug: .placeholder(.slug))
    static let protocolConcernResolvePattern = SiteURL.protocolConcernResolve(
        slug: .placeholder(.slug), concernID: .placeholder(.concernID))
    static let publicProtocolPattern = SiteURL.publicProtocol(slug: .placeholder(.slug))

    static let directoryPattern = SiteURL.directory(slug: .placeholder(.slug))
    static let directoryNewPattern = SiteURL.directoryNew(slug: .placeholder(.slug))
    static let directoryEntryPattern = SiteURL.directoryEntry(slug: .placeholder(.slug), entryID: .placeholder(.entryID))
    static let directoryEntryEditPattern = SiteURL.directoryEntryEdit(slug: .placeholder(.slug), entryID: .placeholder(.entryID))
    static let directoryEntryDeletePattern = SiteURL.directoryEntryDelete(
        slug: .placeholder(.slug), entryID: .placeholder(.entryID))
    static let directoryEntryVerifyPattern = SiteURL.directoryEntryVerify(
        slug: .placeholder(.slug), entryID: .placeholder(.entryID))
    static let directoryImportPattern = SiteURL.directoryImport(slug: .placeholder(.slug))
    static let directoryExportPattern = SiteURL.directoryExport(slug: .placeholder(.slug), format: .placeholder(.format))
    static let publicDirectoryPattern = SiteURL.publicDirectory(slug: .placeholder(.slug))
    static let helpPageEditPattern = SiteURL.helpPageEdit(slug: .placeholder(.slug))

    static let casesPattern = SiteURL.cases(slug: .placeholder(.slug))
    static let caseNewPattern = SiteURL.caseNew(slug: .placeholder(.slug))
    static let needsMePattern = SiteURL.needsMe(slug: .placeholder(.slug))
    static let caseClaimPattern = SiteURL.caseClaim(slug: .placeholder(.slug), token: .placeholder(.token))
    static let skillsPattern = SiteURL.skills(slug: .placeholder(.slug))
    static let skillRemovePattern = SiteURL.skillRemove(slug: .placeholder(.slug), skillID: .placeholder(.itemID))
    static let skillOfferPattern = SiteURL.skillOffer(slug: .placeholder(.slug), listingID: .placeholder(.itemID))
    static let skillsNamedPattern = SiteURL.skillsNamed(slug: .placeholder(.slug))
    static let skillRetirePattern = SiteURL.skillRetire(slug: .placeholder(.slug), skillID: .placeholder(.itemID))
    static let skillsTrainingPattern = SiteURL.skillsTraining(slug: .placeholder(.slug))

    static func casePattern(_ page: CasePage) -> SiteURL {
        .casePage(slug: .placeholder(.slug), caseID: .placeholder(.caseID), page)
    }

    /// Pages that store nothing about their visitors: no cookie set, no session read or touched.
    static func isStoreless(_ path: String) -> Bool {
        path == "/favicon.ico"
            || ["/help", "/ayuda", "/worried", "/preocupa"].contains { path == $0 || path.hasPrefix($0 + "/") }
    }
}

extension RoutesBuilder {
    @discardableResult
    func get(_ url: SiteURL, use handler: @escaping @Sendable (Request) async throws -> Response) -> Route {
        self.get(url.pathComponents, use: handler)
    }

    @discardableResult
    func post(_ url: SiteURL, use handler: @escaping @Sendable (Request) async throws -> Response) -> Route {
        self.post(url.pathComponents, use: handler)
    }
}

/// The pages of one case, below `/c/SLUG/cases/ID`.
enum CasePage: Equatable {
    case home
    case draft
    case wishes
    case people
    /// Who in the collective is prepared and willing, for whoever chooses the case's people.
    case prepared
    case person(String)
    case personRemove(String)
    case personRestore(String)
    case claimLink
    case pod
    case podRemove(String)
    case entries
    case entryRedact(String)
    case classify
    case stage
    case tasks
    case taskDone(String)
    case safety
    case consents
    case consentRevoke(String)
    case log
    case assembly
    case proposal
    case proposalComment(String)
    case proposalAccept(String)
    case commitments
    case checkIn(String)
    case progressView
    case outcomes
    case care
    case mediators
    case mediatorRevoke(String)
    case pause
    case resume
    case withdraw
    case delete
    /// A reflection once the case has ended (issue 17).
    case reflection
    /// Starting a lesson from the case (the survivor's side, once it has ended).
    case lesson
    /// Consent-given alerts to paired collectives (issue 18): the list and preparing one; one alert
    /// (its fields, to update); the second person's confirmation; taking it back.
    case alerts
    case alert(String)
    case alertConfirm(String)
    case alertRetract(String)
    /// Repeat-harm matching (issue 19): the case's entries and filing one; a care-team
    /// facilitator's vouch; withdrawing one entry; after a match (by the case's record in it), her
    /// agreement to put the care teams in touch, and a note to the other care team.
    case matching
    case matchingVouch
    case matchingWithdraw(String)
    case matchingAgree(String)
    case matchingNote(String)
    case matchingTakeBack(String)

    /// Every request a case answers, by method: the route list the boundary tests walk, and that
    /// the route inventory test holds the registered routes to. `item` stands for the row a page
    /// takes (`.placeholder(.itemID)` for the route itself).
    static func requests(item: String) -> [(HTTPMethod, CasePage)] {
        let gets: [CasePage] = [
            .home, .draft, .wishes, .people, .prepared, .personRemove(item), .classify, .safety, .consents, .log, .assembly,
            .withdraw,
            .delete, .proposal, .commitments, .mediators, .care, .reflection, .lesson, .alerts, .alert(item), .matching,
            .matchingAgree(item), .matchingNote(item), .matchingTakeBack(item),
        ]
        let posts: [CasePage] = [
            .draft, .wishes, .people, .person(item), .personRemove(item), .personRestore(item), .claimLink, .pod,
            .podRemove(item), .entries, .entryRedact(item), .classify, .stage, .tasks, .taskDone(item), .safety, .consents,
            .consentRevoke(item), .assembly, .pause, .resume, .withdraw, .delete, .proposal, .proposalComment(item),
            .proposalAccept(item), .commitments, .checkIn(item), .progressView, .outcomes, .care, .mediators,
            .mediatorRevoke(item), .reflection, .lesson, .alerts, .alert(item), .alertConfirm(item), .alertRetract(item),
            .matching, .matchingVouch, .matchingWithdraw(item), .matchingAgree(item), .matchingNote(item),
            .matchingTakeBack(item),
        ]
        return gets.map { (.GET, $0) } + posts.map { (.POST, $0) }
    }

    var suffix: String {
        switch self {
        case .home: ""
        case .draft: "/draft"
        case .wishes: "/wishes"
        case .people: "/people"
        case .prepared: "/prepared"
        case .person(let id): "/people/\(id)"
        case .personRemove(let id): "/people/\(id)/remove"
        case .personRestore(let id): "/people/\(id)/restore"
        case .claimLink: "/claim-link"
        case .pod: "/pod"
        case .podRemove(let id): "/pod/\(id)/remove"
        case .entries: "/entries"
        case .entryRedact(let id): "/entries/\(id)/redact"
        case .classify: "/classify"
        case .stage: "/stage"
        case .tasks: "/tasks"
        case .taskDone(let id): "/tasks/\(id)/done"
        case .safety: "/safety"
        case .consents: "/consents"
        case .consentRevoke(let id): "/consents/\(id)/revoke"
        case .log: "/log"
        case .assembly: "/assembly"
        case .proposal: "/proposal"
        case .proposalComment(let id): "/proposal/\(id)/comments"
        case .proposalAccept(let id): "/proposal/\(id)/accept"
        case .commitments: "/commitments"
        case .checkIn(let id): "/commitments/\(id)/check-in"
        case .progressView: "/progress-view"
        case .outcomes: "/outcomes"
        case .care: "/care"
        case .mediators: "/mediators"
        case .mediatorRevoke(let id): "/mediators/\(id)/revoke"
        case .pause: "/pause"
        case .resume: "/resume"
        case .withdraw: "/withdraw"
        case .delete: "/delete"
        case .reflection: "/reflection"
        case .lesson: "/lesson"
        case .alerts: "/alerts"
        case .alert(let id): "/alerts/\(id)"
        case .alertConfirm(let id): "/alerts/\(id)/confirm"
        case .alertRetract(let id): "/alerts/\(id)/retract"
        case .matching: "/matching"
        case .matchingVouch: "/matching/vouch"
        case .matchingWithdraw(let id): "/matching/\(id)/withdraw"
        case .matchingAgree(let id): "/matching/matches/\(id)/agree"
        case .matchingNote(let id): "/matching/matches/\(id)/note"
        case .matchingTakeBack(let id): "/matching/matches/\(id)/take-back"
        }
    }
}
