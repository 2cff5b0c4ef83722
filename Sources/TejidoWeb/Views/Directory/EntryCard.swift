import Foundation
import TejidoCore
import Vapor

/// A directory entry as a card: everything a person needs before contacting a service, with the
/// safety questions answered honestly (yes / no / not known).
struct EntryCard: Encodable {
    struct Safety: Encodable {
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
    let verified: String
    let outOfDate: Bool
    let isPublic: Bool
    let href: String?
    let editHref: String?

    /// `forMembers`: who checked an entry is shown inside the collective only, never publicly,
    /// so a pseudonymous account is not tied to the care team in public.
    init(_ record: DirectoryEntryRecord, request req: Request, href: String?, editHref: String?, forMembers: Bool = false) {
        let entry = record.entry
        let language = req.context.language
        name = entry.name
        kind = DirectoryVocabulary.name(of: entry.kind, in: language)
        description = entry.description
        let reach = entry.reach == .local ? nil : req.t("directory_reach_\(entry.reach.rawValue)")
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
                question: req.t("directory_safety_\(key)"), answer: req.t("directory_answer_\(answer.rawValue)"), tone: tone)
        }
        let months = req.services.config.directoryStaleMonths
        if let date = entry.lastVerified {
            let values = ["date": DateFormatting(language: language).day(date), "name": entry.verifiedBy]
            verified = req.t(
                entry.verifiedBy.isEmpty || !forMembers ? "directory_verified_on" : "directory_verified_on_by", values)
        } else {
            verified = req.t("directory_never_verified")
        }
        outOfDate = entry.isOutOfDate(now: req.now, months: months)
        isPublic = entry.isPublic
        self.href = href
        self.editHref = editHref
    }
}

/// The search form's values, echoed back, and the choices it offers.
struct DirectorySearchForm: Encodable {
    struct Option: Encodable {
        let value: String
        let label: String
        let selected: Bool
    }

    let action: String
    let text: String
    let region: String
    let kinds: [Option]
    let languages: [Option]
    let noPolice: Bool
    let noImmigrationQuestions: Bool
    let isSearch: Bool

    static func read(_ req: Request) -> DirectorySearch {
        DirectorySearch(
            text: req.query[String.self, at: "q"] ?? "",
            kind: req.query[String.self, at: "kind"].flatMap(ResourceKind.init(rawValue:)),
            region: req.query[String.self, at: "region"] ?? "",
            language: req.query[String.self, at: "lang"].flatMap { $0.isEmpty ? nil : $0.lowercased() },
            noPolice: req.query[String.self, at: "nopolice"] == "1",
            noImmigrationQuestions: req.query[String.self, at: "noimm"] == "1", page: req.query[Int.self, at: "page"] ?? 1)
    }

    /// `offered`: the language codes the directory's entries use, each offered as a filter.
    init(_ search: DirectorySearch, action: String, request req: Request, offered: [String] = []) {
        self.action = action
        text = search.text
        region = search.region
        let language = req.context.language
        kinds =
            [Option(value: "", label: req.t("directory_any_kind"), selected: search.kind == nil)]
            + ResourceKind.allCases.map {
                Option(value: $0.rawValue, label: DirectoryVocabulary.name(of: $0, in: language), selected: search.kind == $0)
            }
        let codes = Array(Set(Language.allCases.map(\.rawValue) + offered + [search.language].compactMap { $0 }))
            .map { ($0, LanguageNames.name(of: $0, in: language)) }
            .sorted { $0.1.localizedCaseInsensitiveCompare($1.1) == .orderedAscending }
        languages =
            [Option(value: "", label: req.t("directory_any_language"), selected: search.language == nil)]
            + codes.map { Option(value: $0.0, label: $0.1, selected: search.language == $0.0) }
        noPolice = search.noPolice
        noImmigrationQuestions = search.noImmigrationQuestions
        isSearch =
            !search.text.isEmpty || search.kind != nil || !search.region.isEmpty || search.language != nil || search.noPolice
            || search.noImmigrationQuestions
    }

    /// The same search on another page.
    static func pageHref(_ action: String, _ search: DirectorySearch, page: Int) -> String {
        var items = [URLQueryItem(name: "q", value: search.text), URLQueryItem(name: "region", value: search.region)]
        if let kind = search.kind { items.append(URLQueryItem(name: "kind", value: kind.rawValue)) }
        if let language = search.language { items.append(URLQueryItem(name: "lang", value: language)) }
        if search.noPolice { items.append(URLQueryItem(name: "nopolice", value: "1")) }
        if search.noImmigrationQuestions { items.append(URLQueryItem(name: "noimm", value: "1")) }
        items.append(URLQueryItem(name: "page", value: "\(page)"))
        var components = URLComponents()
        components.queryItems = items
        return action + "?" + (components.percentEncodedQuery ?? "")
    }
}
