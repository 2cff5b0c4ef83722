import Foundation
import TejidoCore

/// The draft: the latest saved version, its parts with their editors, and where adoption
/// stands — a proposal open, what still stops one, or the way to propose it.
struct ProtocolDraftPage: PageView {
    struct Part {
        let label: String
        let href: String
        let detail: String?
    }

    let number: Int
    let savedBy: String
    let saved: String
    let notice: String?
    let parts: [Part]
    let readiness: [String]
    let proposal: String?
    let canPropose: Bool
    let proposeAction: String
    let decisionHref: String?
    let versionHref: String
    let diffHref: String?
    let startHref: String

    /// What the page says on coming back from a save or a proposal.
    enum Notice {
        case saved(Int)
        case unchanged
        case proposed
    }

    /// `proposed` is the number of the version an open proposal puts forward, nil when none is open;
    /// `mayPropose` and `mayDecide` come from the access policy.
    static func build(
        slug: String, latest: ProtocolVersionRecord, author: String?, document: ProtocolDocument, notice: Notice?,
        proposed: Int?, adopted: Int?, mayPropose: Bool, mayDecide: Bool, _ p: PageContext
    ) -> ProtocolDraftPage {
        let language = p.language
        var parts = [
            Part(
                label: p("protocol_edit_general_heading"), href: SiteURL.protocolDraftGeneral(slug: slug).path,
                detail: document.languages.map { ProtocolVocabulary.languageName($0, in: language) }.joined(separator: ", "))
        ]
        for block in document.blocks {
            parts.append(
                Part(
                    label: ProtocolVocabulary.name(of: block.kind, in: language),
                    href: SiteURL.protocolDraftBlock(slug: slug, block: block.kind.rawValue).path,
                    detail: p("protocol_count_considerations", ["count": "\(block.considerations.count)"])))
        }
        parts.append(
            Part(
                label: ProtocolVocabulary.heading(.agreement, in: language),
                href: SiteURL.protocolDraftAgreement(slug: slug).path,
                detail: nil))
        parts.append(
            Part(
                label: ProtocolVocabulary.heading(.harmTypes, in: language), href: SiteURL.protocolDraftHarms(slug: slug).path,
                detail: document.harmTypes.map { $0.name.text(in: language, fallbacks: document.languages) }.joined(
                    separator: ", ")))
        let noticeText: String? =
            switch notice {
            case .saved(let number): p("protocol_saved_as", ["number": "\(number)"])
            case .unchanged: p("protocol_unchanged")
            case .proposed: p("protocol_proposed_notice")
            case nil: nil
            }
        let isOpen = proposed != nil
        return ProtocolDraftPage(
            number: latest.number, savedBy: author ?? p("former_member"), saved: p.dates.dayAndTime(latest.createdAt),
            notice: noticeText, parts: parts,
            readiness: ProtocolValidator.adoptionProblems(in: document).map { $0.message(in: language) },
            proposal: proposed.map { p("protocol_proposal_pending", ["number": "\($0)"]) },
            canPropose: !isOpen && adopted != latest.number && mayPropose,
            proposeAction: SiteURL.protocolPropose(slug: slug).path,
            decisionHref: isOpen && mayDecide ? SiteURL.protocolDecision(slug: slug).path : nil,
            versionHref: SiteURL.protocolVersion(slug: slug, number: "\(latest.number)").path,
            diffHref: adopted.map { SiteURL.protocolDiff(slug: slug).path + "?from=\($0)&to=\(latest.number)" },
            startHref: SiteURL.protocolDraftStart(slug: slug).path)
    }

    func html(_ p: PageContext) -> HTML {
        """
        <h1>\(p("protocol_draft_heading"))</h1>
        \(HTML.when(notice != nil, "<p class=\"notice\" role=\"status\">\(notice)</p>\n"))\
        <p>\(p("protocol_draft_latest")) <a href="\(versionHref)">\(number)</a> — \(saved), \(savedBy).\
        \(HTML.when(diffHref != nil, " <a href=\"\(diffHref)\">\(p("protocol_draft_compare"))</a>"))</p>
        <p class="hint">\(p("protocol_draft_intro"))</p>
        <h2>\(p("protocol_draft_parts"))</h2>
        <ul class="cards">
        \(HTML.each(parts) {
            "<li><a href=\"\($0.href)\">\($0.label)</a>\(HTML.when($0.detail != nil, "<p>\($0.detail)</p>"))</li>\n"
        })</ul>
        <section class="panel" aria-labelledby="adopt-h">
        <h2 id="adopt-h">\(p("protocol_adoption_heading"))</h2>
        \(adoption(p))</section>
        <p><a href="\(startHref)">\(p("protocol_start_link"))</a></p>

        """
    }

    private func adoption(_ p: PageContext) -> HTML {
        if let proposal {
            return """
                <p>\(proposal)</p>
                \(HTML.when(decisionHref != nil, """
                    <p><a class="button" href="\(decisionHref)">\(p("protocol_record_decision"))</a></p>
                    """))

                """
        }
        if !readiness.isEmpty {
            return """
                <p>\(p("protocol_not_ready"))</p>
                <ul>\(HTML.each(readiness) { "<li>\($0)</li>" })</ul>

                """
        }
        guard canPropose else { return "<p>\(p("protocol_nothing_to_propose"))</p>\n" }
        return """
            <p>\(p("protocol_propose_text"))</p>
            \(HTML.buttonForm(p, action: proposeAction, label: p("protocol_propose_submit"), hidden: [("version", "\(number)")]))

            """
    }
}
