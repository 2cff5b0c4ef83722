import TejidoCore

/// The addresses of one case's pages, for a page builder that knows the case but not the request.
struct CaseLinks: Sendable {
    let slug: String
    let caseID: String

    func url(_ page: CasePage) -> SiteURL { .casePage(slug: slug, caseID: caseID, page) }
    func href(_ page: CasePage) -> String { url(page).path }
}

extension CaseReading.Offer {
    /// The page each link on the case page opens.
    var page: CasePage {
        switch self {
        case .wishes: .wishes
        case .people: .people
        case .safety: .safety
        case .consents: .consents
        case .assembly: .assembly
        case .proposal: .proposal
        case .mediators: .mediators
        case .care: .care
        case .commitments: .commitments
        case .classify: .classify
        case .log: .log
        case .withdraw: .withdraw
        case .delete: .delete
        case .lesson: .lesson
        }
    }
}
