import Foundation
import TejidoCore
import Vapor

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
    struct Option {
        let value: String
        let label: String
        let selected: Bool
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
    let kinds: [Option]
    /// Who may read a new task: the most private sensible choice first selected.
    let taskVisibilities: [Option]
    let visibilities: [Option]
    let correcting: String?
    let taskAction: String?
    let assignees: [Option]
    let stageAction: String?
    let stages: [Option]
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

    static func render(
        _ req: Request, _ context: CaseContext, form: FormState = FormState(), status: HTTPStatus = .ok
    ) async throws -> Response {
        let view = try await build(req, context, form: form)
        return req.page(view.html(csrf: req.context.csrfToken, req.words), titleKey: "case_title", status: status)
    }

    static func build(_ req: Request, _ context: CaseContext, form: FormState) async throws -> CaseView {
        let file = context.file
        let me = context.me
        let t = req.words
        let dates = DateFormatting(language: req.context.language)
        let reading = context.reading
        let wishes = reading.wishes(file.wishes)
        let wants = CaseWishes.Want.allCases.filter { wishes?.wants.contains($0) == true }.map {
            Wish(label: t("want_\($0.rawValue)"), detail: $0 == .keepAway ? wishes?.keepAwayFrom : nil)
        }
        let limits = CaseWishes.Limit.allCases.filter { wishes?.limits.contains($0) == true }.map {
            Wish(label: t("limit_\($0.rawValue)"), detail: $0 == .doNotTellNamed ? wishes?.doNotTell : nil)
        }
        let narrative = reading.narrative(file.disclosure)

        var classified: Classified?
        if let classification = reading.classification(file.classification) {
            classified = try await describe(req, context, classification)
        }

        let shownPeople = Set(reading.people(file.activePeople.map(\.asRead)).map(\.id))
        let people = file.activePeople.filter { shownPeople.contains($0.id) }.map {
            Person(
                name: $0.name, role: t("case_role_\($0.role.rawValue)"),
                note: $0.inCollective
                    ? nil : t($0.role == .survivor ? "case_outside_collective_kept" : "case_outside_collective"))
        }

        let links = reading.offers(
            may: { req.may($0, in: context) }, stage: file.stage,
            hasRespondent: file.activePeople.contains { $0.role == .respondent },
            mediatorAccessStands: file.consentStands(.leaveCollective, now: req.now)
        ).map { Link(label: t("case_link_\($0.rawValue)"), href: context.href($0.page)) }

        let service = req.caseService
        var tasks: [Task]?
        if req.may(.manageCaseTasks, in: context) {
            tasks = try await service.tasks(file, for: me).map { task in
                Task(
                    title: task.body.title, isCheckIn: task.body.isCheckIn, assignee: task.assignee?.name,
                    due: task.dueOn.map(dates.day), done: task.doneAt != nil,
                    doneAction: task.doneAt == nil ? context.href(.taskDone(task.id.uuidString)) : nil)
            }
        }

        let mayRedact = req.may(.redactCaseEntry, in: context)
        let entries = try await service.entries(file, for: me).map { entry -> Entry in
            let body = entry.body
            let text = body.map { body in
                body.kind == .record ? recordText(t, body) : body.text
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
                id: entry.id.uuidString, author: author,
                kind: t("entry_kind_\(body?.kind.rawValue ?? "note")"), isRecord: body?.kind == .record,
                visibility: body.flatMap { reading.showsReaders(of: $0) ? t("visibility_\($0.visibility.rawValue)") : nil },
                when: dates.dayAndTime(entry.createdAt),
                text: text, correctsAnchor: body?.corrects.map { "#entry-\($0.uuidString)" }, redacted: body == nil,
                redactAction: mayAmend && mayRedact ? context.href(.entryRedact(entry.id.uuidString)) : nil,
                correctHref: mayAmend ? context.href(.home) + "?corrects=\(entry.id.uuidString)#new-entry" : nil)
        }

        let chosenVisibility = form.values["visibility"] ?? EntryVisibility.defaultChoice(for: me.role).rawValue
        let chosenKind = form.values["kind"] ?? EntryKind.note.rawValue
        let mayMove = req.may(.moveCaseStage, in: context)
        let stageChoices = CaseStage.working.filter { file.stage.facilitatorMay(moveTo: $0) }
        let readers = file.readers
        let onlyReader = readers.count == 1 && readers.first?.id == me.id
        // Her own side reads how the case is sealed; the only reader, what losing her key would mean.
        var status: String?
        if reading.readsKeyStatus, !onlyReader || !file.isSealedToPeople {
            status = t(file.isSealedToPeople ? "case_keys_sealed" : "case_keys_not_yet", ["count": "\(readers.count)"])
            if readers.contains(where: { $0.role == .respondent }) { status! += " " + t("case_keys_respondent") }
        }
        let hasCode = req.context.hasRecoveryCode
        let keys = Keys(
            status: status, onlyReader: onlyReader, hasRecoveryCode: hasCode, accountHref: SiteURL.account.path,
            restore: req.may(.restoreCaseAccess, in: context)
                ? readers.filter { $0.needsRestoring && $0.id != me.id }.map {
                    ($0.name, context.href(.personRestore($0.id.uuidString)))
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
            classification: classified,
            people: people, links: links, tasks: tasks, entries: entries, form: form, entryAction: context.href(.entries),
            kinds: EntryKind.written.map {
                Option(value: $0.rawValue, label: t("entry_kind_\($0.rawValue)"), selected: $0.rawValue == chosenKind)
            },
            taskVisibilities: TaskBody.choices(for: me.role).map {
                let chosen = form.values["task_visibility"] ?? EntryVisibility.defaultChoice(for: me.role).rawValue
                return Option(value: $0.rawValue, label: t("visibility_\($0.rawValue)"), selected: $0.rawValue == chosen)
            },
            visibilities: EntryVisibility.choices(for: me.role).map {
                Option(value: $0.rawValue, label: t("visibility_\($0.rawValue)"), selected: $0.rawValue == chosenVisibility)
            },
            correcting: req.query[String.self, at: "corrects"].flatMap { UUID(uuidString: $0)?.uuidString }
                ?? form.values["corrects"].flatMap { $0.isEmpty ? nil : $0 },
            taskAction: tasks == nil ? nil : context.href(.tasks),
            assignees: file.activePeople.filter { $0.userID != nil && $0.role != .respondent }.map {
                Option(value: $0.id.uuidString, label: $0.name, selected: form.values["assignee"] == $0.id.uuidString)
            },
            stageAction: mayMove ? context.href(.stage) : nil,
            stages: stageChoices.map {
                Option(value: $0.rawValue, label: t("stage_\($0.rawValue)"), selected: form.values["stage"] == $0.rawValue)
            },
            pauseAction: req.may(.pauseCase, in: context) && file.stage.isOpen ? context.href(.pause) : nil,
            resumeAction: req.may(.pauseCase, in: context) && file.stage == .paused ? context.href(.resume) : nil,
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

    static func describe(_ req: Request, _ context: CaseContext, _ classification: Classification) async throws -> Classified? {
        guard
            let version = try await ProtocolQueries(database: req.db, collectiveID: context.collective.requireID())
                .version(number: classification.protocolVersion)
        else { return nil }
        let document = try version.document()
        let language = req.protocolLanguage(for: document)
        var harms: [(harm: String, level: String)] = []
        for choice in classification.harms {
            guard let harm = document.harmType(choice.harmType), let level = harm.level(choice.level) else { return nil }
            harms.append((harm.name.text(in: language), level.name.text(in: language)))
        }
        guard let rules = try? document.responses(for: classification.harms) else { return nil }
        let responses = rules.options.map { option in
            var label = ProtocolVocabulary.name(of: option.kind, in: req.context.language)
            if option.isRecommended { label += " — " + req.t("response_recommended") }
            if option.needsAssembly { label += " — " + req.t("response_needs_assembly") }
            return label
        }
        return Classified(
            harms: harms, reason: classification.reason,
            version: classification.protocolVersion, responses: responses)
    }
}
