import Foundation
import TejidoCore

/// A directory entry as a card: everything a person needs before contacting a service, with the
/// safety questions answered honestly (yes / no / not known).
struct EntryCard {
    struct Safety {
        let question: String
        let answer: String
        let tone: String
    }

    let name: String
    let kind: String
    let description: String
    let place: String
    let languages: String
    let phone: String
    let phoneHref: String?
    let website: String
    let websiteHref: String?
    let address: String
    let hours: String
    let cost: String
    let accessibility: String
    let safety: [Safety]
    var verified: String
    let outOfDate: Bool
    let isPublic: Bool
    /// Whether the card says who may see it ("members only"): not for a connected collective's entry.
    var marksAudience = true
    let href: String?
    let editHref: String?
    /// Shared with connected collectives: marked on our own members' cards.
    var shared = false

    /// `forMembers`: who checked an entry is shown inside the collective only, never publicly,
    /// so a pseudonymous account is not tied to the care team in public. `staleMonths`: how long
    /// a check holds before the card says it is out of date.
    init(
        _ record: DirectoryEntryRecord, href: String?, editHref: String?, forMembers: Bool = false, now: Date,
        staleMonths: Int, _ p: PageContext
    ) {
        let entry = record.entry
        let language = p.language
        name = entry.name
        kind = DirectoryVocabulary.name(of: entry.kind, in: language)
        description = entry.description
        let reach = entry.reach == .local ? nil : p("directory_reach_\(entry.reach.rawValue)")
        place = ([entry.city, entry.region, entry.country].filter { !$0.isEmpty } + [reach].compactMap { $0 }).joined(
            separator: ", ")
        languages = entry.languages.map { LanguageNames.name(of: $0, in: language) }.joined(separator: ", ")
        phone = entry.phone
        let dialable = entry.phone.filter { $0.isNumber || $0 == "+" }
        phoneHref = dialable.count >= 3 ? "tel:\(dialable)" : nil
        website = entry.website
        websiteHref = DirectoryValidator.isWebAddress(entry.website) ? entry.website : nil
        address = entry.address
        hours = entry.hours
        cost = entry.cost
        accessibility = entry.accessibility
        let questions: [(String, SafetyAnswer, Bool)] = [
            ("may_involve_police", entry.safety.mayInvolvePolice, false),
            ("mandated_reporter", entry.safety.mandatedReporter, false),
            ("asks_immigration_status", entry.safety.asksImmigrationStatus, false),
            ("confidential", entry.safety.confidential, true),
        ]
        safety = questions.map { key, answer, yesIsGood in
            let tone = answer == .unknown ? "unknown" : ((answer == .yes) == yesIsGood ? "good" : "caution")
            return Safety(
                question: p("directory_safety_\(key)"), answer: p("directory_answer_\(answer.rawValue)"), tone: tone)
        }
        if let date = entry.lastVerified {
            let values = ["date": p.dates.day(date), "name": entry.verifiedBy]
            verified = p(entry.verifiedBy.isEmpty || !forMembers ? "directory_verified_on" : "directory_verified_on_by", values)
        } else {
            verified = p("directory_never_verified")
        }
        outOfDate = entry.isOutOfDate(now: now, months: staleMonths)
        isPublic = entry.isPublic
        self.href = href
        self.editHref = editHref
    }

    func html(_ p: PageContext) -> HTML {
        /// A detail shown only when the entry has it.
        func detail(_ key: String, _ value: String, _ shown: HTML? = nil, prose: Bool = false) -> HTML {
            guard !value.isEmpty else { return .empty }
            let body: HTML = shown ?? "\(value)"
            return "<dt>\(p(key))</dt><dd\(HTML.when(prose, " class=\"protocol-text\""))>\(body)</dd>\n"
        }
        let title: HTML = href.map { "<a href=\"\($0)\">\(name)</a>" } ?? "\(name)"
        let phoneShown: HTML = phoneHref.map { "<a href=\"\($0)\">\(phone)</a>" } ?? "\(phone)"
        let site: HTML =
            websiteHref.map {
                """
                <dt>\(p("directory_field_website"))</dt><dd><a href="\($0)" rel="noreferrer noopener nofollow">\(website)</a></dd>

                """
            } ?? .empty
        return """
            <article class="entry-card\(HTML.when(outOfDate, " out-of-date"))">
            <h3>\(title)</h3>
            <p class="entry-kind">\(kind)\(HTML.when(marksAudience && !isPublic, " <span class=\"tag\">\(p("directory_members_only"))</span>"))\
            \(HTML.when(shared, " <span class=\"tag\">\(p("directory_shared_tag"))</span>"))\
            \(HTML.when(outOfDate, " <span class=\"tag tag-stale\">\(p("directory_out_of_date"))</span>"))</p>
            \(HTML.when(!description.isEmpty, "<p class=\"protocol-text\">\(description)</p>\n"))<dl class="entry-details">
            \(detail("directory_field_place", place))\(detail("directory_field_languages", languages))\
            \(detail("directory_field_phone", phone, phoneShown))\(site)\
            \(detail("directory_field_address", address, prose: true))\(detail("directory_field_hours", hours))\
            \(detail("directory_field_cost", cost))\(detail("directory_field_accessibility", accessibility, prose: true))</dl>
            <ul class="safety-notes" aria-label="\(p("directory_safety_heading"))">
            \(HTML.each(safety) { "<li class=\"safety-\($0.tone)\">\($0.question) <strong>\($0.answer)</strong></li>\n" })</ul>
            <p class="hint">\(verified)\(HTML.when(editHref != nil, " · <a href=\"\(editHref ?? "")\">\(p("directory_edit"))</a>"))</p>
            </article>

            """
    }
}
