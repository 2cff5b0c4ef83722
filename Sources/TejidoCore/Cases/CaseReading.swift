import Foundation

/// What one reader may see of a case, decided here and nowhere else. The access policy says which
/// pages and acts are open to someone; this says what is on them: whose wishes, which entries and
/// how their writers are named, which people, the proposal and its comments, how much of the
/// commitments, which links to offer. Pages render what this gives them and decide nothing.
///
/// `CaseReadingTests` walks every reader over a case holding every kind of content.
public struct CaseReading: Sendable {
    public enum Reader: Sendable, Equatable {
        /// Someone with a place in the case; `id` is the place, not the account.
        case participant(id: UUID, CaseParticipation)
        /// An outside mediator: only the entries the survivor's side chose, and never a name.
        case mediator(entryIDs: Set<UUID>)
    }

    /// Someone in the case as a reader may meet them.
    public struct Person: Sendable, Equatable {
        public let id: UUID
        public let role: CaseRole
        public let name: String

        public init(id: UUID, role: CaseRole, name: String) {
            self.id = id
            self.role = role
            self.name = name
        }
    }

    /// How an entry's writer is named to the reader.
    public enum Writer: Sendable, Equatable {
        case person(String)
        /// Only their part in the case.
        case role(CaseRole)
        /// An outside mediator, by the label the case knows them by.
        case mediator(String)
        /// A record the assembly's decision wrote.
        case assembly
        case someone
    }

    /// What is linked from the case page: the case's other pages and acts.
    public enum Offer: String, CaseIterable, Sendable {
        case wishes, people, safety, consents, assembly, proposal, mediators, care, commitments, classify, log, withdraw,
            delete, lesson
    }

    public let reader: Reader

    public init(_ reader: Reader) { self.reader = reader }

    public init(participant id: UUID, _ participation: CaseParticipation) {
        reader = .participant(id: id, participation)
    }

    var participation: CaseParticipation? {
        if case .participant(_, let participation) = reader { return participation }
        return nil
    }

    var placeID: UUID? {
        if case .participant(let id, _) = reader { return id }
        return nil
    }

    var role: CaseRole? { participation?.role }
    var isRespondent: Bool { role == .respondent }
    var isSurvivorSide: Bool { role?.isSurvivorSide == true }

    // MARK: The survivor's words

    /// Her wishes: what she wants, what must not happen, and her own words. The respondent never
    /// reads them (what is asked of him comes through the facilitators, in words chosen for him);
    /// a mediator reads only the entries shared.
    public func wishes(_ wishes: CaseWishes) -> CaseWishes? {
        guard let role, role != .respondent else { return nil }
        return wishes
    }

    /// Whether the own words are addressed to the reader as theirs ("in your own words").
    public var ownWordsAreMine: Bool { role == .survivor }

    /// The account of what happened, to the readers its writer chose.
    public func narrative(_ disclosure: Disclosure?) -> String? {
        guard let disclosure, !disclosure.narrative.isEmpty, let role,
            disclosure.visibility.isVisible(to: role, isAuthor: disclosure.writtenBy == placeID)
        else { return nil }
        return disclosure.narrative
    }

    /// How the harm was classified: for everyone in the case but the respondent.
    public func classification(_ classification: Classification?) -> Classification? {
        guard let role, role != .respondent else { return nil }
        return classification
    }

    // MARK: People

    /// The case's people as the reader sees them listed. The respondent meets those who work with
    /// him (facilitators, the pod) and never learns who supports the person harmed.
    public func people(_ people: [Person]) -> [Person] {
        guard let role else { return [] }
        guard role == .respondent else { return people }
        return people.filter { [.facilitator, .accountability, .respondent].contains($0.role) }
    }

    /// How an entry's writer is named. The respondent learns a supporter only as "a supporter";
    /// a mediator learns only each writer's part in the case.
    public func writer(of entry: EntryBody?, by author: Person?) -> Writer {
        if let author {
            if case .mediator = reader { return .role(author.role) }
            return isRespondent && author.role == .supporter ? .role(.supporter) : .person(author.name)
        }
        // A redacted entry (no body) still names its writer by the rules above, and nothing more.
        guard let entry else { return .someone }
        if entry.kind != .record, let mediator = entry.values?["by_mediator"] {
            if case .mediator = reader { return .someone }
            return .mediator(mediator)
        }
        return entry.kind == .record && Self.recordsByTheAssembly.contains(entry.text) ? .assembly : .someone
    }

    /// Records written by the assembly's decision rather than by anyone in the case.
    public static let recordsByTheAssembly: Set<String> = ["record_assembly_decided"]

    // MARK: The timeline

    /// Whether the reader reads one timeline entry: to the readers its writer chose, records of
    /// the respondent's progress only as the person harmed chose to follow them, and to a mediator
    /// only what was shared, never a record.
    public func reads(_ entry: EntryBody, id: UUID, author: UUID?, progress: ProgressView) -> Bool {
        switch reader {
        case .mediator(let shared):
            return shared.contains(id) && entry.kind != .record
        case .participant(let place, let participation):
            guard entry.visibility.isVisible(to: participation.role, isAuthor: author == place) else { return false }
            return entry.kind != .record || progress.shows(record: entry.text, to: participation.role)
        }
    }

    /// A line of the access log: all of them, but the survivor's side who chose to see nothing of
    /// the respondent's process sees none of its acts either.
    public func reads(act kind: CaseAccessKind, progress: ProgressView) -> Bool {
        guard let role else { return false }
        return progress.shows(act: kind, to: role)
    }

    /// Whether an entry shows who may read it. A record of the respondent's own act is shown to
    /// them without the label that would tell them it was kept from them.
    public func showsReaders(of entry: EntryBody) -> Bool { !(isRespondent && entry.kind == .record) }

    /// Whether the reader may take back or correct an entry: only their own words, never a record.
    public func mayAmend(_ entry: EntryBody, author: UUID?) -> Bool {
        placeID != nil && author == placeID && entry.kind != .record
    }

    /// A task, to its author, its assignee and the readers chosen for it.
    public func reads(_ task: TaskBody, author: UUID?, assignee: UUID?) -> Bool {
        guard let role else { return false }
        return task.isVisible(to: role, isAuthor: author == placeID, isAssignee: assignee != nil && assignee == placeID)
    }

    /// A referral to care, to the side of the case it was made for.
    public func reads(_ referral: CareReferral) -> Bool {
        guard let role else { return false }
        return referral.forWhom.isVisible(to: role)
    }

    // MARK: Accountability

    /// The respondent's proposal. The survivor's side reads it only when they ask to, so it never
    /// lands in front of her unbidden.
    public func readsProposal(asked: Bool) -> Bool {
        guard role != nil else { return false }
        return !isSurvivorSide || asked
    }

    /// Comments on the proposal are the pod's and the facilitators' working notes: never the
    /// survivor's side's.
    public var readsProposalComments: Bool { role != nil && !isSurvivorSide }

    /// How much of the commitments and their check-ins the reader sees: the survivor's side as she
    /// chose (all, a count, or nothing); everyone else who reads them, all.
    public func commitments(_ chosen: ProgressView) -> ProgressView {
        guard role != nil else { return .nothing }
        return isSurvivorSide ? chosen : .all
    }

    // MARK: The safety plan and keys

    /// Who reads the safety plan: whoever speaks for the survivor, and those she chose to show it
    /// to (never the respondent).
    public var readsSafetyPlan: Bool {
        guard let participation else { return false }
        return participation.speaksForSurvivor || (participation.seesSafetyPlan && participation.role != .respondent)
    }

    /// How the case is sealed, and who holds its key, is told to the survivor's side.
    public var readsKeyStatus: Bool { participation?.speaksForSurvivor == true }

    // MARK: What to offer

    /// The places someone may be added to the case in. The accountability pod works with the
    /// respondent, so it is offered only once he may be told; the respondent himself only while
    /// the policy lets the asker tell him.
    public static func rolesToAdd(limits: Set<CaseWishes.Limit>, mayTellRespondent: Bool) -> [CaseRole] {
        var roles: [CaseRole] = [.supporter, .facilitator]
        if !limits.contains(.doNotTellRespondent) { roles.append(.accountability) }
        if mayTellRespondent { roles.append(.respondent) }
        return roles
    }

    /// The case page's links, among those the access policy opens (`may`): the proposal and the
    /// commitments once someone is there to write them, withdrawing while the case can still be
    /// withdrawn, the mediators' page where one may be invited or still has access.
    public func offers(
        may: (AccessAction) -> Bool, stage: CaseStage, hasRespondent: Bool, mediatorAccessStands: Bool
    ) -> [Offer] {
        guard role != nil else { return [] }
        return Offer.allCases.filter { offer in
            switch offer {
            case .wishes: may(.editCaseWishes)
            case .people: may(.manageCasePeople)
            case .safety: may(.viewSafetyPlan)
            case .consents, .assembly: may(.viewCaseConsents)
            case .proposal, .commitments: may(.viewProposal) && hasRespondent
            case .mediators: may(.manageCaseConsents) && (may(.inviteMediator) || mediatorAccessStands)
            case .care: may(.viewCare)
            case .classify: may(.classifyCase)
            case .log: may(.viewCaseAccessLog)
            case .withdraw: may(.withdrawCase) && (stage.isOpen || stage == .paused)
            case .delete: may(.deleteCase)
            case .lesson: may(.startLesson)
            }
        }
    }
}
