import Foundation
import TejidoCore

/// The respondent's commitments and check-ins, what the collective decided (outcomes), and the
/// forms to add each. The survivor's side sees the commitments as she chose: all, a count, or
/// nothing (`CaseReading.commitments`).
struct CommitmentsPage: PageView {
    struct Row {
        let id: String
        let title: String
        let kind: String
        let due: String?
        let state: String
        let missed: Bool
        let checkIns: [CheckInRow]
        let checkInAction: String?
        /// What went wrong with this commitment's check-in form, and the note typed in it.
        let error: String?
        let note: String
    }
    struct CheckInRow {
        let who: String
        let when: String
        let progress: String
        let note: String
    }
    struct Outcome {
        let kind: String
        let when: String
        let detail: String
        let spaces: String?
        let until: String?
        let returnPath: String?
        /// The assembly decision it rests on, by the item's title, where it rests on one.
        let decision: String?
    }
    /// What the page may offer: adding commitments, check-ins, the survivor's choice of view, outcomes.
    struct Acts {
        let add: Bool
        let checkIn: Bool
        let chooseView: Bool
        let recordOutcome: Bool
    }

    let backHref: String
    let proposalHref: String
    let shownAs: ProgressView
    let summary: String?
    let rows: [Row]
    let addAction: String?
    let viewAction: String?
    let viewChoices: [Choice]
    let form: FormState
    let outcomes: [Outcome]
    let outcomeAction: String?
    /// Open when the outcome form comes back with a problem, so its message is not hidden.
    let outcomeFormOpen: Bool
    let outcomeKinds: [Choice]
    /// Where to add a task, when a response the protocol reserves to the assembly cannot be applied
    /// because the person harmed keeps the case from the assembly.
    let assemblyBarred: String?
    let decisions: [Choice]

    static let outcomeFields = ["outcome_kind", "detail", "spaces", "until", "return_path", "assembly_item"]

    /// `rules`: what the protocol allows for the harm as classified. `adopted`: the assembly's
    /// adopted items raised from this case.
    static func build(
        commitments all: [CaseService.CommitmentRow], today: Date, chosen: ProgressView, reading: CaseReading,
        people: (UUID?) -> String?, outcomes recorded: [(outcome: CaseOutcome, at: Date)],
        adopted: [(id: UUID, words: AgendaText)],
        rules: ResponseRules?, wishes: CaseWishes, acts: Acts, links: CaseLinks, form: FormState, _ p: PageContext
    ) -> CommitmentsPage {
        let shownAs = reading.commitments(chosen)
        var summary: String?
        if shownAs == .summary {
            let states = all.map { $0.state(today: today) }
            summary = p(
                all.count == 1 ? "commitments_summary_one" : "commitments_summary",
                [
                    "total": "\(all.count)", "done": "\(states.filter { $0 == .done }.count)",
                    "open": "\(states.filter { $0 == .open }.count)", "missed": "\(states.filter { $0 == .missed }.count)",
                    "behind": "\(states.filter { $0 == .behind }.count)",
                ])
        }
        let rows: [Row] =
            shownAs != .all
            ? []
            : all.map { row in
                let state = row.state(today: today)
                return Row(
                    id: row.id.text, title: row.commitment.title,
                    kind: p("commitment_kind_\(row.commitment.kind.rawValue)"),
                    due: row.dueOn.map(p.dates.day), state: p("commitment_state_\(state.rawValue)"), missed: state == .missed,
                    checkIns: row.checkIns.map {
                        CheckInRow(
                            who: people($0.checkIn.author) ?? p("case_log_someone_gone"), when: p.dates.day($0.at),
                            progress: p("progress_\($0.checkIn.progress.rawValue)"), note: $0.checkIn.note)
                    },
                    checkInAction: acts.checkIn && row.doneAt == nil ? links.href(.checkIn(row.id.text)) : nil,
                    error: form.errors["checkin-\(row.id.text)"],
                    note: form.values["failed_row"] == row.id.text ? form.values["note"] ?? "" : "")
            }
        var outcomeKinds: [Choice] = []
        var assemblyBarred: String?
        if acts.recordOutcome {
            // Each kind says what the protocol makes of it, so nobody picks one that will be refused.
            let barred = wishes.limits.contains(.notToAssembly)
            outcomeKinds = CaseOutcome.Kind.allCases.map { kind in
                var label = p("outcome_kind_\(kind.rawValue)")
                if let response = kind.response {
                    if let rules, !rules.allowed.contains(response) {
                        label += " — " + p("outcome_not_allowed")
                    } else if rules?.needsAssembly.contains(response) == true {
                        label += " — " + p(barred ? "outcome_assembly_barred" : "response_needs_assembly")
                        if barred { assemblyBarred = links.href(.home) + "#tasks" }
                    }
                }
                return Choice(value: kind.rawValue, label: label, selected: form.values["outcome_kind"] == kind.rawValue)
            }
        }
        return CommitmentsPage(
            backHref: links.href(.home), proposalHref: links.href(.proposal), shownAs: shownAs, summary: summary, rows: rows,
            addAction: acts.add ? links.href(.commitments) : nil, viewAction: acts.chooseView ? links.href(.progressView) : nil,
            viewChoices: ProgressView.allCases.map {
                Choice(value: $0.rawValue, label: p("progress_view_\($0.rawValue)"), selected: $0 == chosen)
            }, form: form,
            outcomes: recorded.map { outcome, at in
                Outcome(
                    kind: p("outcome_kind_\(outcome.kind.rawValue)"), when: p.dates.day(at), detail: outcome.detail,
                    spaces: outcome.spaces.isEmpty ? nil : outcome.spaces, until: outcome.until.map(p.dates.day),
                    returnPath: outcome.returnPath.isEmpty ? nil : outcome.returnPath,
                    decision: outcome.assemblyItem.flatMap { item in adopted.first { $0.id == item }?.words.title })
            }, outcomeAction: acts.recordOutcome ? links.href(.outcomes) : nil,
            outcomeFormOpen: outcomeFields.contains { form.errors[$0] != nil }, outcomeKinds: outcomeKinds,
            assemblyBarred: assemblyBarred,
            decisions: acts.recordOutcome
                ? adopted.map { item in
                    let asks = item.words.asks.map { " — " + ProtocolVocabulary.name(of: $0, in: p.language) } ?? ""
                    return Choice(
                        value: item.id.text, label: item.words.title + asks,
                        selected: form.values["assembly_item"] == item.id.text)
                } : [])
    }
}
