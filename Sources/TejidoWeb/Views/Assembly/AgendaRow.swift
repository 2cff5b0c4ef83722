import TejidoCore

/// One agenda item in a list: what it is, where it stands, and the outcome once decided.
struct AgendaRow {
    let title: String
    let href: String
    let source: String
    let fromCase: Bool
    let isOpen: Bool
    let status: String
    let meeting: String?
    let outcome: String?
    let counts: String?

    static func rows(
        _ p: PageContext, slug: String, _ entries: [AgendaEntry], meetings: [AssemblyMeetingRecord]
    ) -> [AgendaRow] {
        entries.map { entry in
            AgendaRow(
                title: entry.reviewOf.map { p("assembly_review_title", ["number": "\($0)"]) }
                    ?? entry.protocolVersion.map { p("assembly_protocol_title", ["number": "\($0)"]) }
                    ?? entry.words?.title
                    ?? p(entry.locked ? "assembly_item_locked_title" : "assembly_item_withdrawn_title"),
                href: SiteURL.assemblyItem(slug: slug, itemID: entry.id.text).path,
                source: p("assembly_source_\(entry.source.rawValue)"), fromCase: entry.source == .caseFile,
                isOpen: entry.isOpen, status: status(p, entry),
                meeting: entry.record.meetingID.flatMap { id in meetings.first { $0.id == id }?.title },
                // "Withdrawn" is said once, as the status.
                outcome: entry.isWithdrawn ? nil : entry.decision.outcome.map { p("assembly_outcome_\($0.rawValue)") },
                counts: counts(p, entry))
        }
    }

    static func status(_ p: PageContext, _ entry: AgendaEntry) -> String {
        if entry.isOpen { return p("assembly_status_open") }
        if entry.isWithdrawn { return p("assembly_status_withdrawn") }
        return p("assembly_status_decided")
    }

    /// The counts of a closed decision in the words of its method.
    static func counts(_ p: PageContext, _ entry: AgendaEntry) -> String? {
        let decision = entry.decision
        guard decision.outcomeValue != nil, decision.agree != nil else { return nil }
        let values = countValues(
            agree: decision.agree ?? 0, no: decision.disagree ?? 0, abstain: decision.abstain ?? 0,
            concern: decision.concern ?? 0, block: decision.block ?? 0)
        if entry.wasRecorded {
            return p("decision_counts", values.merging(["disagree": values["no"] ?? "0"]) { a, _ in a })
                + " · " + p("assembly_recorded_elsewhere")
        }
        return p("assembly_counts_\(entry.method.rawValue)", values)
    }

    /// The counts as closing now would record them, in the words of the item's method.
    static func counts(_ p: PageContext, _ tally: Tally, method: AssemblySettings.Method) -> String {
        p(
            "assembly_counts_\(method.rawValue)",
            countValues(
                agree: tally.count(.agree) + tally.count(.yes), no: tally.count(.no), abstain: tally.count(.abstain),
                concern: tally.count(.concern), block: tally.count(.block)))
    }

    private static func countValues(agree: Int, no: Int, abstain: Int, concern: Int, block: Int) -> [String: String] {
        ["agree": "\(agree)", "no": "\(no)", "abstain": "\(abstain)", "concern": "\(concern)", "block": "\(block)"]
    }
}

extension AgendaRow {
    /// An item in a list of decisions: its status and outcome, and the counts once closed.
    func decidedItem(_ p: PageContext, showingSource: Bool) -> HTML {
        """
        <li><a href="\(href)">\(title)</a>\(HTML.when(showingSource, " <span class=\"tag\">\(source)</span>")) \
        <strong>\(status)\(HTML.when(outcome != nil, " — \(outcome ?? "")"))</strong>\
        \(HTML.when(counts != nil, "<p class=\"hint\">\(counts ?? "")</p>"))</li>

        """
    }
}
