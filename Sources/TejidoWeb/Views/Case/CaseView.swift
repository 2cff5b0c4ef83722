import Foundation
import TejidoCore

/// The case page: wishes first, then where the case stands, its people, tasks and timeline, as
/// the reader's place in the case allows. `CaseView+HTML` writes it out.
struct CaseView {
    struct Wish {
        let label: String
        let detail: String?
    }
    struct Person {
        let name: String
        let role: String
        /// Set when they no longer belong to the collective.
        let note: String?
    }
    struct Link {
        let label: String
        let href: String
    }
    struct Entry {
        let id: String
        let author: String
        let kind: String
        let isRecord: Bool
        let visibility: String?
        let when: String
        let text: String?
        let correctsAnchor: String?
        let redacted: Bool
        let redactAction: String?
        let correctHref: String?
    }
    struct Task {
        let title: String
        let isCheckIn: Bool
        let assignee: String?
        let due: String?
        let done: Bool
        let doneAction: String?
    }
    struct Classified {
        /// Each harm named, with its level.
        let harms: [(harm: String, level: String)]
        let reason: String
        let version: Int
        let responses: [String]
    }

    let opened: String
    let stage: String
    let stageHint: String
    let isPaused: Bool
    let isEnded: Bool
    let role: String
    let wants: [Wish]
    let limits: [Wish]
    let ownWords: String?
    /// The survivor reads "in your own words"; everyone else, whose words they are.
    let ownWordsAreMine: Bool
    let narrative: String?
    /// The respondent never reads the survivor's wishes (`CaseReading.wishes`).
    let readsWishes: Bool
    let taskFormOpen: Bool
    let classification: Classified?
    let people: [Person]
    let links: [Link]
    let tasks: [Task]?
    let entries: [Entry]
    let form: FormState
    let entryAction: String
    let kinds: [Choice]
    /// Who may read a new task: the most private sensible choice first selected.
    let taskVisibilities: [Choice]
    let visibilities: [Choice]
    let correcting: String?
    let taskAction: String?
    let assignees: [Choice]
    let stageAction: String?
    let stages: [Choice]
    let pauseAction: String?
    let resumeAction: String?
    let keys: Keys

    /// Who holds the case's key: whether it is sealed to its people yet (for the survivor's side),
    /// a warning when the reader is its only one, and people whose access waits for someone.
    struct Keys {
        let status: String?
        let onlyReader: Bool
        let hasRecoveryCode: Bool
        let accountHref: String
        let restore: [(name: String, action: String)]
        let waiting: [String]

        var isEmpty: Bool { status == nil && !onlyReader && restore.isEmpty && waiting.isEmpty }
    }

    /// The reader's case page, from the unsealed case, the entries and tasks they may read (the
    /// service has already left out the rest), and the classification as described.
    /// `may` is the access policy for the reader in this case.
    static func build(
        _ file: CaseFile, me: CaseFile.Person, entries: [CaseService.Entry], tasks readable: [CaseService.Task]?,
        classified: Classified?, may: (AccessAction) -> Bool, now: Date, corrects: String?, hasRecoveryCode: Bool,
        links context: CaseLinks, form: FormState, _ t: PageContext
    ) -> CaseView {
        let dates = t.dates
        let reading = CaseReading(participant: me.id, me.participation)
        let wishes = reading.wishes(file.wishes)
        let wants = CaseWishes.Want.allCases.filter { wishes?.wants.contains($0) == true }.map {
            Wish(label: t("want_\($0.rawValue)"), detail: $0 == .keepAway ? wishes?.keepAwayFrom : nil)
        }
        let limits = CaseWishes.Limit.allCases.filter { wishes?.limits.contains($0) == true }.map {
            Wish(label: t("limit_\($0.rawValue)"), detail: $0 == .doNotTellNamed ? wishes?.doNotTell : nil)
        }
        let narrative = reading.narrative(file.disclosure)

        let shownPeople = Set(reading.people(file.activePeople.map(\.asRead)).map(\.id))
        let people = file.activePeople.filter { shownPeople.contains($0.id) }.map {
            Person(
                name: $0.name, role: t("case_role_\($0.role.rawValue)"),
                note: $0.inCollective
                    ? nil : t($0.role == .survivor ? "case_outside_collective_kept" : "case_outside_collective"))
        }

        var links = reading.offers(
            may: may, stage: file.stage,
            hasRespondent: file.activePeople.contains { $0.role == .respondent },
            mediatorAccessStands: file.consentStands(.leaveCollective, now: now)
        ).map { Link(label: t("case_link_\($0.rawValue)"), href: context.href($0.page)) }
        // Once the case has ended, anyone in it may say how it went (issue 17).
        if may(.reflectOnCase) { links.insert(Link(label: t("case_link_reflection"), href: context.href(.reflection)), at: 0) }
        // Alerts to paired collectives: the care team's, in the case (issue 18).
        if may(.viewCaseAlerts) { links.append(Link(label: t("case_link_alerts"), href: context.href(.alerts))) }
        // Repeat-harm matching: the survivor's side and the facilitators (issue 19).
        if may(.viewCaseMatching) { links.append(Link(label: t("case_link_matching"), href: context.href(.matching))) }

        let tasks = readable?.map { task in
            Task(
                title: task.body.title, isCheckIn: task.body.isCheckIn, assignee: task.assignee?.name,
                due: task.dueOn.map(dates.day), done: task.doneAt != nil,
                doneAction: task.doneAt == nil ? context.href(.taskDone(task.id.text)) : nil)
        }

        let mayRedact = may(.redactCaseEntry)
        let entries = entries.map { entry -> Entry in
            let body = entry.body
            let text = body.map { body in
                body.kind == .record ? recordText(t.words, body) : body.text
            }
            let author: String
            switch reading.writer(of: body, by: entry.author?.asRead) {
            case .person(let name): author = name
            case .role(let role): author = t("case_role_\(role.rawValue)")
            case .mediator(let name): author = t("mediator_author", ["name": name])
            case .assembly: author = t("case_author_assembly")
            case .someone: author = t("case_someone")
            }
            let mayAmend = body.map { reading.mayAmend($0, author: entry.author?.id) } ?? false
            return Entry(
                id: entry.id.text, author: author,
                kind: t("entry_kind_\(body?.kind.rawValue ?? "note")"), isRecord: body?.kind == .record,
                visibility: body.flatMap { reading.showsReaders(of: $0) ? t("visibility_\($0.visibility.rawValue)") : nil },
                when: dates.dayAndTime(entry.createdAt),
                text: text, correctsAnchor: body?.corrects.map { "#entry-\($0.text)" }, redacted: body == nil,
                redactAction: mayAmend && mayRedact ? context.href(.entryRedact(entry.id.text)) : nil,
                correctHref: mayAmend ? context.href(.home) + "?corrects=\(entry.id.text)#new-entry" : nil)
        }

        let chosenVisibility = form.values["visibility"] ?? EntryVisibility.defaultChoice(for: me.role).rawValue
        let chosenKind = form.values["kind"] ?? EntryKind.note.rawValue
        let mayMove = may(.moveCaseStage)
        let stageChoices = CaseStage.working.filter { file.stage.facilitatorMay(moveTo: $0) }
        let readers = file.readers
        let onlyReader = readers.count == 1 && readers.first?.id == me.id
        // Her own side reads how the case is sealed; the only reader, what losing her key would mean.
        var status: String?
        if reading.readsKeyStatus, !onlyReader || !file.isSealedToPeople {
            status = t(file.isSealedToPeople ? "case_keys_sealed" : "case_keys_not_yet", ["count": "\(readers.count)"])
            if readers.contains(where: { $0.role == .respondent }) { status! += " " + t("case_keys_respondent") }
        }
        let keys = Keys(
            status: status, onlyReader: onlyReader, hasRecoveryCode: hasRecoveryCode, accountHref: SiteURL.account.path,
            restore: may(.restoreCaseAccess)
                ? readers.filter { $0.needsRestoring && $0.id != me.id }.map {
                    ($0.name, context.href(.personRestore($0.id.text)))
                } : [],
            waiting: readers.filter(\.waitingForKey).map(\.name))
        return CaseView(
            opened: dates.day(file.record.openedAt), stage: t("stage_\(file.stage.rawValue)"),
            stageHint: t("stage_\(file.stage.rawValue)_hint"), isPaused: file.stage == .paused,
            isEnded: file.stage.hasEnded, role: t("case_role_\(me.role.rawValue)"), wants: wants, limits: limits,
            ownWords: wishes.flatMap { $0.ownWords.isEmpty ? nil : $0.ownWords }, ownWordsAreMine: reading.ownWordsAreMine,
            narrative: narrative,
            readsWishes: wishes != nil,
            taskFormOpen: ["title", "assignee", "due", "task_visibility"].contains { form.errors[$0] != nil },
            classification: reading.classification(file.classification) == nil ? nil : classified,
            people: people, links: links, tasks: tasks, entries: entries, form: form, entryAction: context.href(.entries),
            kinds: EntryKind.written.map {
                Choice(value: $0.rawValue, label: t("entry_kind_\($0.rawValue)"), selected: $0.rawValue == chosenKind)
            },
            taskVisibilities: TaskBody.choices(for: me.role).map {
                let chosen = form.values["task_visibility"] ?? EntryVisibility.defaultChoice(for: me.role).rawValue
                return Choice(value: $0.rawValue, label: t("visibility_\($0.rawValue)"), selected: $0.rawValue == chosen)
            },
            visibilities: EntryVisibility.choices(for: me.role).map {
                Choice(value: $0.rawValue, label: t("visibility_\($0.rawValue)"), selected: $0.rawValue == chosenVisibility)
            },
            correcting: corrects.flatMap { UUID(uuidString: $0)?.text }
                ?? form.values["corrects"].flatMap { $0.isEmpty ? nil : $0 },
            taskAction: tasks == nil ? nil : context.href(.tasks),
            assignees: file.activePeople.filter { $0.userID != nil && $0.role != .respondent }.map {
                Choice(value: $0.id.text, label: $0.name, selected: form.values["assignee"] == $0.id.text)
            },
            stageAction: mayMove ? context.href(.stage) : nil,
            stages: stageChoices.map {
                Choice(value: $0.rawValue, label: t("stage_\($0.rawValue)"), selected: form.values["stage"] == $0.rawValue)
            },
            pauseAction: may(.pauseCase) && file.stage.isOpen ? context.href(.pause) : nil,
            resumeAction: may(.pauseCase) && file.stage == .paused ? context.href(.resume) : nil,
            keys: keys)
    }

    /// A system record in the reader's language: stage names and roles translated.
    static func recordText(_ t: Words, _ body: EntryBody) -> String {
        var values = body.values ?? [:]
        for key in ["from", "to"] { if let stage = values[key] { values[key] = t("stage_\(stage)") } }
        if let role = values["role"] { values["role"] = t("case_role_\(role)") }
        if let scope = values["scope"] { values["scope"] = t("consent_scope_\(scope)") }
        if let outcome = values["outcome"] { values["outcome"] = t("assembly_outcome_\(outcome)") }
        if let kind = values["outcome_kind"] { values["outcome_kind"] = t("outcome_kind_\(kind)") }
        // Values stored as catalog keys, so each reader sees them in their own language.
        for key in ["wish", "manner"] { if let stored = values[key] { values[key] = t(stored) } }
        return t(body.text, values)
    }

    /// The classification in the reader's words: each harm and level by the protocol version it was
    /// made under, and the responses that protocol allows. Nil where the version does not name them.
    static func describe(
        _ classification: Classification, by document: ProtocolDocument, in language: Language, _ t: PageContext
    )
        -> Classified?
    {
        var harms: [(harm: String, level: String)] = []
        for choice in classification.harms {
            guard let harm = document.harmType(choice.harmType), let level = harm.level(choice.level) else { return nil }
            harms.append((harm.name.text(in: language), level.name.text(in: language)))
        }
        guard let rules = try? document.responses(for: classification.harms) else { return nil }
        let responses = rules.options.map { option in
            var label = ProtocolVocabulary.name(of: option.kind, in: t.language)
            if option.isRecommended { label += " — " + t("response_recommended") }
            if option.needsAssembly { label += " — " + t("response_needs_assembly") }
            return label
        }
        return Classified(
            harms: harms, reason: classification.reason, version: classification.protocolVersion, responses: responses)
    }
}
