import Foundation
import TejidoCore

/// Entries connected collectives shared, under our own results: each card says which collective
/// it comes from and when they last checked it, and the care team can copy it into our directory.
struct PeerDirectoryResults {
    struct Card {
        let card: EntryCard
        let source: String
        let copyAction: String?
    }

    let cards: [Card]
    let hasMore: Bool

    static func build(
        slug: String, records: [PeerDirectoryEntryRecord], names: [UUID: String], limit: Int, mayCopy: Bool, now: Date,
        staleMonths: Int, _ p: PageContext
    ) -> PeerDirectoryResults {
        let cards = records.prefix(limit).compactMap { record -> Card? in
            guard let entry = record.shared, let id = record.id else { return nil }
            var card = EntryCard(
                DirectoryEntryRecord(collectiveID: record.collectiveID, entry: entry, now: now), href: nil, editHref: nil,
                now: now, staleMonths: staleMonths, p)
            card.marksAudience = false
            card.verified =
                entry.lastVerified.map { p("peer_entry_checked_on", ["date": p.dates.day($0)]) } ?? p("peer_entry_never_checked")
            return Card(
                card: card, source: p("peer_entry_from", ["name": names[record.connectionID] ?? ""]),
                copyAction: mayCopy ? SiteURL.shared(slug: slug, .copyEntry(id.text)).path : nil)
        }
        return PeerDirectoryResults(cards: cards, hasMore: records.count > limit)
    }

    func html(_ p: PageContext) -> HTML {
        guard !cards.isEmpty else { return .empty }
        return """
            <section aria-labelledby="peer-results-h" class="peer-results">
            <h2 id="peer-results-h">\(p("peer_entries_heading"))</h2>
            <p class="hint">\(p("peer_entries_intro"))</p>
            \(HTML.each(cards) { card in
                """
                <div class="peer-entry">
                <p class="tag peer-source">\(card.source)</p>
                \(card.card.html(p))\
                \(HTML.when(card.copyAction != nil, HTML.buttonForm(p, action: card.copyAction ?? "", label: p("peer_entry_copy"), style: "button small secondary")))
                </div>

                """
            })\(HTML.when(hasMore, "<p class=\"hint\">\(p("peer_entries_more"))</p>\n"))</section>

            """
    }
}
