import TejidoCore
import Vapor

/// A case as one request sees it: the collective, the unsealed case, and the asker's place in it.
struct CaseContext {
    let collective: CollectiveRecord
    let file: CaseFile
    let me: CaseFile.Person
    let userID: UUID
    /// What the access policy knows of the case, worked out once per request.
    let facts: CaseFacts

    var slug: String { collective.slug }
    /// What the asker may see inside the case: decided in the domain, by their place in it.
    var reading: CaseReading { CaseReading(participant: me.id, me.participation) }
    var links: CaseLinks { CaseLinks(slug: collective.slug, caseID: file.id.text) }
    func url(_ page: CasePage) -> SiteURL { links.url(page) }
    func href(_ page: CasePage) -> String { links.href(page) }
}

extension Request {
    var caseStore: CaseStore {
        CaseStore(database: db, keys: services.keys, opener: context.opener, now: now, accessLog: services.accessLog)
    }
    var caseService: CaseService { CaseService(database: db, keys: services.keys, now: now, opener: context.opener) }

    /// Loads the case named in the address and asks the access policy whether the asker may do
    /// `action` to it. A case of another collective, a deleted one, one the asker is not in, and
    /// an id that never existed all answer the same 404. A view is logged as `viewed`.
    func caseContext(for action: AccessAction, logging kind: CaseAccessKind? = nil) async throws -> CaseContext {
        let collective = try await collectiveInAddress()
        let user = try requireUser()
        let caseID = try uuidParameter(.caseID)
        let file: CaseFile
        switch try await caseStore.find(caseID, in: collective.requireID()) {
        case .opened(let opened)?: file = opened
        case .closed(let box)?:
            // Someone without a key to the case: the survivor still reads that it was tried. (A
            // reader whose wrap was made for a key they no longer hold is told so on the page.)
            if let box {
                try await caseStore.log(
                    .refused, box: box, userID: user.id, at: now, detail: refusedDetail(action, caseID: caseID))
            }
            throw TejidoError.notFound
        case nil: throw TejidoError.notFound
        }
        let facts = file.facts(now: now)
        do {
            try authorize(action, .caseFile(facts))
        } catch {
            // The survivor reads what was tried, not only that something was.
            try await caseStore.log(
                .refused, vault: file.vault, userID: user.id, at: now, detail: refusedDetail(action, caseID: caseID))
            throw error
        }
        guard let me = file.person(userID: user.id) else { throw TejidoError.notFound }
        if let kind { try await caseStore.log(kind, vault: file.vault, userID: user.id, at: now) }
        return CaseContext(collective: collective, file: file, me: me, userID: user.id, facts: facts)
    }

    /// What a refused person tried, as the survivor will read it: opening a page of the case is
    /// named by that page (the act guarding a page is not always what the page is); anything else
    /// by the act.
    private func refusedDetail(_ action: AccessAction, caseID: UUID) -> String {
        let pages: Set<String> = [
            "wishes", "people", "prepared", "safety", "consents", "assembly", "classify", "log", "withdraw", "delete", "proposal",
            "lesson",
            "commitments", "mediators", "care", "alerts",
        ]
        let rest = url.path.components(separatedBy: "/cases/" + caseID.text).last ?? ""
        let page = rest.split(separator: "/").first.map(String.init) ?? ""
        if method == .GET {
            if page.isEmpty { return "log_tried:case_act_viewCase" }
            if pages.contains(page) { return "log_tried_page:case_link_\(page)" }
        }
        return "log_tried:case_act_\(action.rawValue)"
    }

    /// Whether the asker may also do `action` in this case (to offer only the links that work).
    func may(_ action: AccessAction, in context: CaseContext) -> Bool {
        AccessPolicy.decide(self.context.actor, action, .caseFile(context.facts)).isAllowed
    }

    /// The id of a row inside the case (a person, entry, task, consent, pod-map line).
    func itemID() throws -> UUID { try uuidParameter(.itemID) }
}

/// The wishes form, shared by the disclosure and the wishes page: one checkbox per wish.
enum WishesForm {
    static func read(_ form: [String: String]) -> CaseWishes {
        CaseWishes(
            wants: Set(CaseWishes.Want.allCases.filter { form["want_\($0.rawValue)"] == "1" }),
            limits: Set(CaseWishes.Limit.allCases.filter { form["limit_\($0.rawValue)"] == "1" }),
            keepAwayFrom: form["keep_away_from"] ?? "", doNotTell: form["do_not_tell"] ?? "",
            ownWords: form["own_words"] ?? "")
    }

    static func values(_ wishes: CaseWishes) -> [String: String] {
        var values = ["keep_away_from": wishes.keepAwayFrom, "do_not_tell": wishes.doNotTell, "own_words": wishes.ownWords]
        for want in wishes.wants { values["want_\(want.rawValue)"] = "1" }
        for limit in wishes.limits { values["limit_\(limit.rawValue)"] = "1" }
        return values
    }
}
